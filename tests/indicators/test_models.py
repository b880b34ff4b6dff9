from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from indicators.models import Indicator, IndicatorValue


def create(**fields):
    with transaction.atomic():
        return IndicatorValue.objects.create(**fields)


def test_database_refuses_a_second_value_for_the_same_city_indicator_and_year(gdansk, indicator):
    create(city=gdansk, indicator=indicator, year=2019, value=Decimal("5.1"))
    with pytest.raises(IntegrityError):
        create(city=gdansk, indicator=indicator, year=2019, value=Decimal("6.0"))


@pytest.mark.parametrize("year", [1989, 2101])
def test_database_refuses_a_year_outside_its_range(gdansk, indicator, year):
    with pytest.raises(IntegrityError):
        create(city=gdansk, indicator=indicator, year=year, value=Decimal(1))


def test_database_refuses_both_a_number_and_a_text(gdansk, indicator):
    with pytest.raises(IntegrityError):
        create(city=gdansk, indicator=indicator, year=2019, value=Decimal(1), text_value="one")


def test_database_refuses_a_value_with_neither_number_nor_text(gdansk, indicator):
    with pytest.raises(IntegrityError):
        create(city=gdansk, indicator=indicator, year=2019)


def test_database_refuses_a_zero_denominator(gdansk, indicator):
    with pytest.raises(IntegrityError):
        create(city=gdansk, indicator=indicator, year=2019, value=Decimal(1), numerator=1, denominator=0)


def test_database_refuses_a_numerator_without_denominator(gdansk, indicator):
    with pytest.raises(IntegrityError):
        create(city=gdansk, indicator=indicator, year=2019, value=Decimal(1), numerator=1)


def test_database_refuses_an_unknown_status(gdansk, indicator):
    with pytest.raises(IntegrityError):
        create(city=gdansk, indicator=indicator, year=2019, value=Decimal(1), status="approved")


def test_database_refuses_a_duplicate_indicator_code_in_one_edition(catalogue):
    original = Indicator.objects.get(code="5.1")
    duplicate = Indicator(code="5.1", theme=original.theme, kind="core", name="copy")
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_database_refuses_a_profile_indicator_with_a_theme(catalogue):
    original = Indicator.objects.get(code="5.1")
    with pytest.raises(IntegrityError), transaction.atomic():
        Indicator(code="X-01", theme=original.theme, kind="profile", profile_group="people", name="x").save()


def test_validation_refuses_a_percentage_above_100(gdansk, indicator):
    value = IndicatorValue(city=gdansk, indicator=indicator, year=2019, value=Decimal("100.5"))
    with pytest.raises(ValidationError) as error:
        value.full_clean()
    assert "value" in error.value.message_dict


def test_validation_refuses_a_negative_rate(gdansk, catalogue):
    rate = Indicator.objects.get(code="14.2")  # homicides per 100 000
    value = IndicatorValue(city=gdansk, indicator=rate, year=2019, value=Decimal("-1"))
    with pytest.raises(ValidationError):
        value.full_clean()


def test_validation_refuses_text_for_a_numeric_indicator(gdansk, indicator):
    value = IndicatorValue(city=gdansk, indicator=indicator, year=2019, text_value="about five")
    with pytest.raises(ValidationError) as error:
        value.full_clean()
    assert "text_value" in error.value.message_dict


def test_validation_refuses_a_number_for_a_text_indicator(gdansk, catalogue):
    climate = Indicator.objects.get(code="GEO-02")
    value = IndicatorValue(city=gdansk, indicator=climate, year=2019, value=Decimal(3))
    with pytest.raises(ValidationError):
        value.full_clean()


def test_validation_accepts_text_for_a_text_indicator(gdansk, catalogue):
    climate = Indicator.objects.get(code="GEO-02")
    IndicatorValue(city=gdansk, indicator=climate, year=2019, text_value="temperate").full_clean()


def test_validation_refuses_a_year_two_years_ahead(gdansk, indicator):
    value = IndicatorValue(
        city=gdansk, indicator=indicator, year=timezone.localdate().year + 2, value=Decimal(5)
    )
    with pytest.raises(ValidationError) as error:
        value.full_clean()
    assert "year" in error.value.message_dict


def test_validation_accepts_next_year(gdansk, indicator):
    IndicatorValue(
        city=gdansk, indicator=indicator, year=timezone.localdate().year + 1, value=Decimal(5)
    ).full_clean()


def test_validation_refuses_a_value_that_disagrees_with_numerator_and_denominator(gdansk, indicator):
    value = IndicatorValue(
        city=gdansk, indicator=indicator, year=2019, value=Decimal("7.0"), numerator=50, denominator=1000
    )
    with translation.override("en"), pytest.raises(ValidationError) as error:
        value.full_clean()
    assert "numerator" in str(error.value)


def test_validation_accepts_a_value_rounded_from_numerator_and_denominator(gdansk, indicator):
    value = IndicatorValue(
        city=gdansk, indicator=indicator, year=2019, value=Decimal("3.3"), numerator=1, denominator=30
    )
    value.full_clean()


@pytest.mark.parametrize(("language", "shown"), [("pl", "1043,6"), ("de", "1043,6"), ("en", "1043.6")])
def test_a_figure_is_shown_to_people_with_the_decimal_sign_of_their_language(
    gdansk, catalogue, language, shown
):
    value = IndicatorValue(city=gdansk, indicator=Indicator.objects.get(edition=2014, code="19.1"), year=2021)
    value.value = Decimal("1043.6")
    with translation.override(language):
        assert value.display_value == shown


def test_a_refused_figure_is_named_in_the_decimal_sign_of_the_users_language(gdansk, indicator):
    value = IndicatorValue(city=gdansk, indicator=indicator, year=2021, value=Decimal("100.5"))
    with translation.override("pl"), pytest.raises(ValidationError) as refused:
        value.full_clean()
    assert "100,5" in " ".join(refused.value.messages)
