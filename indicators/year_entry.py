"""The year-entry grid as data: one row per indicator for a city and year, saved row by row.

Every row is written through indicators.services.save_value; a row that fails keeps what was typed
and gets its error, the others are saved.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from . import workflow
from .models import City, Indicator, IndicatorValue, Theme
from .numbers import NumberError, exact_text, read_typed
from .selectors import published_values
from .services import save_value

PREVIOUS_YEARS = 3


@dataclass
class Row:
    indicator: Indicator
    stored: IndicatorValue | None
    previous: list[str]  # published figures of the three years before, oldest first ("" when none)
    typed_value: str = ""
    typed_source: str = ""
    typed_notes: str = ""
    lock: str = ""
    errors: list[str] = field(default_factory=list)
    outcome: str = ""

    @property
    def prefix(self) -> str:
        return f"i{self.indicator.pk}"


def indicators_for(theme: Theme | None, edition: int = 2014):
    indicators = Indicator.objects.of_edition(edition).select_related("theme")
    return indicators.filter(theme=theme) if theme is not None else indicators


def build_rows(*, user, city: City, year: int, theme: Theme | None) -> list[Row]:
    """The grid as stored (3 queries): current values, the last three published years, locks."""
    indicators = list(indicators_for(theme))
    stored = {
        value.indicator_id: value
        for value in IndicatorValue.objects.filter(
            city=city, year=year, indicator__in=indicators
        ).select_related("verified_by", "published_by")
    }
    years = list(range(year - PREVIOUS_YEARS, year))
    published = {
        (value.indicator_id, value.year): as_typed(value)
        for value in published_values(city=city).filter(year__in=years, indicator__in=indicators)
    }
    rows = []
    for indicator in indicators:
        value = stored.get(indicator.pk)
        lock = (
            workflow.lock_reason(user, value) if value is not None else workflow.lock_reason(user, _blank())
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
                lock=lock,
            )
        )
    return rows


def _blank() -> IndicatorValue:
    return IndicatorValue(status=IndicatorValue.Status.DRAFT)


def as_typed(value: IndicatorValue) -> str:
    """The stored figure as the user's language types it, so saving the grid unchanged reads it back."""
    return value.text_value if value.value is None else exact_text(value.value, language=get_language())


def save_rows(*, user, city: City, year: int, rows: list[Row], data) -> list[Row]:
    """Read what was typed for each open row and save it; rows keep what was typed and their errors."""
    for row in rows:
        if row.lock:
            continue
        row.typed_value = data.get(f"{row.prefix}-value", "").strip()
        row.typed_source = data.get(f"{row.prefix}-source", "").strip()
        row.typed_notes = data.get(f"{row.prefix}-notes", "").strip()
        if not row.typed_value:
            if row.stored is None and (row.typed_source or row.typed_notes):
                row.errors = [_("Enter the value, or clear the source and notes.")]
            continue
        try:
            figures = _figures(row.indicator, row.typed_value)
        except NumberError as error:
            row.errors = [str(error)]
            continue
        try:
            row.stored, row.outcome = save_value(
                user=user,
                change_reason=_("year-entry grid"),
                city=city,
                indicator=row.indicator,
                year=year,
                source=row.typed_source,
                notes=row.typed_notes,
                numerator=row.stored.numerator if row.stored is not None else None,
                denominator=row.stored.denominator if row.stored is not None else None,
                **figures,
            )
        except ValidationError as error:
            row.errors = error.messages
    return rows


def _figures(indicator: Indicator, typed: str) -> dict:
    """The text for text indicators; for numeric ones the number as the user's language reads it."""
    if indicator.is_text:
        return {"text_value": typed}
    return {"value": read_typed(typed)}
