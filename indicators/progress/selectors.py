"""Reads for progress: published figures (through indicators.selectors.published_values) and published
targets, rated by the method. A fixed number of queries per city, whatever the years and indicators."""

from collections import Counter, defaultdict
from dataclasses import dataclass

from ..models import CURRENT_EDITION, City, Indicator, Theme
from ..selectors import published_values
from .method import ORDER, Assessment, Goal, Method, Status, assess
from .models import Target


@dataclass(frozen=True)
class Row:
    indicator: Indicator
    assessment: Assessment
    target: Target | None

    @property
    def status(self) -> Status:
        return self.assessment.status


def performance_indicators(theme: Theme | None = None) -> list[Indicator]:
    indicators = Indicator.objects.of_edition(CURRENT_EDITION).performance().select_related("theme")
    return list(indicators.filter(theme=theme) if theme is not None else indicators)


def published_targets(city: City, indicators: list[Indicator]) -> dict[int, Target]:
    targets = Target.objects.published().filter(city=city, indicator__in=[i.pk for i in indicators])
    return {target.indicator_id: target for target in targets}


def goal_of(target: Target | None) -> Goal | None:
    if target is None:
        return None
    return Goal(value=target.value, year=target.year, base_year=target.base_year)


def city_progress(city: City, indicators: list[Indicator], method: Method | None = None) -> list[Row]:
    """Each indicator's status for the city, from its published figures (text values and gaps are no
    figures) and its published target: two queries."""
    method = method or Method.from_settings()
    figures: dict[int, dict] = defaultdict(dict)
    numbers = published_values(city=city).filter(
        indicator__in=[indicator.pk for indicator in indicators], value__isnull=False
    )
    for indicator_id, year, value in numbers.values_list("indicator_id", "year", "value"):
        figures[indicator_id][year] = value
    targets = published_targets(city, indicators)
    return [
        Row(
            indicator,
            assess(
                figures.get(indicator.pk, {}),
                higher_is_better=indicator.higher_is_better,
                goal=goal_of(targets.get(indicator.pk)),
                method=method,
            ),
            targets.get(indicator.pk),
        )
        for indicator in indicators
    ]


def status_counts(rows: list[Row]) -> list[tuple[Status, int]]:
    """How many indicators are in each status, best first (every status, zero included)."""
    counts = Counter(row.status for row in rows)
    return [(status, counts[status]) for status in ORDER]
