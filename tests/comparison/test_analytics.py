"""The comparison's arithmetic against small tables worked out by hand."""

import math

import pandas as pd
import pytest

from indicators.comparison import analytics


def figures(*rows):
    """rows: (city_id, year, value)."""
    return pd.DataFrame(rows, columns=["city_id", "year", "value"])


def test_summary_of_five_figures_gives_quartiles_by_linear_interpolation():
    summary = analytics.summarise(pd.Series([1.0, 2.0, 3.0, 4.0, 10.0]))
    assert summary == analytics.Summary(n=5, minimum=1.0, q1=2.0, median=3.0, q3=4.0, maximum=10.0)


def test_summary_of_four_figures_interpolates_between_them():
    # positions 0.75, 1.5, 2.25 of [2, 4, 6, 8]: 3.5, 5, 6.5
    summary = analytics.summarise(pd.Series([8.0, 2.0, 6.0, 4.0]))
    assert (summary.q1, summary.median, summary.q3) == (3.5, 5.0, 6.5)


def test_summary_of_no_peers_is_empty():
    assert analytics.summarise(pd.Series([], dtype=float)) == analytics.Summary(n=0)


def test_summary_of_one_peer_is_that_figure_everywhere():
    summary = analytics.summarise(pd.Series([7.5]))
    assert {summary.minimum, summary.q1, summary.median, summary.q3, summary.maximum} == {7.5}


def test_ties_share_the_best_rank_of_their_tie_where_higher_is_better():
    ranked = analytics.ranks(pd.Series([5.0, 9.0, 5.0, 1.0]), higher_is_better=True)
    assert ranked.tolist() == [2, 1, 2, 4]


def test_where_lower_is_better_the_smallest_figure_ranks_first():
    ranked = analytics.ranks(pd.Series([5.0, 9.0, 5.0, 1.0]), higher_is_better=False)
    assert ranked.tolist() == [2, 4, 2, 1]


def test_rank_of_the_home_city_counts_k_of_n():
    frame = figures(("gdansk", 2020, 3.0), ("gdynia", 2020, 2.0), ("sopot", 2020, 4.0))
    assert analytics.rank_of(frame, "gdansk", higher_is_better=False) == (2, 3)
    assert analytics.rank_of(frame, "gdansk", higher_is_better=True) == (2, 3)
    assert analytics.rank_of(frame, "sopot", higher_is_better=True) == (1, 3)


def test_home_city_alone_ranks_one_of_one():
    assert analytics.rank_of(figures(("gdansk", 2020, 3.0)), "gdansk", higher_is_better=True) == (1, 1)


def test_a_group_without_the_home_city_gives_no_rank_but_still_its_summary():
    frame = figures(("gdynia", 2020, 2.0), ("sopot", 2020, 4.0))
    assert analytics.rank_of(frame, "gdansk", higher_is_better=True) is None
    assert analytics.summarise(frame["value"]).median == 3.0


def test_an_indicator_without_a_good_direction_gives_no_rank():
    assert analytics.rank_of(figures(("gdansk", 2020, 3.0)), "gdansk", higher_is_better=None) is None


def test_the_chosen_year_wins_over_a_later_figure():
    frame = figures(("gdynia", 2018, 1.0), ("gdynia", 2020, 2.0), ("gdynia", 2021, 3.0))
    chosen = analytics.figures_for_year(frame, year=2020, window=2)
    assert chosen[["city_id", "year", "value", "off_year"]].values.tolist() == [["gdynia", 2020, 2.0, False]]


def test_a_missing_year_takes_the_nearest_figure_within_the_window_flagged():
    frame = figures(("gdynia", 2017, 1.0), ("gdynia", 2023, 3.0), ("sopot", 2019, 5.0), ("sopot", 2021, 6.0))
    chosen = analytics.figures_for_year(frame, year=2020, window=2).set_index("city_id")
    assert "gdynia" not in chosen.index  # 2017 and 2023 are three years away
    assert (chosen.loc["sopot", "year"], chosen.loc["sopot", "off_year"]) == (2021, True)  # the later of two


def test_a_wider_window_reaches_further_years():
    frame = figures(("gdynia", 2017, 1.0))
    assert analytics.figures_for_year(frame, year=2020, window=3)["year"].tolist() == [2017]


def test_no_figures_give_an_empty_choice():
    assert analytics.figures_for_year(figures(), year=2020, window=2).empty


def test_figures_of_another_edition_or_unit_are_left_out_and_counted():
    frame = figures(("a", 2020, 1.0), ("b", 2020, 2.0), ("c", 2020, 3.0), ("d", 2020, 4.0)).assign(
        edition=[2014, 2018, 2014, 2018], unit=["%", "%", "‰", "‰"]
    )
    kept, excluded = analytics.split_comparable(frame, edition=2014, unit="%")
    assert kept["city_id"].tolist() == ["a"]
    assert excluded == {analytics.EXCLUDED_OTHER_EDITION: 2, analytics.EXCLUDED_OTHER_UNIT: 1}


def test_comparable_figures_leave_no_note():
    frame = figures(("a", 2020, 1.0)).assign(edition=[2014], unit=["%"])
    assert analytics.split_comparable(frame, edition=2014, unit="%")[1] == {}


def test_unitarised_scores_run_from_zero_at_the_worst_to_one_at_the_best():
    values = pd.Series([2.0, 4.0, 10.0])
    assert analytics.unitarised(values, higher_is_better=True).tolist() == [0.0, 0.25, 1.0]
    assert analytics.unitarised(values, higher_is_better=False).tolist() == [1.0, 0.75, 0.0]


@pytest.mark.parametrize("values", [[3.0], [3.0, 3.0]])
def test_unitarised_scores_are_undefined_when_nothing_separates_the_cities(values):
    assert all(math.isnan(z) for z in analytics.unitarised(pd.Series(values), higher_is_better=True))


def test_theme_score_is_the_mean_z_times_100_with_its_backing_and_rank():
    z = pd.DataFrame(
        [
            ("gdansk", 1, 1.0),
            ("gdansk", 2, 0.5),
            ("gdansk", 3, float("nan")),
            ("gdynia", 1, 0.0),
            ("gdynia", 2, 1.0),
            ("gdynia", 3, 0.5),
            ("sopot", 1, 0.75),
        ],
        columns=["city_id", "indicator_id", "z"],
    )
    table = analytics.theme_scores(z)
    assert table["score"].to_dict() == {"gdansk": 75.0, "sopot": 75.0, "gdynia": 50.0}
    assert table["indicators"].to_dict() == {"gdansk": 2, "sopot": 1, "gdynia": 3}
    assert table["rank"].to_dict() == {"gdansk": 1, "sopot": 1, "gdynia": 3}


def test_theme_scores_of_no_figures_are_empty():
    empty = pd.DataFrame({"city_id": [], "indicator_id": [], "z": []})
    assert analytics.theme_scores(empty).empty
