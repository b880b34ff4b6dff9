from decimal import Decimal

import pytest

from indicators.exporting import csv_dialect
from indicators.numbers import format_number


@pytest.mark.parametrize(
    ("language", "expected"),
    [("pl", "-1\u00a0234\u00a0567,46"), ("de", "-1\u00a0234\u00a0567,46"), ("en", "-1,234,567.46")],
)
def test_format_number_groups_thousands_and_rounds_per_language(language, expected):
    assert format_number(Decimal("-1234567.456"), 2, language) == expected


def test_csv_uses_semicolons_where_the_decimal_separator_is_a_comma():
    assert csv_dialect("de") == {"delimiter": ";"}
    assert csv_dialect("en") == {"delimiter": ","}
