"""Open SDG's progress method on exact figures: every threshold from both sides, with and without a target."""

from decimal import Decimal

import pytest

from indicators.progress.method import Goal, Method, Reason, Status, assess, growth, nth_root

D = Decimal
METHOD = Method()  # the issue's defaults: base 2015, one year at least, 1.5/0.5/0 and 0.95/0.6/0
TINY = D("1e-20")


def series(**by_year) -> dict[int, Decimal]:
    return {int(year[1:]): D(str(figure)) for year, figure in by_year.items()}


def rated(figures, *, higher_is_better=True, goal=None):
    return assess(figures, higher_is_better=higher_is_better, goal=goal, method=METHOD)


def test_a_root_that_exists_exactly_is_exact():
    assert nth_root(D("1.030225"), 2) == D("1.015")


def test_a_root_beyond_a_floats_range_is_found_all_the_same():
    assert (nth_root(D("1e400"), 4), nth_root(D("1e-400"), 4)) == (D("1e100"), D("1e-100"))


def test_growth_is_the_compound_annual_rate():
    assert growth(D(100), D("103.0225"), 2) == D("0.015")


def test_growth_to_zero_is_minus_one():
    assert growth(D(5), D(0), 3) == D(-1)


def test_the_rate_keeps_28_significant_digits():
    rate = growth(D(100), D(200), 7)  # 2^(1/7) − 1
    assert str(rate) == "0.104089513673812337649505388"


@pytest.mark.parametrize(
    ("latest", "status"),
    [
        (D("101.5"), Status.SUBSTANTIAL),  # exactly 1.5 %
        (D("101.5") - TINY, Status.MODERATE),
        (D("100.5"), Status.MODERATE),  # exactly 0.5 %
        (D("100.5") - TINY, Status.LIMITED),
        (D("100"), Status.LIMITED),  # exactly 0
        (D("100") - TINY, Status.DETERIORATION),
    ],
)
def test_without_a_target_each_rate_threshold_from_both_sides(latest, status):
    assert rated({2015: D(100), 2016: latest}).status == status


@pytest.mark.parametrize(
    ("latest", "status"),
    [
        (D("98.5"), Status.SUBSTANTIAL),  # a fall of exactly 1.5 % where lower is better
        (D("98.5") + TINY, Status.MODERATE),
        (D("99.5"), Status.MODERATE),
        (D("99.5") + TINY, Status.LIMITED),
        (D("100"), Status.LIMITED),
        (D("100") + TINY, Status.DETERIORATION),
    ],
)
def test_lower_is_better_negates_the_rate_at_each_threshold(latest, status):
    assert rated({2015: D(100), 2016: latest}, higher_is_better=False).status == status


def test_a_threshold_over_several_years_is_met_exactly():
    assert rated(series(y2015=100, y2017="103.0225")).status == Status.SUBSTANTIAL


def test_just_below_a_threshold_over_several_years_is_below_it():
    assert rated(series(y2015=100, y2017="103.0224")).status == Status.MODERATE


# With a target: needed rate from 100 to 200 in one year is 100 %, so the ratio is the observed rate.
GOAL = Goal(value=D(200), year=2016)


@pytest.mark.parametrize(
    ("latest", "status"),
    [
        (D(195), Status.SUBSTANTIAL),  # ratio exactly 0.95
        (D(195) - TINY, Status.MODERATE),
        (D(160), Status.MODERATE),  # exactly 0.6
        (D(160) - TINY, Status.LIMITED),
        (D(100), Status.LIMITED),  # exactly 0
        (D(100) - TINY, Status.DETERIORATION),
    ],
)
def test_with_a_target_each_ratio_threshold_from_both_sides(latest, status):
    assert rated({2015: D(100), 2016: latest}, goal=GOAL).status == status


def test_the_ratio_is_observed_over_needed_growth():
    result = rated({2015: D(100), 2016: D(160)}, goal=GOAL)
    assert (result.rate, result.required_rate, result.ratio) == (D("0.6"), D(1), D("0.6"))


def test_with_a_target_lower_is_better_uses_the_same_ratio():
    goal = Goal(value=D(50), year=2016)  # a fall of 50 % needed
    assert rated({2015: D(100), 2016: D("52.5")}, higher_is_better=False, goal=goal).status == (
        Status.SUBSTANTIAL  # a fall of 47.5 %: ratio 0.95
    )


def test_just_short_of_the_lower_target_ratio_is_moderate():
    goal = Goal(value=D(50), year=2016)
    result = rated({2015: D(100), 2016: D("52.5") + TINY}, higher_is_better=False, goal=goal)
    assert result.status == Status.MODERATE


def test_a_target_reached_exactly_is_achieved():
    assert rated({2015: D(100), 2016: D(200)}, goal=GOAL).status == Status.ACHIEVED


def test_a_target_passed_in_the_desired_direction_is_achieved():
    goal = Goal(value=D(80), year=2030)
    assert rated(series(y2015=100, y2020=79), higher_is_better=False, goal=goal).status == Status.ACHIEVED


def test_a_target_passed_the_wrong_way_is_not_achieved():
    goal = Goal(value=D(80), year=2030)
    assert rated(series(y2015=100, y2020=79), goal=goal).status != Status.ACHIEVED


def test_a_base_already_past_the_target_that_slipped_behind_it_is_deterioration():
    goal = Goal(value=D(90), year=2030)
    assert rated(series(y2015=100, y2020=85), goal=goal).status == Status.DETERIORATION


def test_a_missing_base_year_takes_the_first_later_year():
    result = rated(series(y2012=1, y2017=100, y2018="101.5"))
    assert (result.base_year, result.base, result.status) == (2017, D(100), Status.SUBSTANTIAL)


def test_a_targets_own_base_year_is_used():
    goal = Goal(value=D(300), year=2030, base_year=2018)
    result = rated(series(y2015=1, y2018=100, y2019=110), goal=goal)
    assert (result.base_year, result.base) == (2018, D(100))


def test_gaps_in_between_are_skipped_not_filled():
    result = rated(series(y2015=100, y2019="103.0225"))  # 2016–2018 have no figure; the span is four years
    assert (result.latest_year, result.rate) == (2019, growth(D(100), D("103.0225"), 4))


def test_a_zero_base_has_no_status_and_says_why():
    result = rated(series(y2015=0, y2020=5))
    assert (result.status, result.reason) == (Status.INSUFFICIENT, Reason.ZERO_BASE)


def test_a_sign_change_has_no_status_and_says_why():
    result = rated(series(y2015=-2, y2020=5))
    assert (result.status, result.reason) == (Status.INSUFFICIENT, Reason.SIGN_CHANGE)


def test_one_figure_has_no_status_and_says_why():
    result = rated(series(y2012=5, y2019=5))
    assert (result.status, result.reason) == (Status.INSUFFICIENT, Reason.ONE_FIGURE)


def test_no_figure_since_the_base_year_has_no_status():
    assert rated(series(y2010=5)).reason == Reason.NO_FIGURE


def test_an_indicator_without_direction_has_no_status_and_says_why():
    result = rated(series(y2015=1, y2016=2), higher_is_better=None)
    assert (result.status, result.reason) == (Status.INSUFFICIENT, Reason.NO_DIRECTION)


def test_figures_below_zero_have_no_status():
    assert rated(series(y2015=-5, y2016=-4)).reason == Reason.NEGATIVE


def test_a_target_below_zero_from_a_positive_base_is_a_sign_change():
    goal = Goal(value=D(-1), year=2030)
    assert rated(series(y2015=5, y2016=4), higher_is_better=False, goal=goal).reason == Reason.SIGN_CHANGE


def test_a_target_year_not_after_the_base_year_says_why():
    goal = Goal(value=D(200), year=2017)
    result = rated(series(y2018=100, y2019=110), goal=goal)
    assert (result.status, result.reason) == (Status.INSUFFICIENT, Reason.TARGET_YEAR)


def test_the_minimum_span_is_a_setting():
    figures = series(y2015=100, y2016=110)
    assert assess(figures, higher_is_better=True, method=Method(min_span=2)).reason == Reason.SHORT_SPAN


def test_the_base_year_is_a_setting():
    figures = series(y2015=1, y2016=100, y2017=110)
    assert assess(figures, higher_is_better=True, method=Method(base_year=2016)).base == D(100)


def test_the_settings_give_the_issues_defaults(settings):
    assert Method.from_settings() == Method()


def test_changed_threshold_settings_are_used(settings):
    settings.PROGRESS_THRESHOLDS = {"rate": ("0.02", "0.01", "0")}
    assert Method.from_settings().rate_thresholds == (D("0.02"), D("0.01"), D(0))
