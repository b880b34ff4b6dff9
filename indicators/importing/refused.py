"""The refused rows of an import given back as a file of the uploaded layout: the header row and every
refused row of each sheet, cell for cell as the file had them, and a last column saying why.

A CSV comes back as CSV with its own separator; a workbook (.xlsx, .ods, .xls) as .xlsx, which every
spreadsheet opens: writing .ods or .xls again would need a writer the project does not otherwise use.
Numbers shown as percentages stay percentages, so the corrected file reads back as the original did.
"""

import csv
import io
from pathlib import PurePath

from django.utils.translation import gettext as _
from python_calamine import CalamineWorkbook

from . import workbook_scan
from .guards import check_text_upload, check_upload, is_text_table
from .read import CSV_SAMPLE_CHARS, _separator

PERCENT_FORMAT = "0.##########%"  # every digit the cell held, as a percentage


def reason_header() -> str:
    """The reason column's title; no importer column is named so, so the file imports again as it is."""
    return _("Why refused")


def refused_file(data: bytes, file_name: str, *, refused: dict, header_rows: dict) -> tuple[bytes, str]:
    """(content, name) of the file of refused rows. `refused`: (sheet, row number) → the reasons;
    `header_rows`: sheet → its header's row number."""
    stem = PurePath(file_name).stem
    suffix = _("refused")
    if is_text_table(file_name):
        return _csv(check_text_upload(data), refused, header_rows), f"{stem}-{suffix}.csv"
    return _workbook(data, file_name, refused, header_rows), f"{stem}-{suffix}.xlsx"


def _reasons(refused: dict, line: tuple[str, int]) -> str:
    return " | ".join(refused[line])


def _csv(text: str, refused: dict, header_rows: dict) -> bytes:
    separator = _separator(text[:CSV_SAMPLE_CHARS])
    title = next(iter(header_rows))  # a CSV file is one sheet
    output = io.StringIO()
    output.write("\ufeff")  # Excel reads UTF-8 only after a byte-order mark
    writer = csv.writer(output, delimiter=separator, lineterminator="\r\n")
    for number, cells in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=separator), start=1):
        if number == header_rows[title]:
            writer.writerow([*cells, reason_header()])
        elif (title, number) in refused:
            writer.writerow([*cells, _reasons(refused, (title, number))])
    return output.getvalue().encode("utf-8")


def _workbook(data: bytes, file_name: str, refused: dict, header_rows: dict) -> bytes:
    from openpyxl import Workbook  # imported when a workbook is written: it slows every process's start

    upload = check_upload(data, file_name)
    marks = workbook_scan.workbook_marks(upload)
    source = CalamineWorkbook.from_filelike(io.BytesIO(data))
    sheets = {title for title, _row in refused}
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title in source.sheet_names:
        if title not in sheets:
            continue
        percent = marks[title].percent if title in marks else set()
        sheet = workbook.create_sheet(title[:31])
        rows = source.get_sheet_by_name(title).to_python(skip_empty_area=False)
        for number, cells in enumerate(rows, start=1):
            if number == header_rows[title]:
                sheet.append([_plain(cell) for cell in cells] + [reason_header()])
            elif (title, number) in refused:
                sheet.append([_plain(cell) for cell in cells] + [_reasons(refused, (title, number))])
                for column in range(1, len(cells) + 1):
                    if (number, column) in percent:
                        sheet.cell(sheet.max_row, column).number_format = PERCENT_FORMAT
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _plain(cell):
    """calamine's empty cell is ""; an empty cell stays empty."""
    return None if cell == "" else cell
