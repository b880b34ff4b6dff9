"""The year-entry grid as data: one row per indicator for a city and year, saved row by row.

Every row is written through indicators.services.save_value; a row that fails keeps what was typed
and gets its error, the others are saved. The page carries what each row held when it was opened
(hidden fields), so only the fields the user changed are sent, with the version they saw: a
colleague's change to another row or field is never put back, and a stale row is refused.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from . import quality, workflow
from .models import CURRENT_EDITION, City, Indicator, IndicatorValue, Theme, ValueKind
from .numbers import NumberError, gap_sign, read_typed, sign_fields, typed
from .params import parse_id
from .selectors import published_values
from .services import save_value

PREVIOUS_YEARS = 3
PER_CENT = Decimal(100)
TYPED = ("value", "numerator", "denominator", "source", "notes", "explanation")  # a row's inputs
RATIO = ("numerator", "denominator")
OFFERED_WHERE_NEEDED = ("numerator", "denominator", "explanation")  # inputs some rows do not have


@dataclass
class Row:
    indicator: Indicator
    stored: IndicatorValue | None
    previous: list[str]  # published figures of the three years before, oldest first ("" when none)
    typed_value: str = ""
    typed_source: str = ""
    typed_notes: str = ""
    typed_explanation: str = ""  # the review note: why a figure with warnings is right
    typed_numerator: str = ""
    typed_denominator: str = ""
    lock: str = ""
    errors: list[str] = field(default_factory=list)
    outcome: str = ""
    seen: dict = field(default_factory=dict)  # what the row held when the page was opened
    seen_version: int | None = None
    problems: list[str] = field(default_factory=list)  # blocking problems of the stored value
    warnings: list[str] = field(default_factory=list)  # warnings of the stored value, to explain

    @property
    def prefix(self) -> str:
        return f"i{self.indicator.pk}"

    @property
    def is_ratio(self) -> bool:
        """A rate per a scale other than per cent (per 100 000, per 1 000): its numerator and denominator
        are asked for, since the quality checks compare the denominator with the population; a percentage
        gets them once it holds them."""
        scale = self.indicator.scale
        if scale is None or self.indicator.is_text:
            return False
        return scale != PER_CENT or bool(self.seen.get("numerator") or self.seen.get("denominator"))

    @property
    def asks_explanation(self) -> bool:
        """The explanation field is offered where a warning needs one, or one is kept already."""
        return bool(self.warnings or self.typed_explanation or self.seen.get("explanation"))

    @property
    def unexplained(self) -> bool:
        return bool(self.warnings) and not (self.stored is not None and self.stored.review_note.strip())


def indicators_for(theme: Theme | None, edition: int = CURRENT_EDITION):
    indicators = Indicator.objects.of_edition(edition).select_related("theme")
    return indicators.filter(theme=theme) if theme is not None else indicators


def build_rows(*, user, city: City, year: int, theme: Theme | None) -> list[Row]:
    """The grid as stored (3 queries): current values, the last three published years, locks."""
    indicators = list(indicators_for(theme))
    stored = {
        value.indicator_id: value
        for value in IndicatorValue.objects.filter(
            city=city, year=year, indicator__in=indicators
        ).select_related("verified_by", "published_by", "updated_by")
    }
    for value in stored.values():
        value.city = city  # the lock of a city the person does not work on names it: no query per row
    years = list(range(year - PREVIOUS_YEARS, year))
    published = {
        (value.indicator_id, value.year): as_typed(value)
        for value in published_values(city=city).filter(year__in=years, indicator__in=indicators)
    }
    rows = []
    for indicator in indicators:
        value = stored.get(indicator.pk)
        lock = (
            workflow.lock_reason(user, value)
            if value is not None
            else workflow.lock_reason(user, _blank(city))
        )
        if value is not None and not lock and value.status == IndicatorValue.Status.PUBLISHED:
            lock = _("Published: correct it on the value's own page, with a public revision note.")
        rows.append(
            Row(
                indicator=indicator,
                stored=value,
                previous=[published.get((indicator.pk, past), "") for past in years],
                typed_value=as_typed(value) if value is not None else "",
                typed_source=value.source if value is not None else "",
                typed_notes=value.notes if value is not None else "",
                typed_explanation=value.review_note if value is not None else "",
                typed_numerator=_typed_or_blank(value.numerator) if value is not None else "",
                typed_denominator=_typed_or_blank(value.denominator) if value is not None else "",
                lock=lock,
                seen_version=value.version if value is not None else None,
            )
        )
        rows[-1].seen = {name: getattr(rows[-1], f"typed_{name}") for name in TYPED}
    check_rows(rows)
    return rows


def check_rows(rows: list[Row]) -> None:
    """Each stored row's blocking problems and warnings, by the quality module's rules (two queries for
    all rows): what a reviewer will be told, told where the figure is typed."""
    stored = [row.stored for row in rows if row.stored is not None]
    baseline = quality.Baseline.of(stored) if stored else None
    for row in rows:
        if row.stored is None:
            row.problems, row.warnings = [], []
            continue
        row.problems = quality.blocking_problems(row.stored)
        row.warnings = baseline.warnings(row.stored)


def _typed_or_blank(figure) -> str:
    return "" if figure is None else typed(figure)


def _blank(city: City) -> IndicatorValue:
    return IndicatorValue(city=city, status=IndicatorValue.Status.DRAFT)


def as_typed(value: IndicatorValue) -> str:
    """The stored figure as the user's language types it, so saving the grid unchanged reads it back; a
    gap as its sign (x, .)."""
    return value.reads(gap_as=gap_sign)


def save_rows(*, user, city: City, year: int, rows: list[Row], data) -> list[Row]:
    """Save what was typed where it differs from what the row held; rows keep what was typed and errors.

    Every row's seen version is read before any row is saved, so an unreadable one (BadParameter, a 400
    page) changes nothing."""
    seen_versions = {
        row.prefix: parse_id(data.get(f"{row.prefix}-seen-version"), parameter=f"{row.prefix}-seen-version")
        for row in rows
        if not row.lock
    }
    for row in rows:
        if row.lock:
            continue
        row.seen = {name: data.get(f"{row.prefix}-seen-{name}", "").strip() for name in TYPED}
        row.seen_version = seen_versions[row.prefix]
        texts = {}
        for name in TYPED:
            sent = f"{row.prefix}-{name}"
            # an input the row did not offer keeps what the row held
            text = row.seen[name] if name in OFFERED_WHERE_NEEDED and sent not in data else data.get(sent, "")
            texts[name] = text.strip()
            setattr(row, f"typed_{name}", texts[name])
        changed = {name for name, text in texts.items() if text != row.seen[name]}
        if not changed:
            continue
        if not row.typed_value:
            if row.stored is None and (row.typed_source or row.typed_notes):
                row.errors = [_("Enter the value, or clear the source and notes.")]
            continue
        try:
            # a gap's reason is the row's notes: changed notes change the reason too
            stored_gap = row.stored is not None and row.stored.holds is ValueKind.GAP
            figure_typed = "value" in changed or row.stored is None or (stored_gap and "notes" in changed)
            fields = _figures(row.indicator, row.typed_value, row.typed_notes) if figure_typed else {}
            fields.update(
                {name: read_typed(texts[name]) if texts[name] else None for name in RATIO if name in changed}
            )
        except NumberError as error:
            row.errors = [str(error)]
            continue
        fields.update({name: texts[name] for name in ("source", "notes") if name in changed})
        try:
            row.stored, row.outcome = save_value(
                user=user,
                change_reason=_("year-entry grid"),
                review_note=texts["explanation"] if "explanation" in changed else None,
                city=city,
                indicator=row.indicator,
                year=year,
                version=row.seen_version,
                create_only=row.seen_version is None,  # the row was empty when the page was opened
                **fields,
            )
        except ValidationError as error:
            row.errors = error.messages
        else:
            row.seen, row.seen_version = texts, row.stored.version
    check_rows(rows)
    return rows


def _figures(indicator: Indicator, text: str, notes: str) -> dict:
    """What the typed text records: a statistical sign as the import reads it (x, . a gap with the row's
    notes as its reason; - a zero), else the text of a text indicator or the number as the user's
    language reads it. A figure replaces a gap the value held."""
    signed = sign_fields(text, indicator=indicator, reason=notes, in_file=False)
    if signed is not None:
        return signed
    if indicator.is_text:
        return {"text_value": text, "gap": "", "gap_reason": ""}
    return {"value": read_typed(text), "gap": "", "gap_reason": ""}


@dataclass
class Section:
    """A theme's rows: the grid is read and saved a section at a time, as in DHIS2's section forms."""

    theme: Theme | None  # None: the city profile's indicators, which belong to no theme
    rows: list[Row]


def page_context(rows: list[Row], *, year: int, theme: Theme | None, themes) -> dict:
    sections: list[Section] = []
    for row in rows:
        if not sections or sections[-1].rows[0].indicator.theme_id != row.indicator.theme_id:
            sections.append(Section(theme=row.indicator.theme, rows=[]))
        sections[-1].rows.append(row)
    return {
        "rows": rows,
        "sections": sections,
        "previous_years": list(range(year - PREVIOUS_YEARS, year)),
        "errors": [row for row in rows if row.errors],
        "unexplained": [row for row in rows if row.unexplained],
        "with_problems": [row for row in rows if row.problems],
        "next_theme": _next_theme(theme, themes),
    }


def _next_theme(theme: Theme | None, themes) -> Theme | None:
    """The section after this one, so a statistician goes through the year theme by theme."""
    if theme is None:
        return None
    following = [other for other in themes if (other.number, other.pk) > (theme.number, theme.pk)]
    return min(following, key=lambda other: (other.number, other.pk), default=None)
