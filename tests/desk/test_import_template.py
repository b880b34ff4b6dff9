"""The import template: numerator, denominator and explanation columns, a frozen header, readable widths,
and the statistical signs x . - offered in the value column (numbers still accepted)."""

import io
from decimal import Decimal

from openpyxl import load_workbook

from indicators.exporting import template_file
from indicators.importing import apply_import
from indicators.models import Indicator, IndicatorValue
from tests.indicators.import_helpers import plan_of


def opened(gdansk, year=2020):
    return load_workbook(io.BytesIO(template_file(gdansk, year))).active


def test_the_template_has_numerator_denominator_and_explanation_columns(gdansk):
    header = [cell.value for cell in next(opened(gdansk).iter_rows(max_row=1))]
    assert "Licznik / Numerator" in header
    assert "Mianownik / Denominator" in header
    assert "Wyjaśnienie / Explanation" in header


def test_the_template_freezes_its_header_and_codes_and_sets_widths(gdansk):
    sheet = opened(gdansk)
    assert sheet.freeze_panes == "C2"
    assert sheet.column_dimensions["C"].width >= 40


def test_the_value_column_offers_the_statistical_signs_without_refusing_numbers(gdansk):
    sheet = opened(gdansk)
    (validation,) = sheet.data_validations.dataValidation
    assert validation.type == "list"
    assert validation.formula1 == '"x,.,-"'
    assert not validation.showErrorMessage
    assert "G2" in str(validation.sqref)


def test_a_filled_template_imports_numerator_denominator_and_explanation(gdansk):
    workbook = load_workbook(io.BytesIO(template_file(gdansk, 2020)))
    sheet = workbook.active
    row = next(r for r in range(2, sheet.max_row + 1) if sheet[f"B{r}"].value == "10.1")
    header = [cell.value for cell in sheet[1]]
    column = {name: chr(ord("A") + index) for index, name in enumerate(header)}
    sheet[f"{column['Wartość / Value']}{row}"] = 250
    sheet[f"{column['Licznik / Numerator']}{row}"] = 1160
    sheet[f"{column['Mianownik / Denominator']}{row}"] = 464000
    sheet[f"{column['Wyjaśnienie / Explanation']}{row}"] = "nowa metoda liczenia"
    buffer = io.BytesIO()
    workbook.save(buffer)
    plan = plan_of(buffer.getvalue(), gdansk)
    assert plan.errors == []
    apply_import(plan)
    value = IndicatorValue.objects.get(indicator=Indicator.objects.get(edition=2014, code="10.1"))
    assert (value.numerator, value.denominator, value.review_note) == (
        Decimal(1160),
        Decimal(464000),
        "nowa metoda liczenia",
    )
