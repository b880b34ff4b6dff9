"""Cities from a file (CSV or XLSX with the columns slug, name, country, region): read, checked row by
row, then written in one transaction, so a bad row leaves the registry as it was and the same file
again changes nothing."""

import csv
import re
from dataclasses import dataclass
from io import BytesIO, StringIO
from pathlib import PurePath

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from modeltranslation.settings import DEFAULT_LANGUAGE
from openpyxl import load_workbook

from ..importing import guards
from ..models import City

REQUIRED_COLUMNS = ("slug", "name", "country")
COLUMN_NAMES = {
    "slug": "slug",
    "name": "name",
    "nazwa": "name",
    "country": "country",
    "kraj": "country",
    "region": "region",
    "województwo": "region",
}
SLUG = re.compile(r"^[-a-z0-9_]{1,100}$")
COUNTRY = re.compile(r"^[A-Z]{2}$")


class CityFileError(Exception):
    """The file or some of its rows are refused; `problems` says which line and why."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class CityRow:
    line: int
    slug: str
    name: str
    country: str
    region: str


@dataclass(frozen=True)
class CityChanges:
    created: list[str]
    updated: list[str]
    unchanged: list[str]


def table_rows(data: bytes, file_name: str) -> list[list[str]]:
    """The file's first sheet (or the CSV) as rows of text cells."""
    if guards.is_text_table(file_name) or PurePath(file_name).suffix.lower() not in {".xlsx", ".xlsm"}:
        text = guards.check_text_upload(data)
        try:
            delimiter = csv.Sniffer().sniff(text[:4096], delimiters=";,\t").delimiter
        except csv.Error:
            delimiter = max(";,\t", key=text[:4096].count)
        return list(csv.reader(StringIO(text, newline=""), delimiter=delimiter))
    guards.check_upload(data, file_name)
    try:
        workbook = load_workbook(BytesIO(data), read_only=True, data_only=True, keep_links=False)
        sheet = workbook.worksheets[0]
        return [
            ["" if cell is None else str(cell) for cell in row] for row in sheet.iter_rows(values_only=True)
        ]
    except Exception as error:  # openpyxl raises many kinds on a damaged file
        raise guards.BadFile(
            _("The workbook could not be read (%(reason)s). Open it in Excel and save it again as .xlsx.")
            % {"reason": type(error).__name__}
        ) from error


def read_cities(data: bytes, file_name: str) -> list[CityRow]:
    """Every row checked; CityFileError naming each bad line when any row is wrong."""
    rows = table_rows(data, file_name)
    lines = [(number, [cell.strip() for cell in row]) for number, row in enumerate(rows, start=1)]
    lines = [(number, row) for number, row in lines if any(row)]
    if not lines:
        raise CityFileError([_("The file is empty.")])
    header_line, header = lines[0]
    columns = {COLUMN_NAMES.get(name.casefold()): index for index, name in enumerate(header)}
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        raise CityFileError(
            [
                _("Line %(line)s: the header lacks the columns %(columns)s.")
                % {"line": header_line, "columns": ", ".join(missing)}
            ]
        )
    problems, cities, first_line_of = [], [], {}
    for number, row in lines[1:]:
        cell = {name: row[index] if index < len(row) else "" for name, index in columns.items() if name}
        city = CityRow(
            line=number,
            slug=cell["slug"],
            name=cell["name"],
            country=cell["country"].upper(),
            region=cell.get("region", ""),
        )
        found = row_problems(city)
        if city.slug in first_line_of:
            found.append(
                _("the slug “%(slug)s” is already on line %(other)s.")
                % {"slug": city.slug, "other": first_line_of[city.slug]}
            )
        first_line_of.setdefault(city.slug, number)
        problems += [_("Line %(line)s: %(problem)s") % {"line": number, "problem": p} for p in found]
        cities.append(city)
    if problems:
        raise CityFileError(problems)
    return cities


def row_problems(city: CityRow) -> list[str]:
    problems = []
    if not SLUG.match(city.slug):
        problems.append(
            _("the slug “%(slug)s” must be 1–100 lower-case letters, digits, hyphens or underscores.")
            % {"slug": city.slug}
        )
    if not city.name:
        problems.append(_("the name is empty."))
    elif len(city.name) > City._meta.get_field("name").max_length:
        problems.append(_("the name is longer than 200 characters."))
    if not COUNTRY.match(city.country):
        problems.append(
            _("the country “%(country)s” is not a two-letter ISO 3166-1 code such as PL.")
            % {"country": city.country}
        )
    if len(city.region) > City._meta.get_field("region").max_length:
        problems.append(_("the region is longer than 200 characters."))
    return problems


@transaction.atomic
def save_cities(*, rows: list[CityRow]) -> CityChanges:
    """Create the new cities and update those whose name (in the default language), country or region
    differ; a city the file does not name is left alone."""
    existing = {
        city.slug: city for city in City.objects.select_for_update().filter(slug__in=[r.slug for r in rows])
    }
    created, updated, unchanged = [], [], []
    with translation.override(DEFAULT_LANGUAGE):  # the file's name is the name in the default language
        for row in rows:
            city = existing.get(row.slug)
            if city is None:
                City.objects.create(slug=row.slug, name=row.name, country=row.country, region=row.region)
                created.append(row.slug)
            elif (city.name, city.country, city.region) != (row.name, row.country, row.region):
                city.name, city.country, city.region = row.name, row.country, row.region
                city.save(update_fields=["name", f"name_{DEFAULT_LANGUAGE}", "country", "region"])
                updated.append(row.slug)
            else:
                unchanged.append(row.slug)
    return CityChanges(created=created, updated=updated, unchanged=unchanged)
