"""The one CSV writer of the registry: every CSV file it writes goes through `write_csv`.

A spreadsheet runs a cell that starts with = + - @ (or a tab or CR) as a formula, and it may split a
line on a separator other than the file's own (Polish Excel splits on ";" even in a comma file). So
every field is quoted, line breaks inside a field become a plain LF inside the quotes (never a bare CR
that starts a new row), and a formula character at the start of a field or right after any separator
or line break (spaces, also no-break ones, may come between) gets an apostrophe before it. Numbers
stay numbers: a Decimal, an int or a text that is a plain number ("-5", "-5,3") is written as it is.
The importer removes the leading apostrophe again.
"""

import csv
import io
import re
from collections.abc import Iterable
from decimal import Decimal

from .plain_text import printable

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"-?[0-9]+(?:[.,][0-9]+)?")
LINE_BREAK = re.compile(r"\r\n?")
# A formula character at the start, or after a separator or line break (spaces, no-break and other
# Unicode spaces and quotes may come between). The separator is looked behind, not consumed, so a tab that
# is itself escaped still counts as the separator before the next formula character ("\t=1").
FORMULA_START = re.compile(r"(?:^|(?<=[,;\t\n]))([ \"\u00a0\u2000-\u200b\u202f\u205f\u3000]*)(?=[=+\-@\t])")


def spreadsheet_text(cell):
    """A text cell that starts like a formula gets a leading apostrophe (XLSX cells have no separators)."""
    if isinstance(cell, str) and cell.startswith(FORMULA_PREFIXES):
        return "'" + cell
    return cell


def csv_field(cell):
    """One field as it is written: numbers unchanged, text with line breaks and formula starts defused."""
    if cell is None or isinstance(cell, int | float | Decimal):
        return cell
    text = printable(str(cell))
    if PLAIN_NUMBER.fullmatch(text):
        return text
    return FORMULA_START.sub(r"\1'", LINE_BREAK.sub("\n", text))


def write_csv(stream, header: list[str], rows: Iterable[list], *, delimiter: str = ",") -> None:
    writer = csv.writer(stream, delimiter=delimiter, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow([csv_field(cell) for cell in header])
    for row in rows:
        writer.writerow([csv_field(cell) for cell in row])


def csv_text(header: list[str], rows: Iterable[list], *, delimiter: str = ",") -> str:
    buffer = io.StringIO()
    write_csv(buffer, header, rows, delimiter=delimiter)
    return buffer.getvalue()
