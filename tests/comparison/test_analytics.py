"""The comparison's arithmetic against small tables worked out by hand."""

from decimal import Decimal, localcontext

import pandas as pd
import pytest

from indicators.comparison import analytics


def decimals(*numbers):
    return pd.Series([Decimal(str(number)) for number in numbers], dtype=object)


def figures(*rows):
    """rows: (city_id, year, value)."""
    return pd.DataFrame(
        [(city, year, Decimal(str(value))) for city, year, value in rows],
        columns=["city_id", "year", "value"],
    )


def test_summary_of_five_figures_gives_quartiles_by_linear_interpolation():
    summary = analytics.summarise(decimals(1, 2, 3, 4, 10))
    assert summary == analytics.Summary(n=5, minimum=1.0, q1=2.0, median=3.0, q3=4.0, maximum=10.0)


def test_summary_of_four_figures_interpolates_between_them():
    # positions 0.75, 1.5, 2.25 of [2, 4, 6, 8]: 3.5, 5, 6.5
    summary = analytics.summarise(decimals(8, 2, 6, 4))
    assert (summary.q1, summary.median, summary.q3) == (3.5, 5.0, 6.5)


def test_summary_of_no_peers_is_empty():
    assert analytics.summarise(decimals()) == analytics.Summary(n=0)


def test_summary_of_one_peer_is_that_figure_everywhere():
    summary = analytics.summarise(decimals(7.5))
    assert {summary.minimum, summary.q1, summary.median, summary.q3, summary.maximum} == {7.5}


def test_ties_share_the_best_rank_of_their_tie_where_higher_is_better():
    ranked = analytics.ranks(decimals(5, 9, 5, 1), higher_is_better=True)
    assert ranked.tolist() == [2, 1, 2, 4]


def test_where_lower_is_better_the_smallest_figure_ranks_first():
    ranked = analytics.ranks(decimals(5, 9, 5, 1), higher_is_better=False)
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


def test_unitarised_scores_run_from_zero_at_the_worst_to_one_at_the_best():
    values = decimals(2, 4, 10)
    assert analytics.unitarised(values, higher_is_better=True).tolist() == [0, Decimal("0.25"), 1]
    assert analytics.unitarised(values, higher_is_better=False).tolist() == [1, Decimal("0.75"), 0]


@pytest.mark.parametrize("values", [[3], [3, 3]])
def test_unitarised_scores_are_undefined_when_nothing_separates_the_cities(values):
    assert analytics.unitarised(decimals(*values), higher_is_better=True).tolist() == [None] * len(values)


def test_theme_score_is_the_mean_z_times_100_with_its_backing_and_rank():
    z = pd.DataFrame(
        [
            ("gdansk", 1, Decimal(1)),
            ("gdansk", 2, Decimal("0.5")),
            ("gdansk", 3, None),
            ("gdynia", 1, Decimal(0)),
            ("gdynia", 2, Decimal(1)),
            ("gdynia", 3, Decimal("0.5")),
            ("sopot", 1, Decimal("0.75")),
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


def test_theme_scores_leave_out_cities_with_fewer_indicators_than_required():
    z = pd.DataFrame(
        [("gdansk", 1, Decimal(1)), ("gdansk", 2, Decimal(0)), ("lviv", 1, Decimal(1))],
        columns=["city_id", "indicator_id", "z"],
    )
    assert list(analytics.theme_scores(z, required=2).index) == ["gdansk"]


def test_quartiles_and_medians_are_exact_decimals():
    summary = analytics.summarise(decimals("2.65", "2.70", "84.59", "84.60"))
    assert (summary.q1, summary.median, summary.q3) == (
        Decimal("2.6875"),
        Decimal("43.645"),
        Decimal("84.5925"),
    )
    assert all(isinstance(number, Decimal) for number in (summary.q1, summary.median, summary.q3))


def test_a_median_between_two_figures_is_their_exact_mean():
    assert analytics.summarise(decimals("2.65", "2.70")).median == Decimal("2.675")
    assert analytics.summarise(decimals("84.59", "84.60")).median == Decimal("84.595")


def test_unitarised_scores_are_exact_decimals():
    z = analytics.unitarised(decimals("0.1", "0.2", "0.4"), higher_is_better=True)
    with localcontext(prec=analytics.PRECISION):
        assert z.tolist()[1] == Decimal(1) / Decimal(3)
    assert isinstance(z.tolist()[1], Decimal)
