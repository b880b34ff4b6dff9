"""The number module on its own: readings, what a file's cells show, and exact writing."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from indicators.models import IndicatorValue
from indicators.numbers import (
    STORED_PLACES,
    Figure,
    FileSigns,
    NumberError,
    NumberField,
    exact_text,
    fits_a_float,
    from_spreadsheet,
    read_api,
    read_typed,
)
from indicators.services import save_value
from indicators.year_entry import build_rows, save_rows


def test_the_stored_places_are_the_models():
    assert IndicatorValue._meta.get_field("value").decimal_places == STORED_PLACES


@pytest.mark.parametrize(
    ("language", "expected"), [("pl", Decimal("776.298")), ("de", Decimal("776.298")), ("en", None)]
)
def test_a_form_reads_its_languages_decimal_sign_and_refuses_the_other_one(language, expected):
    if expected is None:
        with pytest.raises(NumberError, match="776298"):
            read_typed("776,298", language)
    else:
        assert read_typed("776,298", language) == expected


def test_a_forms_refusal_says_how_to_type_each_reading_in_the_language():
    with translation.override("en"), pytest.raises(NumberError) as refused:
        read_typed("1.234", "pl")
    assert str(refused.value).endswith("Type 1234 or 1,234.")


def test_a_file_learns_the_signs_from_any_cell_of_the_column_before_reading():
    signs = FileSigns()
    for text in ("2,500", "1,088.78"):
        signs.learn(("S", 3), text, "C2")
    assert signs.read(("S", 3), "2,500") == Decimal(2500)


def test_a_column_with_its_own_evidence_is_not_overruled_by_the_file():
    signs = FileSigns()
    signs.learn(("S", 3), "12,5", "C2")
    signs.learn(("S", 4), "1,088.78", "D2")
    assert signs.read(("S", 3), "776,298") == Decimal("776.298")
    assert signs.read(("S", 4), "776,298") == Decimal(776298)


def test_ambiguous_cells_teach_nothing():
    signs = FileSigns()
    signs.learn(("S", 3), "776,298", "C2")
    with pytest.raises(NumberError):
        signs.read(("S", 3), "2,500")


def test_a_spreadsheet_float_loses_only_its_binary_noise():
    assert from_spreadsheet(0.1 + 0.2) == Decimal("0.3")
    assert from_spreadsheet(0.125, percent=True) == Decimal("12.5")


@pytest.mark.parametrize("data", [True, "1,5", "1 234", "1e3", float("nan"), None])
def test_the_api_refuses_anything_but_a_plain_decimal_or_a_json_number(data):
    with pytest.raises(NumberError):
        read_api(data)


def test_the_api_takes_json_numbers_exactly_as_written():
    assert (read_api(4.35), read_api(12), read_api(" -1.5 ")) == (Decimal("4.35"), 12, Decimal("-1.5"))


@pytest.mark.parametrize(
    ("number", "places", "language", "expected"),
    [
        (Decimal("39.950000"), 1, None, "39.95"),
        (Decimal("5.100000"), 2, None, "5.10"),
        (Decimal("1E+3"), 0, None, "1000"),
        (Decimal("1234.500000"), 0, "pl", "1234,5"),
        (Decimal("-0.000001"), 2, "en", "-0.000001"),
    ],
)
def test_exact_text_keeps_every_stored_digit(number, places, language, expected):
    assert exact_text(number, min_places=places, language=language) == expected


def test_a_figure_is_its_exact_number_and_knows_the_places_to_show():
    figure = Figure(Decimal("39.950000"), 1)
    assert (str(figure), figure == Decimal("39.95"), figure.places) == ("39.95", True, 1)


def test_a_spreadsheet_number_holds_fifteen_digits_not_twenty():
    assert fits_a_float(Decimal("1234567890.12345"))
    assert not fits_a_float(Decimal("12345678901234.123456"))


def test_a_form_field_shows_a_stored_figure_as_the_language_types_it():
    field = NumberField(max_digits=20, decimal_places=6)
    with translation.override("pl"):
        assert field.prepare_value(Decimal("1.234000")) == "1,234"
    with translation.override("en"):
        assert field.prepare_value(Decimal("1.234000")) == "1.234"


def test_the_admin_form_shows_a_stored_figure_as_the_language_types_it(
    client, statistician, gdansk, indicator
):
    value, _ = save_value(city=gdansk, indicator=indicator, year=2019, value=Decimal("1.234"))
    client.force_login(statistician)
    page = client.get(reverse("admin:indicators_indicatorvalue_change", args=[value.pk])).text
    assert 'name="value" value="1,234"' in page


def test_saving_the_grid_unchanged_in_polish_keeps_a_figure_with_three_decimals(
    gdansk, indicator, statistician
):
    save_value(city=gdansk, indicator=indicator, year=2019, value=Decimal("1.234"))
    with translation.override("pl"):
        rows = build_rows(user=statistician, city=gdansk, year=2019, theme=indicator.theme)
        data = {}
        for row in rows:  # what the page sends back: the typed figure and what the row held when opened
            data[f"{row.prefix}-value"] = row.typed_value
            data.update({f"{row.prefix}-seen-{name}": text for name, text in row.seen.items()})
            data[f"{row.prefix}-seen-version"] = "" if row.seen_version is None else str(row.seen_version)
        save_rows(user=statistician, city=gdansk, year=2019, rows=rows, data=data)
        shown = next(row.typed_value for row in rows if row.stored is not None)
    assert [row.errors for row in rows if row.errors] == []
    assert read_typed(shown, "pl") == Decimal("1.234")
    assert IndicatorValue.objects.get().value == Decimal("1.234")


@pytest.mark.parametrize(
    ("text", "currency"),
    [
        ("$262,605,908,770", "$"),
        ("€ 1.234,50", "€"),
        ("12 500 zł", "zł"),
        ("PLN 1 000", "PLN"),
        ("1000 USD", "USD"),
    ],
)
def test_a_currency_amount_is_refused_saying_what_to_remove(text, currency, english):
    with pytest.raises(NumberError) as refused:
        read_typed(text, "en")
    assert f"remove “{currency}”" in str(refused.value)


def test_a_text_that_is_no_amount_either_is_simply_not_a_number(english):
    with pytest.raises(NumberError) as refused:
        read_typed("$abc", "en")
    assert "remove" not in str(refused.value)
