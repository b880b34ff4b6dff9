"""Many owners at once from a CSV or XLSX file: one row per contact person (an owner without contacts:
one row with the contact columns empty). Read by the importer's guarded readers' checks (size, zip
bombs, cell area) before any cell is looked at."""

import csv
from io import BytesIO, StringIO

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from indicators.importing import workbook_scan
from indicators.importing.guards import (
    BadFile,
    check_cell_area,
    check_text_upload,
    check_upload,
    is_text_table,
)

COLUMNS = (
    "name_pl",
    "name_en",
    "name_de",
    "kind",
    "language",
    "contact_name",
    "contact_email",
    "contact_phone",
)
MAX_ROWS = 5000
MAX_BYTES = 5 * 1024 * 1024


def owner_rows(data: bytes, file_name: str) -> list[dict]:
    """The file's rows as {column: text}; ValidationError when it cannot be read or lacks name_pl."""
    try:
        table = (
            _csv_rows(check_text_upload(data)) if is_text_table(file_name) else _sheet_rows(data, file_name)
        )
    except BadFile as error:
        raise ValidationError(str(error)) from None
    except ValidationError:
        raise
    except Exception as error:  # the readers raise many kinds (zip, XML, csv, calamine) on a damaged file
        raise ValidationError(
            _("The file could not be read (%(reason)s): save it again as CSV UTF-8 or as .xlsx.")
            % {"reason": type(error).__name__}
        ) from None
    if not table:
        raise ValidationError(_("The file is empty."))
    header = [str(cell or "").strip().lower() for cell in table[0]]
    if "name_pl" not in header:
        raise ValidationError(
            _("The first row must name the columns, among them name_pl; known columns: %(columns)s.")
            % {"columns": ", ".join(COLUMNS)}
        )
    if len(table) > MAX_ROWS:
        raise ValidationError(_("The file has more than %(limit)s rows.") % {"limit": MAX_ROWS})
    rows = []
    for cells in table[1:]:
        row = {
            name: _text(cells[index]) if index < len(cells) else ""
            for index, name in enumerate(header)
            if name in COLUMNS
        }
        if any(row.values()):
            rows.append(row)
    return rows


def _text(cell) -> str:
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    return "" if cell is None else str(cell).strip()


def _csv_rows(text: str) -> list[list[str]]:
    sample = text[:4096]
    delimiter = max(";,\t", key=sample.count)
    return list(csv.reader(StringIO(text, newline=""), delimiter=delimiter))


def _sheet_rows(data: bytes, file_name: str) -> list[list]:
    from python_calamine import CalamineWorkbook

    upload = check_upload(data, file_name)
    workbook_scan.workbook_marks(upload)  # measures every sheet's area before calamine allocates it
    workbook = CalamineWorkbook.from_filelike(BytesIO(upload.data))
    sheet = workbook.get_sheet_by_index(0)
    check_cell_area(workbook.sheet_names[0], sheet.width, sheet.height)
    return sheet.to_python(skip_empty_area=False)
