from decimal import Decimal

import pytest

from indicators.models import Indicator, IndicatorValue
from indicators.quality import blocking_problems, city_year_problems, value_warnings
from indicators.services import save_value


@pytest.fixture
def per_100k(catalogue):
    """A per-100 000 population indicator of the catalogue."""
    return Indicator.objects.filter(scale=100000, value_type="number").first()


def unsaved(indicator, city, year=2019, **fields):
    return IndicatorValue(indicator=indicator, city=city, year=year, **fields)


pytestmark = pytest.mark.usefixtures("english")  # messages are checked in English; the default is Polish


def test_out_of_range_is_blocking(gdansk, indicator):
    assert "above the highest" in blocking_problems(unsaved(indicator, gdansk, value=Decimal(120)))[0]


def test_text_in_a_numeric_indicator_is_blocking(gdansk, indicator):
    problems = blocking_problems(unsaved(indicator, gdansk, text_value="about five"))
    assert any("numeric indicator" in problem for problem in problems)


def test_numerator_and_denominator_disagreeing_with_the_value_is_blocking(gdansk, per_100k):
    value = unsaved(per_100k, gdansk, value=Decimal(50), numerator=Decimal(100), denominator=Decimal(470000))
    assert "disagrees" in blocking_problems(value)[0]


def test_a_valid_value_has_no_blocking_problem(gdansk, indicator):
    assert blocking_problems(unsaved(indicator, gdansk, value=Decimal("5.1"))) == []


def test_a_change_beyond_25_percent_from_last_year_warns(gdansk, indicator):
    save_value(city=gdansk, indicator=indicator, year=2018, value=Decimal(4))
    assert "+50.0 %" in value_warnings(unsaved(indicator, gdansk, value=Decimal(6)))[0]


def test_a_change_within_the_threshold_does_not_warn(gdansk, indicator):
    save_value(city=gdansk, indicator=indicator, year=2018, value=Decimal(4))
    assert value_warnings(unsaved(indicator, gdansk, value=Decimal(5))) == []


def test_the_threshold_is_set_per_indicator(gdansk, indicator):
    indicator.change_threshold = 60
    indicator.save()
    save_value(city=gdansk, indicator=indicator, year=2018, value=Decimal(4))
    assert value_warnings(unsaved(indicator, gdansk, value=Decimal(6))) == []


def test_a_value_far_from_the_city_median_warns(gdansk, indicator):
    for year, figure in zip(range(2010, 2016), ["5.0", "5.2", "4.9", "5.1", "5.3", "5.0"], strict=True):
        save_value(city=gdansk, indicator=indicator, year=year, value=Decimal(figure))
    warnings = value_warnings(unsaved(indicator, gdansk, value=Decimal(9)))
    assert any("median 5.05" in warning for warning in warnings)


def test_a_value_close_to_the_city_median_does_not_warn(gdansk, indicator):
    for year, figure in zip(range(2010, 2016), ["5.0", "5.2", "4.9", "5.1", "5.3", "5.0"], strict=True):
        save_value(city=gdansk, indicator=indicator, year=year, value=Decimal(figure))
    assert value_warnings(unsaved(indicator, gdansk, value=Decimal("5.2"))) == []


def test_a_per_100k_denominator_far_from_the_population_warns(gdansk, per_100k):
    population = Indicator.objects.get(code="PPL-01")
    save_value(city=gdansk, indicator=population, year=2019, value=Decimal(470907))
    value = unsaved(per_100k, gdansk, value=Decimal(25), numerator=Decimal(100), denominator=Decimal(400000))
    assert "470907" in value_warnings(value)[0]


def test_a_per_100k_denominator_matching_the_population_does_not_warn(gdansk, per_100k):
    population = Indicator.objects.get(code="PPL-01")
    save_value(city=gdansk, indicator=population, year=2019, value=Decimal(470907))
    value = unsaved(
        per_100k, gdansk, value=Decimal("21.24"), numerator=Decimal(100), denominator=Decimal(470907)
    )
    assert value_warnings(value) == []


def test_city_year_problems_lists_warnings_and_blocking_problems_in_few_queries(
    gdansk, indicator, django_assert_max_num_queries
):
    save_value(city=gdansk, indicator=indicator, year=2018, value=Decimal(4))
    save_value(city=gdansk, indicator=indicator, year=2019, value=Decimal(8))
    other = Indicator.objects.get(code="5.2")
    stored, _ = save_value(city=gdansk, indicator=other, year=2019, value=Decimal(10))
    IndicatorValue.objects.filter(pk=stored.pk).update(value=Decimal(-5))  # stored before a rule tightened
    with django_assert_max_num_queries(3):
        problems = city_year_problems(gdansk, 2019)
    assert [(p.value.indicator.code, p.blocking, p.check) for p in problems] == [
        ("5.1", False, "year_on_year"),
        ("5.2", True, "rule"),
    ]


@pytest.mark.parametrize("notes", ["brak danych", "GUS: Brak danych za 2019 r.", "no data", "keine Daten"])
def test_a_gus_dash_read_as_zero_whose_notes_say_no_data_warns(gdansk, indicator, notes, english):
    text = "Wskaźnik;Rok;Wartość;Uwagi\n5.1;2019;-;" + notes + "\n"
    from indicators.importing import apply_import, plan_import

    apply_import(plan_import(text.encode(), "gus.csv", default_city=gdansk))
    value = IndicatorValue.objects.get()
    assert value.value == 0
    assert any("no data" in warning.lower() or "dash" in warning for warning in value_warnings(value))


def test_a_zero_without_such_notes_does_not_warn_for_it(gdansk, indicator, english):
    value, _ = save_value(city=gdansk, indicator=indicator, year=2019, value=Decimal(0), notes="GUS BDL")
    assert not any("dash" in warning for warning in value_warnings(value))


@pytest.mark.parametrize(("earlier", "figure"), [("250", "2.5"), ("2.5", "250"), ("310", "2.9")])
def test_a_figure_about_100_times_off_its_own_earlier_years_warns(gdansk, english, earlier, figure):
    """A "per 1 000" figure typed into a "per 100 000" indicator: one earlier year is enough to see it."""
    per_100k = Indicator.objects.filter(edition=2014, scale=100000, max_value__isnull=True).first()
    save_value(city=gdansk, indicator=per_100k, year=2018, value=Decimal(earlier))
    value, _ = save_value(city=gdansk, indicator=per_100k, year=2019, value=Decimal(figure))
    assert any("100" in warning and "times" in warning for warning in value_warnings(value))


def test_an_ordinary_change_is_not_taken_for_a_scale_error(gdansk, english):
    per_100k = Indicator.objects.filter(edition=2014, scale=100000, max_value__isnull=True).first()
    save_value(city=gdansk, indicator=per_100k, year=2018, value=Decimal(250))
    value, _ = save_value(city=gdansk, indicator=per_100k, year=2019, value=Decimal(180))
    assert not any("times" in warning for warning in value_warnings(value))
