"""Reads for the statistician's desk: a year's completeness per city and the reviewers' inbox.

Counts come from one grouped query per city-year; the inbox's warnings from one quality.Baseline read
for all its values, by the same rules the workflow checks.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Q

from .models import CURRENT_EDITION, City, Indicator, IndicatorValue
from .quality import Baseline

Status = IndicatorValue.Status
KINDS = (Indicator.Kind.CORE, Indicator.Kind.SUPPORTING)


@dataclass
class Completeness:
    """A city's year, per kind (core, supporting): how far the figures have come."""

    city: City
    year: int
    counts: dict = field(default_factory=dict)  # kind → {entered, explained, ready, verified, ...}

    def reported(self, kind: str) -> int:
        """Figures entered that would count for a level once published (a gap never counts)."""
        return self.counts[kind]["figures"]


def completeness(cities, year: int) -> list[Completeness]:
    """Each city's counts for `year` (two queries in all): entered, explained (warnings' note),
    ready, verified, published, gaps, missing; core and supporting apart."""
    totals = Counter(
        Indicator.objects.of_edition(CURRENT_EDITION).filter(kind__in=KINDS).values_list("kind", flat=True)
    )
    rows = (
        IndicatorValue.objects.filter(
            city__in=cities, year=year, indicator__edition=CURRENT_EDITION, indicator__kind__in=KINDS
        )
        .values_list("city_id", "indicator__kind", "status", "gap", "review_note")
        .order_by()
    )
    found: dict[int, dict] = {}
    for city_id, kind, status, gap, review_note in rows:
        counts = found.setdefault(city_id, {}).setdefault(kind, Counter())
        counts["entered"] += 1
        counts[status] += 1
        counts["gaps" if gap else "figures"] += 1
        counts["explained"] += bool(review_note.strip())
    result = []
    for city in cities:
        per_kind = {}
        for kind in KINDS:
            counts = found.get(city.pk, {}).get(kind, Counter())
            per_kind[kind] = {
                "total": totals[kind],
                "entered": counts["entered"],
                "explained": counts["explained"],
                "draft": counts[Status.DRAFT],
                "ready": counts[Status.READY],
                "verified": counts[Status.VERIFIED],
                "published": counts[Status.PUBLISHED],
                "gaps": counts["gaps"],
                "figures": counts["figures"],
                "missing": totals[kind] - counts["entered"],
            }
        result.append(Completeness(city=city, year=year, counts=per_kind))
    return result


@dataclass
class InboxItem:
    value: IndicatorValue
    warnings: list[str]

    @property
    def author(self):
        return self.value.edited_by or self.value.updated_by


def review_inbox(user) -> list[InboxItem]:
    """What waits for a reviewer: values handed over as ready, and corrections waiting for a second
    reviewer, of the cities the person works on; each with its warnings, explanation and author."""
    values = list(
        IndicatorValue.objects.worked_on_by(user)
        .filter(Q(status=Status.READY) | Q(pending_at__isnull=False))
        .select_related("city", "indicator", "indicator__theme", "edited_by", "updated_by", "pending_by")
        .order_by("city__name", "-year", "indicator__sort_key")
    )
    baseline = Baseline.of(values) if values else None
    return [InboxItem(value=value, warnings=baseline.warnings(value)) for value in values]


def missing_indicators(city: City, year: int) -> list[Indicator]:
    """The current edition's indicators without any value for the city's year (one query)."""
    return list(
        Indicator.objects.of_edition(CURRENT_EDITION)
        .exclude(values__city=city, values__year=year)
        .order_by("sort_key")
    )
