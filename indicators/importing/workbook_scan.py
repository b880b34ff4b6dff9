"""What the fast reader (calamine) does not tell: which numbers are shown as percentages and which
formulas were never calculated; and each sheet's used area, checked against the limits before
calamine allocates it. One streaming pass per sheet; a formula's cached value is looked for by a
second, exact parse only in sheets that have formulas.

- .xlsx: the cell styles (xl/styles.xml, small) say which style numbers are percentages; a regular
  expression over the sheet's cell tags finds the cells with them, and one over every place a
  reference is written (r="…") the area.
- .ods: cells say office:value-type="percentage" themselves; content.xml is parsed by expat, counting
  repeated rows and columns (a few bytes can repeat a cell millions of times).
- .xls: the formats live in binary records that xlrd reads (formatting_info); LibreOffice and Excel
  always store a formula's result there.

The XML was checked for DOCTYPE/ENTITY declarations before (guards), so expat expands nothing.
"""

import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from xml.parsers import expat

import xlrd

from .guards import ODS, XLS, XLSX, Upload, check_cell_area, check_sheet_count

BUILTIN_PERCENT_FORMATS = {9, 10}  # 0% and 0.00%
FORMULA_TAG = re.compile(rb"<f[ >/]")
CELL_REF = re.compile(r"([A-Z]+)(\d+)")
CELL_REFERENCE = re.compile(rb'\sr="([A-Z]+)(\d+)"')
# Every r="…" of the sheet, whatever element it is in and however long: more than the cells' own
# (rows, a text that happens to read so) never less, so no place calamine puts a cell at is missed, not
# even the last of two r attributes of one tag, which calamine takes, or a column beyond XFD.
PLACES = re.compile(rb'r="([A-Z]*)(\d+)"')
# Cell tags written otherwise than <c r="…" (no reference, another attribute first, a prefix, a line
# break): calamine places a cell without a reference by its position, which only an exact parse knows.
UNUSUAL_CELL_TAGS = (b"<c>", b"<c/", b"<c\n", b"<c\r", b"<c\t")
PREFIXED_CELL_TAGS = (b":c ", b":c>", b":c/", b":c\n", b":c\r", b":c\t")
XML_HEAD = 4096
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
CHUNK = 1 << 20
ODS_TABLE, ODS_ROW = f"{TABLE} table", f"{TABLE} table-row"
ODS_CELLS = {f"{TABLE} table-cell", f"{TABLE} covered-table-cell"}


@dataclass
class SheetMarks:
    percent: set[tuple[int, int]] = field(default_factory=set)  # (row, column), both from 1
    missing: set[tuple[int, int]] = field(default_factory=set)  # formulas without a cached value


NO_MARKS = SheetMarks()


def workbook_marks(upload: Upload) -> dict[str, SheetMarks]:
    """Each sheet's marks, by name; BadFile when a sheet's used area is over the limits. Run before
    calamine opens the file: calamine allocates a sheet's whole rectangle, so two cells in A1 and
    XFD1048576 of a 10 kB file would ask it for hundreds of gigabytes and abort the process."""
    if upload.kind == XLSX:
        return _XlsxMarks(upload.archive).all_sheets()
    if upload.kind == ODS:
        return _ods_marks(upload.archive)
    if upload.kind == XLS:
        return _xls_marks(upload.data)
    return {}


def _column_number(letters: str) -> int:
    """A column's number from its letters. Eight letters are far beyond any sheet's width, so the limits
    refuse it already; reading further letters of a hostile reference would only cost time."""
    number = 0
    for letter in letters[:8]:
        number = number * 26 + ord(letter) - 64
    return number


def _parse(stream, start, end=None, characters=None) -> None:
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.buffer_text = True
    parser.StartElementHandler = start
    if end is not None:
        parser.EndElementHandler = end
    if characters is not None:
        parser.CharacterDataHandler = characters
    while chunk := stream.read(CHUNK):
        parser.Parse(chunk, False)
    parser.Parse(b"", True)


class _XlsxMarks:
    def __init__(self, archive: zipfile.ZipFile):
        self.archive = archive
        self.percent_styles = self._percent_styles()
        self.paths = self._sheet_paths()

    def _percent_styles(self) -> set[str]:
        """The style numbers (a cell's s="…") whose number format shows a percentage."""
        if "xl/styles.xml" not in self.archive.namelist():
            return set()
        codes: dict[int, str] = {}
        styles: list[int] = []
        depth = {"cellXfs": False}

        def start(name, attributes):
            local = name.rsplit(" ", 1)[-1]
            if local == "numFmt":
                codes[int(attributes.get("numFmtId", -1))] = attributes.get("formatCode", "")
            elif local == "cellXfs":
                depth["cellXfs"] = True
            elif local == "xf" and depth["cellXfs"]:
                styles.append(int(attributes.get("numFmtId", 0)))

        def end(name):
            if name.endswith("cellXfs"):
                depth["cellXfs"] = False

        with self.archive.open("xl/styles.xml") as stream:
            _parse(stream, start, end)
        return {
            str(index)
            for index, format_id in enumerate(styles)
            if format_id in BUILTIN_PERCENT_FORMATS or "%" in _without_quoted(codes.get(format_id, ""))
        }

    def _sheet_paths(self) -> dict[str, str]:
        targets: dict[str, str] = {}
        sheets: list[tuple[str, str]] = []

        def relationship(name, attributes):
            if name.endswith("Relationship"):
                targets[attributes.get("Id", "")] = attributes.get("Target", "")

        def sheet(name, attributes):
            if name == f"{MAIN} sheet":
                sheets.append((attributes.get("name", ""), attributes.get(f"{RELATIONSHIPS} id", "")))

        with self.archive.open("xl/_rels/workbook.xml.rels") as stream:
            _parse(stream, relationship)
        with self.archive.open("xl/workbook.xml") as stream:
            _parse(stream, sheet)
        paths = {}
        for title, relation in sheets:
            target = targets.get(relation, "")
            paths[title] = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
        return paths

    def all_sheets(self) -> dict[str, SheetMarks]:
        return {title: self.of_sheet(title, path) for title, path in self.paths.items()}

    def of_sheet(self, title: str, path: str) -> SheetMarks:
        """One streaming pass over the sheet's bytes: its used area from the references written in
        it, the cells with a percent style (a regular expression on their tags) and whether any
        formula is there. Only a sheet with a formula (or written unusually: prefixed tags, a percent
        cell without one reference) is parsed again, exactly, by expat, which refuses a tag that
        names its place twice."""
        styled = self._percent_tag()
        percent: set[tuple[int, int]] = set()
        formula, usual, tail = False, None, b""
        width = height = 0
        with self.archive.open(path) as stream:
            while chunk := stream.read(CHUNK):
                buffer = tail + chunk
                if usual is None:
                    usual = b"<worksheet" in buffer[:XML_HEAD]
                cut = buffer.rfind(b">") + 1
                window, tail = buffer[:cut], buffer[cut:]
                formula = formula or FORMULA_TAG.search(window) is not None
                usual = usual and _cells_placed_as_usual(window)
                references = PLACES.findall(window)
                if references:
                    columns, rows = zip(*references, strict=True)
                    letters = max(set(columns), key=lambda text: (len(text), text))
                    width = max(width, _column_number(letters.decode()))
                    height = max(height, *map(int, rows))
                    check_cell_area(title, width, height)
                for match in styled.finditer(window) if styled is not None else ():
                    places = CELL_REFERENCE.findall(match.group(0))
                    if len(places) != 1:
                        usual = False
                        break
                    [(letters, row)] = places
                    percent.add((int(row), _column_number(letters.decode())))
        if formula or not usual:
            return self._scan(title, path)
        return SheetMarks(percent=percent) if percent else NO_MARKS

    def _percent_tag(self) -> re.Pattern | None:
        if not self.percent_styles:
            return None
        styles = b"|".join(style.encode() for style in sorted(self.percent_styles))
        return re.compile(rb'<c\b[^>]*?\ss="(?:' + styles + rb')"[^>]*>')

    def _scan(self, title: str, path: str) -> SheetMarks:
        """The exact parse; it also measures the used area where cells are placed by their position."""
        marks = SheetMarks()
        state = {"row": 0, "column": 0, "cell": None, "formula": False, "value": False}
        area = {"width": 0, "height": 0}

        def start(name, attributes):
            local = name.rsplit(" ", 1)[-1]
            if local == "row":
                state["row"] = int(attributes.get("r", state["row"] + 1))
                state["column"] = 0
            elif local == "c":
                reference = attributes.get("r")
                match = CELL_REF.fullmatch(reference) if reference else None
                state["column"] = _column_number(match.group(1)) if match else state["column"] + 1
                state["cell"] = (state["row"], state["column"])
                area["width"] = max(area["width"], state["column"])
                area["height"] = max(area["height"], state["row"], int(match.group(2)) if match else 0)
                check_cell_area(title, area["width"], area["height"])
                state["formula"] = state["value"] = False
                if attributes.get("s") in self.percent_styles:
                    marks.percent.add(state["cell"])
            elif local == "f":
                state["formula"] = True
            elif local in {"v", "is"}:
                state["value"] = state["value"] or local == "is"

        def end(name):
            local = name.rsplit(" ", 1)[-1]
            if local == "c" and state["formula"] and not state["value"]:
                marks.missing.add(state["cell"])

        with self.archive.open(path) as stream:
            _parse_values(stream, start, end, state)
        return marks


def _cells_placed_as_usual(window: bytes) -> bool:
    """Every cell tag of this part of the sheet begins <c r="…": its reference is where calamine puts it.
    Most sheets are told by three counts; the tags looked for one by one only where they may be."""
    placed = window.count(b'<c r="')
    if b":c" in window and any(tag in window for tag in PREFIXED_CELL_TAGS):
        return False
    if window.count(b"<c") == placed:  # no other tag here begins with <c
        return True
    return window.count(b"<c ") == placed and not any(tag in window for tag in UNUSUAL_CELL_TAGS)


def _parse_values(stream, start, end, state) -> None:
    """start/end handlers plus the one fact about text they need: whether a <v> held any."""

    def on_start(name, attributes):
        state["in_value"] = name.endswith(" v")
        start(name, attributes)

    def on_end(name):
        state["in_value"] = False
        end(name)

    def on_characters(text):
        if state["in_value"] and text.strip():
            state["value"] = True

    _parse(stream, on_start, on_end, on_characters)


def _without_quoted(code: str) -> str:
    """A number format without its quoted literals and escaped characters: "0 \\"%\\"" shows no percentage."""
    return re.sub(r'"[^"]*"|\\.', "", code)


def _ods_marks(archive: zipfile.ZipFile) -> dict[str, SheetMarks]:
    """Cells typed "percentage" and formulas without a value type, by table name; and each table's
    used area checked against the limits first, since a few bytes of repeated rows and columns
    (number-rows-repeated="20000") would make calamine build millions of cells."""
    marks: dict[str, SheetMarks] = {}
    state = {"title": "", "sheet": NO_MARKS, "row": 0, "column": 0, "rows": 1, "width": 0, "height": 0}

    def start(name, attributes):
        if name == ODS_TABLE:
            check_sheet_count(len(marks) + 1)
            state["title"] = attributes.get(f"{TABLE} name", "")
            state["sheet"] = marks.setdefault(state["title"], SheetMarks())
            state.update(row=0, width=0, height=0)
        elif name == ODS_ROW:
            state["row"] += 1
            state["column"] = 0
            state["rows"] = int(attributes.get(f"{TABLE} number-rows-repeated", 1))
        elif name in ODS_CELLS:
            columns = int(attributes.get(f"{TABLE} number-columns-repeated", 1))
            kind = attributes.get(f"{OFFICE} value-type")
            formula = f"{TABLE} formula" in attributes
            first = state["column"] + 1
            state["column"] += columns
            if kind is None and not formula:
                return
            last_row = state["row"] + state["rows"] - 1
            state["width"] = max(state["width"], state["column"])
            state["height"] = max(state["height"], last_row)
            check_cell_area(state["title"], state["width"], state["height"])
            if kind == "percentage" or kind is None:
                found = state["sheet"].percent if kind == "percentage" else state["sheet"].missing
                found.update(
                    (row, column)
                    for row in range(state["row"], last_row + 1)
                    for column in range(first, state["column"] + 1)
                )

    def end(name):
        if name == ODS_ROW:
            state["row"] += state["rows"] - 1

    with archive.open("content.xml") as stream:
        _parse(stream, start, end)
    return marks


def _xls_marks(data: bytes) -> dict[str, SheetMarks]:
    """Each sheet's used area and the numbers whose format shows a percentage, read by xlrd from the
    BIFF records (rows kept ragged, so a far-away cell costs no padding)."""
    book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True, ragged_rows=True)
    try:
        check_sheet_count(book.nsheets)
        percent_styles = {
            index
            for index, style in enumerate(book.xf_list)
            if "%" in _without_quoted(getattr(book.format_map.get(style.format_key), "format_str", ""))
        }
        marks = {}
        for index in range(book.nsheets):
            sheet = book.get_sheet(index)
            width = max((sheet.row_len(row) for row in range(sheet.nrows)), default=0)
            check_cell_area(sheet.name, width, sheet.nrows)
            found = SheetMarks()
            for row in range(sheet.nrows) if percent_styles else ():
                for column, kind in enumerate(sheet.row_types(row)):
                    if kind == xlrd.XL_CELL_NUMBER and sheet.cell_xf_index(row, column) in percent_styles:
                        found.percent.add((row + 1, column + 1))
            marks[sheet.name] = found
            book.unload_sheet(index)
        return marks
    finally:
        book.release_resources()
