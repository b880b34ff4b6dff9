"""CSV files as statisticians save them: Polish Excel's semicolons and decimal commas, its Windows-1250
"CSV", CSV UTF-8 with a BOM, plain comma-separated text, and our own CSV export."""

from decimal import Decimal

import pytest

from indicators.exporting import export_file, values_for_export
from indicators.importing import BadFile, apply_import
from indicators.models import IndicatorValue
from indicators.services import save_value

from .import_helpers import error_texts, plan_of

pytestmark = pytest.mark.usefixtures("english")


def imported(text: str, city, encoding="utf-8-sig", name="dane.csv") -> dict:
    plan = plan_of(text.encode(encoding), city, name=name)
    assert plan.errors == []
    apply_import(plan)
    return {(value.indicator.code, value.year): value for value in IndicatorValue.objects.all()}


def test_a_csv_from_polish_excel_with_semicolons_and_decimal_commas_is_imported(gdansk):
    stored = imported("Wskaźnik;Rok;Wartość;Źródło\n5.1;2019;5,1;GUS\nPPL-01;2019;470 907;BDL\n", gdansk)
    assert stored["5.1", 2019].value == Decimal("5.1")
    assert stored["PPL-01", 2019].value == Decimal(470907)


def test_a_windows_1250_csv_keeps_its_polish_letters(gdansk):
    stored = imported(
        "Wskaźnik;Rok;Wartość;Źródło\n5.1;2019;5,1;Główny Urząd Statystyczny\n", gdansk, "cp1250"
    )
    assert stored["5.1", 2019].source == "Główny Urząd Statystyczny"


def test_a_comma_separated_csv_with_a_title_row_above_the_header_is_imported(gdansk):
    stored = imported(
        'Indicators of Gdańsk\nindicator,year,value,notes\n5.1,2019,5.1,"first, provisional"\n', gdansk
    )
    assert stored["5.1", 2019].notes == "first, provisional"


def test_a_wide_csv_with_years_across_is_imported(gdansk):
    stored = imported("Wskaźnik;Nazwa;2019;2020\n5.1;Stopa bezrobocia;5,1;6\n", gdansk)
    assert (stored["5.1", 2019].value, stored["5.1", 2020].value) == (Decimal("5.1"), Decimal(6))


def test_codes_in_a_csv_stay_text_so_16_10_is_not_16_1(gdansk):
    stored = imported("indicator;year;value\n16.10;2019;12\n", gdansk)
    assert list(stored) == [("16.10", 2019)]


def test_an_error_in_a_csv_points_at_the_file_and_the_cell(gdansk):
    plan = plan_of("Wskaźnik;Rok;Wartość\n5.1;2019;abc\n".encode(), gdansk, name="dane.csv")
    assert error_texts(plan) == ["'dane'!C2: “abc” is not a number."]


def test_a_binary_file_named_csv_is_refused_with_a_message(gdansk):
    with pytest.raises(BadFile, match="not a CSV text file"):
        plan_of(b"PK\x03\x04\x00\x00binary", gdansk, name="dane.csv")


def test_a_csv_without_a_header_is_refused_with_a_message(gdansk):
    with pytest.raises(BadFile, match="header"):
        plan_of(b"a;b\n1;2\n", gdansk, name="dane.csv")


def test_our_csv_export_imports_back_changing_nothing(gdansk, indicator):
    save_value(city=gdansk, indicator=indicator, year=2019, value=Decimal("5.10"), source="GUS, tabela 3")
    data = export_file("csv", values_for_export())
    plan = plan_of(data, gdansk, name="values.csv")
    assert plan.errors == []
    assert plan.counts == {"created": 0, "updated": 0, "unchanged": 1, "skipped": 0, "errors": 0}
