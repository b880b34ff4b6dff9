"""Reads shared by the public site, the API, downloads and reports: one definition of "published"."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db.models import Max, QuerySet
from django.utils import timezone

from .models import City, IndicatorValue, reading


def published_values(*, city: City | None = None) -> QuerySet[IndicatorValue]:
    """Values residents may see: published only, with what a listing of them needs."""
    values = IndicatorValue.objects.published().select_related("city", "indicator", "indicator__theme")
    return values.filter(city=city) if city is not None else values


@dataclass(frozen=True)
class Revision:
    """A published figure that replaced an earlier published one."""

    revised_at: datetime
    earlier: Decimal | str
    note: str = ""  # the public revision note written by the reviewer who published the correction


def published_revisions(values: list[IndicatorValue]) -> dict[int, Revision]:
    """For each value whose published figure differs from a figure published before, the last earlier one.

    Read from the value history in one query, so residents see corrections, never silent changes.
    """
    history = (
        IndicatorValue.history.filter(id__in=[v.pk for v in values], status=IndicatorValue.Status.PUBLISHED)
        .order_by("id", "history_date")
        .values_list("id", "history_date", "value", "text_value", "gap", "gap_reason", "revision_note")
    )
    figures: dict[int, list[tuple[datetime, Decimal | str, str]]] = {}
    for value_id, when, number, text, gap, reason, note in history:
        figure = reading(number, text, gap, reason, figure=lambda exact: exact)
        published = figures.setdefault(value_id, [])
        if not published or published[-1][1] != figure:
            published.append((when, figure, note))
    revisions = {}
    for value_id, published in figures.items():
        if len(published) > 1:
            revisions[value_id] = Revision(
                revised_at=published[-1][0], earlier=published[-2][1], note=published[-1][2]
            )
    return revisions


def collection_year(city: City) -> int:
    """The year being collected for `city`: the open collection round's year when one is open
    (`open_round_year`), else the year after its latest published year, at most last year (and last
    year when nothing is published yet)."""
    from .models import FIRST_YEAR, last_allowed_year

    last_year = min(timezone.localdate().year - 1, last_allowed_year())
    round_year = open_round_year(city)
    if round_year is not None:
        return round_year
    latest = IndicatorValue.objects.published().filter(city=city).aggregate(latest=Max("year"))["latest"]
    return last_year if latest is None else max(FIRST_YEAR, min(latest + 1, last_year))


ROUND_YEAR_SOURCES: list = []  # callables city -> year | None, registered by the apps that keep rounds


def open_round_year(city: City) -> int | None:
    """The year of the collection round open for `city`, or None. The core knows no rounds: the app
    that keeps them (indicators.collection) registers its answer in ROUND_YEAR_SOURCES."""
    for source in ROUND_YEAR_SOURCES:
        year = source(city)
        if year is not None:
            return year
    return None
