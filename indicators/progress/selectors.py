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


def city_progress(
    city: City, indicators: list[Indicator], method: Method | None = None, *, until: int | None = None
) -> list[Row]:
    """Each indicator's status for the city, from its published figures (text values and gaps are no
    figures; with `until`, those of that year and before: a report's period) and its published target:
    two queries."""
    method = method or Method.from_settings()
    figures: dict[int, dict] = defaultdict(dict)
    numbers = published_values(city=city).filter(
        indicator__in=[indicator.pk for indicator in indicators], value__isnull=False
    )
    if until is not None:
        numbers = numbers.filter(year__lte=until)
    for indicator_id, year, value in numbers.values_list("indicator_id", "year", "value"):
        figures[indicator_id][year] = value
    targets = published_targets(city, indicators)
    return [
        row_of(indicator, figures.get(indicator.pk, {}), targets.get(indicator.pk), method)
        for indicator in indicators
    ]


def row_of(indicator: Indicator, figures: dict, target: Target | None, method: Method) -> Row:
    assessment = assess(
        figures, higher_is_better=indicator.higher_is_better, goal=goal_of(target), method=method
    )
    return Row(indicator, assessment, target)


def status_counts(rows: list[Row]) -> list[tuple[Status, int]]:
    """How many indicators are in each status, best first (every status, zero included)."""
    counts = Counter(row.status for row in rows)
    return [(status, counts[status]) for status in ORDER]


def every_city_progress(method: Method | None = None) -> list[tuple[City, list[Row]]]:
    """Every city's rows (the open data's progress file): four queries whatever the number of cities."""
    method = method or Method.from_settings()
    indicators = performance_indicators()
    figures: dict[tuple[int, int], dict] = defaultdict(dict)
    numbers = published_values().filter(
        indicator__in=[indicator.pk for indicator in indicators], value__isnull=False
    )
    for city_id, indicator_id, year, value in numbers.values_list("city_id", "indicator_id", "year", "value"):
        figures[city_id, indicator_id][year] = value
    targets = {
        (target.city_id, target.indicator_id): target
        for target in Target.objects.published().filter(indicator__in=[i.pk for i in indicators])
    }
    cities = City.objects.filter(pk__in={city_id for city_id, _ in figures} | {c for c, _ in targets})
    return [
        (
            city,
            [
                row_of(
                    indicator,
                    figures.get((city.pk, indicator.pk), {}),
                    targets.get((city.pk, indicator.pk)),
                    method,
                )
                for indicator in indicators
            ],
        )
        for city in cities.order_by("slug")
    ]
