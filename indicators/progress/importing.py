"""Targets from a file (CSV, XLSX, ODS, XLS): one row per target, read with the importer's file guards
and the registry's number reading (indicators.numbers), saved through services.save_target.

Columns (a header row; English or Polish names): indicator, target (value), year, document; optional
city (default: the home city), base year, link, notes, status. Everything or nothing: a file with any
refused row changes nothing, and every refusal names its row.
"""

import csv
from dataclasses import dataclass, field
from decimal import Decimal
from io import BytesIO, StringIO

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..importing.guards import BadFile, check_text_upload, check_upload, is_text_table
from ..importing.read import normalise_header
from ..models import CURRENT_EDITION, City, Indicator
from ..numbers import FileSigns, NumberError, from_spreadsheet
from ..params import PLAIN_YEAR
from ..workflow import NOBODY
from .models import Target
from .services import save_target

COLUMNS = {
    "indicator": ("indicator", "code", "wskaznik", "kod"),
    "value": ("target", "target value", "value", "cel", "wartosc", "wartosc docelowa"),
    "year": ("year", "target year", "rok", "rok docelowy"),
    "document": ("document", "source document", "source", "dokument", "zrodlo"),
    "city": ("city", "miasto"),
    "base_year": ("base year", "rok bazowy"),
    "document_url": ("link", "url", "document url", "adres"),
    "notes": ("notes", "uwagi"),
    "status": ("status",),
}
REQUIRED = ("indicator", "value", "year", "document")
NAMES = {name: column for column, names in COLUMNS.items() for name in names}
STATUSES = {"draft": "draft", "verified": "verified", "published": "published"}
STATUSES.update({"szkic": "draft", "zweryfikowany": "verified", "opublikowany": "published"})


@dataclass
class Outcome:
    counts: dict = field(default_factory=lambda: {"created": 0, "updated": 0, "unchanged": 0})
    errors: list[str] = field(default_factory=list)


def _rows(data: bytes, file_name: str) -> list[list]:
    if is_text_table(file_name):
        text = check_text_upload(data)
        delimiter = max(";,\t", key=text[:4096].count)
        return [list(row) for row in csv.reader(StringIO(text, newline=""), delimiter=delimiter)]
    upload = check_upload(data, file_name)
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_filelike(BytesIO(upload.data))
        return workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except Exception as error:  # the reader raises many kinds on a damaged file
        raise BadFile(
            _("The workbook could not be read (%(reason)s). Open it in a spreadsheet and save it again.")
            % {"reason": type(error).__name__}
        ) from error


def _header(rows: list[list]) -> tuple[int, dict[str, int]]:
    for number, cells in enumerate(rows[:10]):
        found = {}
        for position, cell in enumerate(cells):
            column = NAMES.get(normalise_header(cell).split("/")[0].strip())
            if column and column not in found:
                found[column] = position
        if all(column in found for column in REQUIRED):
            return number, found
    raise BadFile(
        _("No header row found: the file needs the columns %(columns)s.") % {"columns": ", ".join(REQUIRED)}
    )


def _text(cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def _year(cell, label: str) -> int | None:
    text = _text(cell)
    if not text:
        return None
    if not PLAIN_YEAR.fullmatch(text):
        raise ValidationError(_("%(label)s “%(value)s” is not a year.") % {"label": label, "value": text})
    return int(text)


def read_targets(data: bytes, file_name: str, *, user=None, default_city: City | None = None) -> Outcome:
    """Save every target of the file, or none when any row is refused (BadFile: the file is unreadable).
    Without a `user` the rows may create and change drafts only, as an import of values."""
    rows = _rows(data, file_name)
    header_at, columns = _header(rows)
    body = [(header_at + 2 + offset, cells) for offset, cells in enumerate(rows[header_at + 1 :])]
    body = [(number, cells) for number, cells in body if any(_text(cell) for cell in cells)]

    def cell(cells, column):
        position = columns.get(column)
        return cells[position] if position is not None and position < len(cells) else None

    signs = FileSigns()
    for number, cells in body:
        raw = cell(cells, "value")
        if isinstance(raw, str) and raw.strip():
            signs.learn("value", raw, str(number))
    cities = {city.slug: city for city in City.objects.all()}
    indicators = {i.code: i for i in Indicator.objects.filter(edition=CURRENT_EDITION)}
    home = default_city or City.objects.home()
    outcome = Outcome()
    with transaction.atomic():
        for number, cells in body:
            try:
                fields = _fields(cells, cell, signs, cities, indicators, home)
                status = fields.pop("status")
                _target, result = save_target(
                    user=user,
                    actor=NOBODY if user is None else None,
                    status=status,
                    change_reason=_("imported from %(file)s") % {"file": file_name},
                    **fields,
                )
                outcome.counts[result] += 1
            except (ValidationError, NumberError) as error:
                messages = _messages(error)
                outcome.errors.extend(
                    _("Row %(row)s: %(message)s") % {"row": number, "message": message}
                    for message in messages
                )
        if outcome.errors:
            transaction.set_rollback(True)
            outcome.counts = {"created": 0, "updated": 0, "unchanged": 0}
    return outcome


def _messages(error: ValidationError | NumberError) -> list[str]:
    """Each message, with the column it concerns where the model names one."""
    if isinstance(error, NumberError):
        return [str(error)]
    if not hasattr(error, "error_dict"):
        return error.messages
    labelled = []
    for name, messages in error.message_dict.items():
        known = name in {f.name for f in Target._meta.fields}
        label = Target._meta.get_field(name).verbose_name if known else ""
        labelled.extend(f"{label}: {message}" if label else message for message in messages)
    return labelled


def _fields(cells, cell, signs: FileSigns, cities: dict, indicators: dict, home: City) -> dict:
    slug = _text(cell(cells, "city")) or home.slug
    if slug not in cities:
        raise ValidationError(_("Unknown city “%(city)s”.") % {"city": slug})
    code = _text(cell(cells, "indicator"))
    if code not in indicators:
        raise ValidationError(_("Unknown indicator “%(code)s”.") % {"code": code})
    raw = cell(cells, "value")
    if isinstance(raw, int | float | Decimal) and not isinstance(raw, bool):
        value = from_spreadsheet(raw)
    elif _text(raw):
        value = signs.read("value", _text(raw))
    else:
        raise ValidationError(_("The target value is missing."))
    status = _text(cell(cells, "status")).lower()
    if status and status not in STATUSES:
        raise ValidationError(_("Unknown status “%(status)s”.") % {"status": status})
    return {
        "city": cities[slug],
        "indicator": indicators[code],
        "value": value,
        "year": _year(cell(cells, "year"), _("Target year")),
        "base_year": _year(cell(cells, "base_year"), _("Base year")),
        "document": _text(cell(cells, "document")),
        "document_url": _text(cell(cells, "document_url")),
        "notes": _text(cell(cells, "notes")),
        "status": STATUSES.get(status),
    }
