"""Step 1, read: the workbook's sheets → records (indicator, year, value cells and the optional ones).

Nothing is interpreted here beyond finding the header: each record keeps the raw cells, with their
places in the workbook, so validation can point at them. Long and wide layouts give the same records.
"""

import csv
import re
import unicodedata
from dataclasses import dataclass, field
from io import BytesIO, StringIO

from django.conf import settings
from django.utils.translation import gettext as _
from python_calamine import CalamineWorkbook, PasswordError, SheetTypeEnum

from . import workbook_scan
from .guards import BadFile, Upload, check_cell_area, check_sheet_count
from .workbook_scan import NO_MARKS, SheetMarks

CSV_SAMPLE_CHARS = 64 * 1024
HEADER_SCAN_ROWS = 20  # title rows above the header are common; a header further down is not
YEAR_HEADER = re.compile(r"(\d{4})(\s*r\.?)?")

# Column names in Polish, English and German (compared lower-cased, without accents or stray spaces).
HEADER_NAMES = {
    "indicator": {"wskaznik", "indicator", "kod", "code", "kod wskaznika", "indicator code", "nr", "numer"},
    "year": {"rok", "year"},
    "value": {"wartosc", "value"},
    "source": {"zrodlo", "source", "zrodlo danych", "data source"},
    "notes": {"uwagi", "notes", "note", "objasnienia", "komentarz", "comments"},
    "city": {"miasto", "city"},
    "numerator": {"licznik", "numerator"},
    "denominator": {"mianownik", "denominator"},
    "status": {"status"},
    "name": {"nazwa", "name", "nazwa wskaznika", "indicator name"},
    "unit": {"jednostka", "unit", "j.m.", "jm"},
    "explanation": {"wyjasnienie", "explanation", "erlauterung"},  # the reviewer's note on warnings
    "gap_reason": {"powod", "powod braku", "reason", "gap reason", "gap_reason", "grund"},  # with "x" or "."
    # the open data's own columns, so that `value` stays numeric: a text, a gap ("x", "." or its name)
    "text_value": {"text_value", "text value", "wartosc tekstowa", "textwert"},
    "gap": {"gap", "luka", "lucke"},
}
NAME_TO_COLUMN = {name: column for column, names in HEADER_NAMES.items() for name in names}
OPTIONAL_COLUMNS = (
    *("source", "notes", "city", "numerator", "denominator", "status", "explanation"),
    *("gap_reason", "name", "text_value", "gap"),
)
NUMERIC_COLUMNS = {"numerator", "denominator"}  # besides the value: a % format means a fraction


class MissingFormulaValue:
    """A formula cell that Excel never calculated: it has no value to import."""

    def __repr__(self):
        return "<formula without a cached value>"


MISSING_FORMULA_VALUE = MissingFormulaValue()


@dataclass(slots=True)
class Cell:
    value: object
    sheet: str
    row: int
    column: int
    percent: bool = False

    @property
    def ref(self) -> str:
        """The cell as Excel shows it: 'Economy'!C14."""
        quoted = self.sheet.replace("'", "''")
        return f"'{quoted}'!{column_letters(self.column)}{self.row}"


def column_letters(number: int) -> str:
    """A column's letters as Excel names it (1 → A, 27 → AA, 16384 → XFD); a preview names hundreds of
    cells, and openpyxl's helper would import openpyxl (and numpy) for it."""
    letters = ""
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


@dataclass(slots=True)
class Record:
    """One value of the file: its indicator, year and value cells, and the optional cells of its row."""

    code: Cell
    year: Cell
    value: Cell
    extras: dict[str, Cell]


@dataclass
class WorkbookContent:
    records: list[Record] = field(default_factory=list)
    sheets_read: list[str] = field(default_factory=list)
    sheets_skipped: list[str] = field(default_factory=list)
    orphan_cells: list[Cell] = field(default_factory=list)  # a value with no indicator code beside it
    header_rows: dict[str, int] = field(default_factory=dict)  # sheet → the row number of its header


def normalise_header(text) -> str:
    if not isinstance(text, str):
        return ""
    decomposed = unicodedata.normalize("NFKD", text.replace("ł", "l").replace("Ł", "L"))
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(plain.lower().split())


def header_column(text) -> str | None:
    """'Wskaźnik / Indicator' → 'indicator'; any part of a bilingual header may match."""
    for part in normalise_header(text).split("/"):
        column = NAME_TO_COLUMN.get(part.strip().rstrip(":"))
        if column:
            return column
    return None


def header_year(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float) and float(value).is_integer() and 1000 <= value <= 2999:
        return int(value)
    if isinstance(value, str) and (match := YEAR_HEADER.fullmatch(value.strip())):
        return int(match.group(1))
    return None


def read_workbook(upload: Upload) -> WorkbookContent:
    """All records of every sheet with a recognisable header; BadFile when the file cannot be read."""
    try:
        return _read(upload)
    except BadFile:
        raise
    except PasswordError as error:
        raise BadFile(
            _("The file is password-protected (encrypted): remove the password and save it again.")
        ) from error
    except Exception as error:  # the readers raise many kinds (zip, XML, BIFF, KeyError…) on a damaged file
        raise BadFile(
            _("The workbook could not be read (%(reason)s). Open it in a spreadsheet and save it again.")
            % {"reason": type(error).__name__}
        ) from error


def read_csv(text: str, title: str) -> WorkbookContent:
    """A CSV file read like a one-sheet workbook named after the file, its cells all text (numbers and
    years in text are read as such anyway); the separator (";", "," or tab) is found from the text."""
    content = WorkbookContent()
    try:
        rows = csv.reader(StringIO(text, newline=""), delimiter=_separator(text[:CSV_SAMPLE_CHARS]))
        _read_sheet(title, rows, content, settings.IMPORT_MAX_ROWS, NO_MARKS)
    except csv.Error as error:
        raise BadFile(
            _("The CSV file could not be read (%(reason)s): save it again as CSV UTF-8 or as .xlsx.")
            % {"reason": error}
        ) from error
    return content


def _separator(sample: str) -> str:
    try:
        return csv.Sniffer().sniff(sample, delimiters=";,\t").delimiter
    except csv.Error:  # too little text to tell: the most frequent candidate
        return max(";,\t", key=sample.count)


def _read(upload: Upload) -> WorkbookContent:
    """calamine reads the values; the few things it does not tell (which numbers are shown as
    percentages, which formulas were never calculated) come from workbook_scan, asked only when needed."""
    marks = workbook_scan.workbook_marks(upload)  # checks every sheet's area before calamine allocates it
    workbook = CalamineWorkbook.from_filelike(BytesIO(upload.data))
    sheets = [sheet for sheet in workbook.sheets_metadata if sheet.typ == SheetTypeEnum.WorkSheet]
    check_sheet_count(len(sheets))
    if not sheets:
        raise BadFile(_("The workbook has no sheets."))
    content = WorkbookContent()
    rows_left = settings.IMPORT_MAX_ROWS
    for sheet in sheets:
        values = workbook.get_sheet_by_name(sheet.name)
        check_cell_area(sheet.name, values.width, values.height)
        rows = values.to_python(skip_empty_area=False)
        rows_left = _read_sheet(sheet.name, rows, content, rows_left, marks.get(sheet.name, NO_MARKS))
    return content


def _read_sheet(title: str, rows, content: WorkbookContent, rows_left: int, marks: SheetMarks) -> int:
    header = None
    widest = settings.IMPORT_MAX_CELLS_PER_ROW  # asked once: a setting is a lazy object's attribute
    for row_number, cells in enumerate(rows, start=1):
        rows_left -= 1
        if rows_left < 0:
            raise BadFile(
                _("The workbook has more than %(limit)s rows; split it into smaller files.")
                % {"limit": settings.IMPORT_MAX_ROWS}
            )
        if len(cells) > widest:
            check_cell_area(title, len(cells), 1)
        if header is None:
            if row_number > HEADER_SCAN_ROWS:
                continue  # keep counting rows, so the limit holds for sheets without a header too
            header = _find_header(cells, row_number)
            continue
        _read_row(title, row_number, cells, header, content, marks)
    if header is None:
        content.sheets_skipped.append(title)
    else:
        content.sheets_read.append(title)
        content.header_rows[title] = header.row
    return rows_left


@dataclass
class Header:
    row: int
    indicator: int
    optional: dict[str, int]
    year: int | None = None  # long layout: the year column
    value: int | None = None
    years: dict[int, tuple[int, object]] = field(default_factory=dict)  # wide: column → (header row, year)


def _find_header(cells, row_number: int) -> Header | None:
    columns: dict[str, int] = {}
    years: dict[int, tuple[int, object]] = {}
    for index, value in enumerate(cells):
        column = header_column(value)
        if column and column not in columns:
            columns[column] = index
        elif header_year(value) is not None:
            years[index] = (row_number, value)
    if "indicator" not in columns:
        return None
    optional = {name: columns[name] for name in OPTIONAL_COLUMNS if name in columns}
    if "year" in columns and "value" in columns:
        return Header(row_number, columns["indicator"], optional, columns["year"], columns["value"])
    if years and "year" not in columns and "value" not in columns:
        return Header(row_number, columns["indicator"], optional, years=years)
    return None


def _cell(title: str, cells, index: int, row_number: int, marks: SheetMarks, numeric: bool = False) -> Cell:
    """The cell at index; for a number, whether it is shown as a percentage (looked up only then)."""
    value = cells[index] if index < len(cells) else None
    if value == "":  # calamine's empty cell; an empty cell is None, as openpyxl gave it
        value = None
    if value is None and marks.missing and (row_number, index + 1) in marks.missing:
        value = MISSING_FORMULA_VALUE
    percent = numeric and bool(marks.percent) and (row_number, index + 1) in marks.percent
    return Cell(value, title, row_number, index + 1, percent)


def _read_row(title: str, row_number: int, cells, header: Header, content: WorkbookContent, marks) -> None:
    code = _cell(title, cells, header.indicator, row_number, marks)
    extras = {
        name: _cell(title, cells, index, row_number, marks, numeric=name in NUMERIC_COLUMNS)
        for name, index in header.optional.items()
    }
    if header.value is not None:
        pairs = [
            (
                _cell(title, cells, header.year, row_number, marks),
                _cell(title, cells, header.value, row_number, marks, numeric=True),
            )
        ]
    else:
        pairs = [
            (
                Cell(year, title, year_row, index + 1),
                _cell(title, cells, index, row_number, marks, numeric=True),
            )
            for index, (year_row, year) in header.years.items()
        ]
    if _blank(code.value):
        content.orphan_cells.extend(value for _year, value in pairs if not _blank(value.value))
        return
    content.records.extend(Record(code, year, value, extras) for year, value in pairs)


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())
