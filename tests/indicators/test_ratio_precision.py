"""Numerator ÷ denominator × scale must agree with the value to the precision the value is written with.

Worked out by hand for 16.2 (tonnes per capita, scale 1, three decimal places in the catalogue) with
numerator 6 789 t and denominator 100 000 residents: computed 0.06789 t per capita. Besides the
rounding of the value as written, 1 % of the computed figure is allowed (RATIO_TOLERANCE), 0.0006789.
"""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from indicators import services
from indicators.models import Indicator, IndicatorValue
from indicators.quality import blocking_problems
from indicators.services import save_value


@pytest.fixture
def waste(catalogue):
    return Indicator.objects.get(edition=2014, code="16.2")


def per_capita(city, indicator, figure, numerator="6789", denominator="100000"):
    return IndicatorValue(
        city=city,
        indicator=indicator,
        year=2019,
        value=Decimal(figure),
        numerator=Decimal(numerator),
        denominator=Decimal(denominator),
    )


@pytest.mark.parametrize(
    "figure",
    [
        "0.07",  # two decimals: 0.065 … 0.075 round to it; |0.07 − 0.06789| = 0.00211
        "0.070000",  # the same figure as read back from the database (six decimal places)
        "0.068",  # three decimals: |0.068 − 0.06789| = 0.00011 ≤ 0.0005
        "0.0679",  # four decimals: |0.0679 − 0.06789| = 0.00001 ≤ 0.00005
        "0.1",  # one decimal: 0.06789 rounds to 0.1 (|difference| 0.03211 ≤ 0.05)
    ],
)
def test_a_value_agrees_when_the_ratio_rounds_to_it_at_its_written_precision(gdansk, waste, figure):
    assert blocking_problems(per_capita(gdansk, waste, figure)) == []


@pytest.mark.parametrize(
    "figure",
    [
        "0.069",  # |0.069 − 0.06789| = 0.00111 > 0.0005 and > 1 % (0.0006789)
        "0.06",  # |0.06 − 0.06789| = 0.00789 > 0.005
        "0.2",  # |0.2 − 0.06789| = 0.13211 > 0.05
    ],
)
def test_a_value_disagrees_when_the_ratio_does_not_round_to_it(gdansk, waste, figure):
    assert blocking_problems(per_capita(gdansk, waste, figure))


def test_half_a_unit_of_the_last_written_decimal_still_agrees(gdansk, waste):
    # 7 500 / 100 000 = 0.075 lies exactly halfway between 0.07 and 0.08
    assert blocking_problems(per_capita(gdansk, waste, "0.07", numerator="7500")) == []


def test_just_over_half_a_unit_of_the_last_written_decimal_disagrees(gdansk, waste):
    # 7 510 / 100 000 = 0.0751: |0.07 − 0.0751| = 0.0051 > 0.005 and > 1 % (0.000751)
    assert blocking_problems(per_capita(gdansk, waste, "0.07", numerator="7510"))


def test_a_whole_number_is_precise_to_a_unit_not_to_its_trailing_zeros(gdansk, waste):
    # 100 is given to units: ±0.5 (1 % of 150 is 1.5), so 150 / 1 does not round to it
    assert blocking_problems(per_capita(gdansk, waste, "100", numerator="150", denominator="1"))


def test_a_value_taken_at_entry_is_still_taken_when_verified(gdansk, waste, statistician, reviewer):
    value, _ = save_value(
        user=statistician,
        city=gdansk,
        indicator=waste,
        year=2019,
        value=Decimal("0.07"),
        numerator=Decimal(6789),
        denominator=Decimal(100000),
    )
    value.refresh_from_db()
    try:
        verified = services.verify(user=reviewer, value=value)
    except ValidationError as error:
        pytest.fail(f"refused at verification: {error.messages}")
    assert verified.status == IndicatorValue.Status.VERIFIED
