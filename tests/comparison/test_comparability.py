"""The one rule of comparability (comparability.comparable_figures) against tables worked out by hand."""

from types import SimpleNamespace

import pandas as pd

from indicators.comparison import comparability
from indicators.comparison.comparability import Pick

INDICATOR = 7


def figures(*rows, own=INDICATOR):
    """rows: (city_id, year); every figure published for `own` and compared as INDICATOR."""
    return pd.DataFrame(
        [(INDICATOR, own, city, year) for city, year in rows],
        columns=["indicator_id", "own_indicator_id", "city_id", "year"],
    )


def chosen(frame, year, window=2, pick=Pick.NEAREST):
    return comparability.comparable_figures(frame, targets=year, window=window, pick=pick)


def test_the_chosen_year_wins_over_a_later_figure():
    frame, _ = chosen(figures(("gdynia", 2018), ("gdynia", 2020), ("gdynia", 2021)), 2020)
    assert frame[["city_id", "year", "off_year"]].values.tolist() == [["gdynia", 2020, False]]


def test_a_missing_year_takes_the_nearest_figure_within_the_window_flagged():
    frame, _ = chosen(figures(("gdynia", 2017), ("gdynia", 2023), ("sopot", 2019), ("sopot", 2021)), 2020)
    frame = frame.set_index("city_id")
    assert "gdynia" not in frame.index  # 2017 and 2023 are three years away
    assert (frame.loc["sopot", "year"], frame.loc["sopot", "off_year"]) == (2021, True)  # the later of two


def test_a_wider_window_reaches_further_years():
    assert chosen(figures(("gdynia", 2017)), 2020, window=3)[0]["year"].tolist() == [2017]


def test_the_same_year_only_is_a_window_of_none():
    assert chosen(figures(("gdynia", 2019)), 2020, window=0)[0].empty


def test_by_default_each_city_gives_its_latest_figure_within_the_window():
    frame, _ = chosen(figures(("gdynia", 2019), ("gdynia", 2021), ("gdynia", 2023)), 2020, pick=Pick.LATEST)
    assert frame[["year", "off_year"]].values.tolist() == [[2021, True]]


def test_no_figures_give_an_empty_choice():
    assert chosen(figures(), 2020)[0].empty


def test_figures_of_another_indicator_with_the_same_code_are_left_out_and_counted():
    frame = pd.concat([figures(("a", 2020)), figures(("b", 2020), ("c", 2020), own=8)])
    kept, excluded = chosen(frame, 2020)
    assert kept["city_id"].tolist() == ["a"]
    assert excluded == {comparability.OTHER_EDITION: 2}


def test_comparable_figures_leave_no_note():
    assert chosen(figures(("a", 2020)), 2020)[1] == {}


def test_each_indicator_is_compared_in_its_own_year():
    frame = pd.DataFrame(
        [(1, 1, "a", 2010), (1, 1, "a", 2020), (2, 2, "a", 2010), (2, 2, "a", 2020)],
        columns=["indicator_id", "own_indicator_id", "city_id", "year"],
    )
    kept, _ = comparability.comparable_figures(frame, targets=pd.Series({1: 2010, 2: 2020}), window=0)
    assert kept[["indicator_id", "year"]].values.tolist() == [[1, 2010], [2, 2020]]


def figure(year, indicator_id=INDICATOR, city_id=1):
    return SimpleNamespace(indicator_id=indicator_id, city_id=city_id, year=year)


def test_two_figures_years_apart_beyond_the_window_are_not_comparable(settings):
    settings.COMPARISON_YEAR_WINDOW = 2
    pairs = [(figure(2022), figure(2020, city_id=2)), (figure(2022), figure(2012, city_id=2))]
    assert comparability.comparable_pairs(pairs) == [True, False]


def test_figures_of_two_editions_or_a_missing_figure_are_not_comparable():
    pairs = [
        (figure(2020), figure(2020, indicator_id=8, city_id=2)),
        (figure(2020), None),
        (None, figure(2020)),
    ]
    assert comparability.comparable_pairs(pairs) == [False, False, False]
