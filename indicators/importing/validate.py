"""Step 2, validate: raw records → rows the service understands, and every problem with its cell.

Cells are read as Excel really stores them: numbers, or numbers typed as text in either convention
(indicators.numbers decides, from the file's own cells, what "776,298" means), fractions shown with a
% format, codes and years stored as numbers or text. An empty value cell is skipped. The Polish statistical
signs keep their meaning (indicators.numbers.statistical_sign): `x` records "not applicable", `.` "not
available" (with the row's reason, notes or explanation, else a reason naming the sign), `-` a zero.
"""

import datetime
import re
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext as _

from ..csv_safe import FORMULA_PREFIXES
from ..models import FIRST_YEAR, City, Indicator, IndicatorValue, last_allowed_year
from ..numbers import GAP_SIGNS, FileSigns, NumberError, from_spreadsheet, sign_fields, statistical_sign
from .read import MISSING_FORMULA_VALUE, Cell, Record, WorkbookContent, normalise_header

NO_DATA_SIGNS = {"", "-", ".", "x", "–", "—"}  # in a column besides the value: nothing given
YEAR_TEXT = re.compile(r"(\d{4})(\s*r\.?)?")
NUMERIC_CODE = re.compile(r"\d+(\.\d+)?")
DATE_TEXT = re.compile(r"(\d{1,2})\.(\d{1,2})\.\d{4}")  # 05.01.2026: a code a spreadsheet saved as a date
FIGURE_COLUMNS = ("numerator", "denominator")  # besides the value


class CellError(ValueError):
    """A cell that cannot be read as what its column promises; the message is for the user."""


@dataclass(frozen=True)
class Problem:
    ref: str
    message: str
    line: tuple[str, int] | None = None  # the file's row (sheet, number) it refuses; None: the whole file

    def __str__(self):
        return f"{self.ref}: {self.message}" if self.ref else self.message


@dataclass
class Validated:
    rows: list[dict] = field(default_factory=list)  # what apply_planned_values takes
    records: list[Record] = field(default_factory=list)  # where each row came from, same order
    errors: list[Problem] = field(default_factory=list)
    skipped: int = 0


def is_no_data(value) -> bool:
    return value is None or (isinstance(value, str) and value.strip().lower() in NO_DATA_SIGNS)


def is_empty(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def read_figure(cell: Cell, signs: FileSigns) -> Decimal:
    """A Decimal from a number cell, or from text read by what the file's own cells show its signs mean."""
    raw = cell.value
    if raw is MISSING_FORMULA_VALUE:
        raise CellError(_missing_formula())
    try:
        if isinstance(raw, int | float | Decimal) and not isinstance(raw, bool):
            return from_spreadsheet(raw, percent=cell.percent)
        if isinstance(raw, str):
            return signs.read((cell.sheet, cell.column), raw)
    except NumberError as error:
        raise CellError(str(error)) from error
    raise CellError(_("%(value)s is not a number.") % {"value": raw})


def learn_signs(content: WorkbookContent, catalogue: "Catalogue") -> FileSigns:
    """What "," and "." mean in this file, from its text figures that can be read one way only."""
    signs = FileSigns()
    for record in content.records:
        cells = [record.extras[name] for name in FIGURE_COLUMNS if name in record.extras]
        if isinstance(record.value.value, str):  # only a text cell teaches anything: no look-up for numbers
            indicator = catalogue.indicators.get(str(record.code.value).strip().lower())
            if indicator is None or not indicator.is_text:
                cells.append(record.value)
        for cell in cells:
            if isinstance(cell.value, str):
                signs.learn((cell.sheet, cell.column), cell.value, cell.ref)
    return signs


def parse_year(cell: Cell, last_year: int | None = None) -> int:
    raw = cell.value
    if raw is MISSING_FORMULA_VALUE:
        raise CellError(_missing_formula())
    year = None
    if isinstance(raw, int | float) and not isinstance(raw, bool) and float(raw).is_integer():
        year = int(raw)
    elif isinstance(raw, str) and (match := YEAR_TEXT.fullmatch(raw.strip())):
        year = int(match.group(1))
    if year is None:
        raise CellError(_("“%(value)s” is not a year.") % {"value": "" if raw is None else raw})
    last_year = last_year or last_allowed_year()
    if not FIRST_YEAR <= year <= last_year:
        raise CellError(
            _("The year %(year)s is outside %(first)s–%(last)s.")
            % {"year": year, "first": FIRST_YEAR, "last": last_year}
        )
    return year


def parse_text(cell: Cell) -> str:
    raw = cell.value
    if raw is MISSING_FORMULA_VALUE:
        raise CellError(_missing_formula())
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    text = str(raw).strip()
    if text.startswith("'") and text[1:].startswith(FORMULA_PREFIXES):
        return text[1:]  # written escaped by our own export, so a spreadsheet would not run it
    return text


def _missing_formula() -> str:
    return _("The formula has no computed value: open the file in Excel, let it calculate and save it.")


class Catalogue:
    """Indicators and cities by every spelling a workbook may use; loaded once per import. A cell's
    content that named an indicator, a city or a year once names it again: the answer is kept, by the
    content's type and value (1, 1.0 and "1" stay apart), so a file's thousands of repeated codes are
    read once each."""

    def __init__(self, edition: int):
        self.known: dict[tuple, object] = {}  # (what, type, content) → what it was read as
        self.indicators = {
            indicator.code.lower(): indicator for indicator in Indicator.objects.of_edition(edition)
        }
        self.by_name: dict[str, set[Indicator]] = {}  # any language's name, compared loosely
        for indicator in self.indicators.values():
            for language, _name in settings.LANGUAGES:
                name = getattr(indicator, f"name_{language}", "")
                if name:
                    self.by_name.setdefault(loose_name(name), set()).add(indicator)
        self.numeric_codes: dict[Decimal, list[Indicator]] = {}
        for indicator in self.indicators.values():
            if NUMERIC_CODE.fullmatch(indicator.code):
                self.numeric_codes.setdefault(Decimal(indicator.code), []).append(indicator)
        self.cities: dict[str, City] = {}
        for city in City.objects.all():
            self.cities[city.slug.lower()] = city
            self.cities.setdefault(city.name.lower(), city)
        self.last_year = last_allowed_year()  # asked once: it reads the clock and the time zone
        self.statuses = {}
        for status in IndicatorValue.Status:
            self.statuses[status.value] = status.value
            self.statuses[str(status.label).lower()] = status.value

    def _remembered(self, what: str, cell: Cell, read):
        key = (what, cell.value.__class__, cell.value)
        found = self.known.get(key)
        if found is None:
            found = self.known[key] = read(cell)
        return found

    def indicator(self, cell: Cell) -> Indicator:
        return self._remembered("indicator", cell, self._indicator)

    def year(self, cell: Cell) -> int:
        return self._remembered("year", cell, lambda cell: parse_year(cell, self.last_year))

    def city(self, cell: Cell) -> City:
        return self._remembered("city", cell, self._city)

    def _indicator(self, cell: Cell) -> Indicator:
        raw = cell.value
        if raw is MISSING_FORMULA_VALUE:
            raise CellError(_missing_formula())
        if isinstance(raw, int | float) and not isinstance(raw, bool):
            return self._numeric_code(raw)
        if isinstance(raw, datetime.date):
            raise CellError(self._date_code_message(raw.day, raw.month, raw.strftime("%d.%m.%Y")))
        code = str(raw).strip()
        indicator = self.indicators.get(code.lower())
        if indicator is None:
            day_month = DATE_TEXT.fullmatch(code)
            if day_month:
                day, month = (int(part) for part in day_month.groups())
                raise CellError(self._date_code_message(day, month, code))
            raise CellError(_("Unknown indicator “%(code)s”.") % {"code": code})
        return indicator

    def name_disagrees(self, indicator: Indicator, cell: Cell) -> str | None:
        """Why a row's indicator name does not go with its code: the name is another indicator's (a
        spreadsheet saved 16.10 as 16.1); a shortened or free name is not second-guessed."""
        if not isinstance(cell.value, str):
            return None
        named = self.by_name.get(loose_name(cell.value), set())
        if not named or indicator in named:
            return None
        other = min(named, key=lambda candidate: candidate.sort_key)
        return _(
            "The code says %(code)s (%(name)s) but the name is that of %(other_code)s (%(other_name)s): "
            "check the code (a spreadsheet turns 16.10 into 16.1) and import the row again."
        ) % {
            "code": indicator.code,
            "name": indicator.name,
            "other_code": other.code,
            "other_name": other.name,
        }

    def _date_code_message(self, day: int, month: int, shown: str) -> str:
        """5.1 opened in a Polish or German spreadsheet becomes 5 January: name the code it probably was."""
        code = f"{day}.{month}"
        known = code.lower() in self.indicators
        return _(
            "The code was turned into the date %(date)s by a spreadsheet (in Polish or German settings "
            "5.1 becomes 5 January)%(probably)s: format the column as text and type the code again."
        ) % {
            "date": shown,
            "probably": _(", probably the code %(code)s") % {"code": code} if known else "",
        }

    def _numeric_code(self, raw) -> Indicator:
        """16.10 typed into Excel becomes the number 16.1: a number matching two codes is refused."""
        candidates = self.numeric_codes.get(
            Decimal(repr(raw)) if isinstance(raw, float) else Decimal(raw), []
        )
        if len(candidates) == 1:
            return candidates[0]
        if not candidates:
            raise CellError(_("Unknown indicator “%(code)s”.") % {"code": raw})
        raise CellError(
            _(
                "The code is stored as the number %(number)s, which could be %(codes)s: "
                "format the column as text and type the code again."
            )
            % {"number": raw, "codes": _(" or ").join(indicator.code for indicator in candidates)}
        )

    def _city(self, cell: Cell) -> City:
        name = parse_text(cell)
        city = self.cities.get(name.lower())
        if city is None:
            raise CellError(_("Unknown city “%(city)s”.") % {"city": name})
        return city

    def status(self, cell: Cell) -> str | None:
        name = parse_text(cell).lower()
        if not name:
            return None
        if name not in self.statuses:
            raise CellError(
                _("Unknown status “%(status)s”: use draft, verified or published.") % {"status": name}
            )
        return self.statuses[name]


def validate(content: WorkbookContent, *, default_city: City, catalogue: Catalogue) -> Validated:
    """Each record → a row for the service, or problems pointing at its cells; duplicates refused."""
    result = Validated()
    result.errors.extend(
        Problem(cell.ref, _("A value without an indicator code in its row."), (cell.sheet, cell.row))
        for cell in content.orphan_cells
        if not is_no_data(cell.value)
    )
    first_seen: dict[tuple, Cell] = {}
    signs = learn_signs(content, catalogue)
    for record in content.records:
        try:
            record = in_own_columns(record)
        except CellError as error:
            result.errors.append(
                Problem(record.value.ref, str(error), (record.value.sheet, record.value.row))
            )
            continue
        if is_empty(record.value.value):
            result.skipped += 1
            continue
        problems: list[Problem] = []
        row = _row(record, default_city, catalogue, signs, problems)
        if not problems:
            key = (row["city"].pk, row["indicator"].pk, row["year"])
            if key in first_seen:
                problems.append(
                    Problem(
                        record.value.ref,
                        _("%(code)s %(year)s for %(city)s is already given at %(first)s.")
                        % {
                            "code": row["indicator"].code,
                            "year": row["year"],
                            "city": row["city"].name,
                            "first": first_seen[key].ref,
                        },
                    )
                )
            else:
                first_seen[key] = record.value  # its reference is spelled out only for a duplicate
        if problems:
            line = (record.value.sheet, record.value.row)
            result.errors.extend(replace(problem, line=line) for problem in problems)
        else:
            result.rows.append(row)
            result.records.append(record)
    return result


GAP_NAMES = {name: sign for gap, sign in GAP_SIGNS.items() for name in (gap, sign)}  # "not_applicable" → "x"


def in_own_columns(record: Record) -> Record:
    """A row of the open data, whose text value or gap has a column of its own beside an empty `value`
    (so that `value` stays numeric for every tool), read as if that value cell held the text or the gap's
    sign. Only in the long layout: a wide row's years share one such column."""
    gap, text = record.extras.get("gap"), record.extras.get("text_value")
    if record.year.row != record.value.row or (gap is None and text is None):
        return record
    given = [cell for cell in (record.value, gap, text) if cell is not None and not is_empty(cell.value)]
    if len(given) > 1:
        raise CellError(
            _("A row holds either a figure, a text value or a gap, not %(cells)s together.")
            % {"cells": _(" and ").join(cell.ref for cell in given)}
        )
    if not given or given[0] is record.value:
        return record
    cell = given[0]
    if cell is gap:
        sign = GAP_NAMES.get(parse_text(gap).lower())
        if sign is None:
            raise CellError(
                _("“%(gap)s” is no gap: write x (not applicable) or . (not available).") % {"gap": gap.value}
            )
        cell = Cell(sign, gap.sheet, gap.row, gap.column)
    return Record(record.code, record.year, cell, record.extras)


def loose_name(text: str) -> str:
    """A name as compared: case, accents and spacing do not count."""
    return normalise_header(text)


def _gap_reason(record: Record) -> str:
    """The row's own words for a gap: its reason, notes or explanation column ("" when it has none)."""
    for name in ("gap_reason", "notes", "explanation"):
        cell = record.extras.get(name)
        if cell is not None and not is_no_data(cell.value):
            try:
                return parse_text(cell)
            except CellError:
                continue
    return ""


def _row(record: Record, default_city: City, catalogue: Catalogue, signs: FileSigns, problems: list) -> dict:
    row: dict = {}

    def figure(cell):
        return read_figure(cell, signs)

    def take(name, cell, parse):
        try:
            row[name] = parse(cell)
        except CellError as error:
            problems.append(Problem(cell.ref, str(error)))

    take("indicator", record.code, catalogue.indicator)
    name_cell = record.extras.get("name")
    disagreement = None
    if row.get("indicator") is not None and name_cell is not None:
        disagreement = catalogue.name_disagrees(row["indicator"], name_cell)
    if disagreement:
        problems.append(Problem(name_cell.ref, disagreement))
        row.pop("indicator")
    take("year", record.year, catalogue.year)
    city_cell = record.extras.get("city")
    if city_cell is not None and not is_no_data(city_cell.value):
        take("city", city_cell, catalogue.city)
    else:
        row["city"] = default_city
    indicator = row.get("indicator")
    signed = None
    if indicator is not None and statistical_sign(record.value.value) is not None:
        try:
            signed = sign_fields(record.value.value, indicator=indicator, reason=_gap_reason(record))
        except NumberError as error:
            problems.append(Problem(record.value.ref, str(error)))
            indicator = None
    if signed is not None:
        row.update(signed)
    elif indicator is not None:
        row.update(gap="", gap_reason="")
        if indicator.is_text:
            row["value"] = None
            take("text_value", record.value, parse_text)
        else:
            take("value", record.value, figure)
            row["text_value"] = ""
        if "gap_reason" in record.extras:
            take("gap_reason", record.extras["gap_reason"], parse_text)
    for name in FIGURE_COLUMNS:  # a column the sheet lacks leaves the stored figure alone
        if name in record.extras:
            cell = record.extras[name]
            if is_no_data(cell.value):
                row[name] = None
            else:
                take(name, cell, figure)
    for name in ("source", "notes"):
        if name in record.extras:
            take(name, record.extras[name], parse_text)
    explanation = record.extras.get("explanation")
    if explanation is not None and not is_no_data(explanation.value):  # a blank one keeps the stored note
        take("review_note", explanation, parse_text)
    status_cell = record.extras.get("status")
    if status_cell is not None:
        take("status", status_cell, catalogue.status)
        if row.get("status") is None:
            row.pop("status", None)
    return row
