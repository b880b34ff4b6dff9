"""Values out as CSV and XLSX: the long layout the importer reads back (`city, indicator, year, value, …`).

Codes stay text; figures stay numbers, exactly as stored (an XLSX cell's number format shows the
indicator's decimal places); a gap is written as its sign (`x` not applicable, `.` not available) with
its reason in `gap_reason`, read back as the same gap; text that a spreadsheet would run as a formula
(= + - @) is escaped (CSV through indicators.csv_safe, the one CSV writer).
"""

import io
from collections.abc import Iterable, Iterator
from decimal import Decimal

from .csv_safe import csv_text, spreadsheet_text
from .models import CURRENT_EDITION, Indicator, IndicatorValue
from .numbers import COMMA, Figure, decimal_sign, fits_a_float, gap_sign
from .plain_text import printable

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LONG_COLUMNS = ["city", "indicator", "year", "value", "unit", "source", "notes", "status", "gap_reason"]


def exported(value: IndicatorValue) -> Figure | str:
    """The figure exactly as stored, with at least its indicator's decimal places; or the text value; or
    a gap's sign."""
    return value.reads(figure=lambda figure: Figure(figure, value.indicator.decimal_places), gap_as=gap_sign)


def long_rows(values: Iterable[IndicatorValue]) -> Iterator[list]:
    """One row per value in LONG_COLUMNS order; needs values with city and indicator selected."""
    for value in values:
        yield [
            value.city.slug,
            value.indicator.code,
            value.year,
            exported(value),
            value.indicator.unit,
            value.source,
            value.notes,
            value.status,
            value.gap_reason,
        ]


def xlsx_bytes(sheets: dict[str, tuple[list[str], Iterable[list]]]) -> bytes:
    """A workbook with one sheet per entry (title → header, rows); numbers keep their decimal places."""
    from openpyxl import Workbook  # imported when a workbook is written: it slows every process's start

    workbook = Workbook(write_only=True)
    for title, (header, rows) in sheets.items():
        sheet = workbook.create_sheet(title=title[:31])
        sheet.append([xlsx_cell(sheet, cell) for cell in header])
        for row in rows:
            sheet.append([xlsx_cell(sheet, cell) for cell in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_cell(sheet, cell):
    """A Decimal as a number cell showing its places (a Figure: its indicator's); one that a spreadsheet's
    number cannot hold exactly is written as its text, which the importer reads back."""
    from openpyxl.cell import WriteOnlyCell

    if isinstance(cell, Decimal):
        if not fits_a_float(cell):
            return WriteOnlyCell(sheet, value=f"{cell:f}")
        written = WriteOnlyCell(sheet, value=Decimal(cell))
        places = cell.places if isinstance(cell, Figure) else max(-cell.as_tuple().exponent, 0)
        written.number_format = "0." + "0" * places if places else "0"
        return written
    return spreadsheet_text(printable(cell) if isinstance(cell, str) else cell)


def values_for_export(*, city=None, year=None, status=None):
    """Every stored value (any status: this is the back office's copy), filtered, in catalogue order."""
    values = IndicatorValue.objects.select_related("city", "indicator").order_by(
        "city__slug", "indicator__sort_key", "year"
    )
    if city is not None:
        values = values.filter(city=city)
    if year is not None:
        values = values.filter(year=year)
    if status:
        values = values.filter(status=status)
    return values


def export_file(fmt: str, values) -> bytes:
    """The long layout as CSV (UTF-8) or XLSX bytes."""
    if fmt == "csv":
        return csv_text(LONG_COLUMNS, long_rows(values)).encode()
    return xlsx_bytes({"values": (LONG_COLUMNS, long_rows(values))})


def template_columns(year: int) -> list[str]:
    return [
        "Miasto / City",
        "Wskaźnik / Indicator",
        "Nazwa / Name",
        "Jednostka / Unit",
        f"{year - 1} (dla porównania / for reference)",
        "Rok / Year",
        "Wartość / Value",
        "Źródło / Source",
        "Uwagi / Notes",
        "Licznik / Numerator",
        "Mianownik / Denominator",
        "Wyjaśnienie / Explanation",
    ]


def template_rows(city, year: int, edition=CURRENT_EDITION) -> Iterator[list]:
    """Every indicator of the catalogue with last year's figure beside an empty value to fill in."""
    last_year = {
        value.indicator_id: value
        for value in IndicatorValue.objects.filter(city=city, year=year - 1).select_related("indicator")
    }
    for indicator in Indicator.objects.of_edition(edition):
        previous = last_year.get(indicator.pk)
        yield [
            city.slug,
            indicator.code,
            indicator.name,
            indicator.unit,
            "" if previous is None else exported(previous),
            year,
            *([None] * 6),  # value, source, notes, numerator, denominator, explanation
        ]


TEMPLATE_WIDTHS = [10, 12, 60, 16, 16, 8, 14, 24, 24, 14, 14, 30]  # characters, column by column
STATISTICAL_SIGNS_LIST = '"x,.,-"'  # offered in the value column; any figure is still accepted


def template_file(city, year: int) -> bytes:
    """A sheet to fill in: the header and the codes and names frozen, readable widths, and the value
    column offering the statistical signs (x not applicable, . not available, - zero)."""
    from openpyxl import Workbook
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(year)
    sheet.append(template_columns(year))
    count = 0
    for row in template_rows(city, year):
        sheet.append([xlsx_cell(sheet, cell) if isinstance(cell, Decimal) else cell for cell in row])
        count += 1
    sheet.freeze_panes = "C2"
    for index, width in enumerate(TEMPLATE_WIDTHS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    signs = DataValidation(
        type="list", formula1=STATISTICAL_SIGNS_LIST, allow_blank=True, showErrorMessage=False
    )
    signs.promptTitle, signs.prompt = (
        "x . -",
        "x: nie dotyczy / not applicable; .: brak danych / not available; -: 0",
    )
    signs.showInputMessage = True
    sheet.add_data_validation(signs)
    value_column = chr(ord("A") + template_columns(year).index("Wartość / Value"))
    signs.add(f"{value_column}2:{value_column}{count + 1}")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_dialect(language: str) -> dict:
    """CSV for the language's spreadsheets: ";" between fields where the decimal separator is a comma."""
    return {"delimiter": ";" if decimal_sign(language) == COMMA else ","}
