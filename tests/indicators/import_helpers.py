"""Workbooks built in memory, cell by cell, as statisticians' files really look."""

import io

from openpyxl import Workbook

from indicators.importing import plan_import


def workbook_bytes(sheets: dict[str, list[list]], formats: dict[tuple[str, str], str] | None = None) -> bytes:
    """sheets: title → rows; formats: (title, "C4") → number format."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    for (title, ref), number_format in (formats or {}).items():
        workbook[title][ref].number_format = number_format
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def long_sheet(*rows, header=("Wskaźnik", "Rok", "Wartość")) -> list[list]:
    return [list(header), *[list(row) for row in rows]]


def plan_of(data: bytes, city, user=None, name="values.xlsx"):
    return plan_import(data, name, user=user, default_city=city)


def error_texts(plan) -> list[str]:
    return [str(problem) for problem in plan.errors]
