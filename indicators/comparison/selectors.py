"""Reads for the comparison: peer groups, their member cities and the published figures they compare.

Only published figures are read, of every city including the home city: a draft is never compared.
Each function is one query whatever the number of cities or years.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from django.db.models import BooleanField, ExpressionWrapper, Max, OuterRef, Q, QuerySet, Subquery

from ..models import CURRENT_EDITION, POPULATION_CODE, City, Indicator, IndicatorValue
from .models import PeerGroup

if TYPE_CHECKING:
    import pandas as pd

FIGURE_COLUMNS = ["city_id", "indicator_id", "own_indicator_id", "year", "figure", "source"]


DEFAULT_GROUP = "polish-cities"


def peer_groups() -> list[PeerGroup]:
    return list(PeerGroup.objects.order_by("name"))


def default_group(groups: list[PeerGroup]) -> PeerGroup | None:
    """Polish cities when that group exists, else the first group."""
    return next((group for group in groups if group.slug == DEFAULT_GROUP), groups[0] if groups else None)


def latest_population() -> Subquery:
    """A city's total population (PPL-01) in the latest year it was published, for City annotations."""
    figures = IndicatorValue.objects.published().filter(
        city=OuterRef("pk"), indicator__edition=CURRENT_EDITION, indicator__code=POPULATION_CODE
    )
    return Subquery(figures.order_by("-year").values("value")[:1])


def membership(group: PeerGroup) -> Q:
    """The condition a city meets to belong to the group (on a City query annotated with population)."""
    chosen = Q(pk__in=group.members.values("pk"))
    if not group.by_rule:
        return chosen
    rule = Q(pk__isnull=False)  # no criterion: every city
    if group.rule_country:
        rule &= Q(country=group.rule_country)
    if group.rule_region:
        rule &= Q(region__iexact=group.rule_region)
    if group.rule_population_min is not None:
        rule &= Q(population__gte=group.rule_population_min)
    if group.rule_population_max is not None:
        rule &= Q(population__lte=group.rule_population_max)
    return chosen | rule


def with_population(group: PeerGroup) -> QuerySet[City]:
    """Cities, annotated with their latest population only when the group's rule needs it."""
    needed = group.by_rule and (
        group.rule_population_min is not None or group.rule_population_max is not None
    )
    return City.objects.annotate(population=latest_population()) if needed else City.objects.all()


def member_cities(group: PeerGroup) -> QuerySet[City]:
    return with_population(group).filter(membership(group))


def compared(group: PeerGroup, home: City) -> QuerySet[City]:
    """The group's cities and the home city, which is always compared: the figure reads filter on it
    in the database rather than on a list of hundreds of ids."""
    return with_population(group).filter(membership(group) | Q(pk=home.pk))


def compared_cities(group: PeerGroup, home: City) -> pd.DataFrame:
    """The compared cities (`compared`), and whether each belongs to the group (`member`)."""
    import pandas as pd

    rows = (
        compared(group, home)
        .annotate(member=ExpressionWrapper(membership(group), output_field=BooleanField()))
        .values("id", "name", "slug", "country", "member")
    )
    return pd.DataFrame.from_records(
        list(rows), columns=["id", "name", "slug", "country", "member"]
    ).set_index("id", drop=False)


def published_figures(
    indicators: list[Indicator],
    cities: QuerySet[City],
    years: dict[int, range] | None = None,
    *,
    latest_only: bool = False,
) -> pd.DataFrame:
    """Published numeric figures of the indicators (and of any indicator with the same code in another
    edition, so the page can say how many it left out) for the cities, optionally within years per
    indicator. `indicator_id` is the indicator compared, `own_indicator_id` the one the figure was
    published for (comparability decides what differs); `figure` and `value` are the exact Decimal.

    `latest_only` reads only each city's latest figure of each indicator within its years, and none of
    another edition: all that a comparison of each city's latest figure can choose from.
    """
    import pandas as pd

    by_code = {indicator.code: indicator.pk for indicator in indicators}
    values = IndicatorValue.objects.published().filter(
        indicator__code__in=by_code, city__in=cities.values("pk"), value__isnull=False
    )
    if years is not None:
        codes_by_span = defaultdict(list)  # most indicators share a span: one condition for each span
        for indicator in indicators:
            span = years.get(indicator.pk)
            if span is not None:
                codes_by_span[span.start, span.stop].append(indicator.code)
        within = Q(pk__in=[])
        for (start, stop), codes in codes_by_span.items():
            within |= Q(indicator__code__in=codes, year__gte=start, year__lt=stop)
        values = values.filter(within)
    if latest_only:
        values = (
            values.filter(indicator__in=indicators)
            .order_by("indicator_id", "city_id", "-year")
            .distinct("indicator_id", "city_id")
        )
    else:
        values = values.order_by()
    rows = values.values_list("city_id", "indicator__code", "indicator_id", "year", "value", "source")
    frame = pd.DataFrame.from_records(list(rows), columns=FIGURE_COLUMNS)
    frame["indicator_id"] = frame["indicator_id"].map(by_code)
    frame["figure"] = frame["figure"].astype(object)
    frame["value"] = frame["figure"]
    return frame


def own_latest_years(city: City, indicators: list[Indicator]) -> dict[int, int]:
    """Per indicator the city has published a figure of: the latest year it did."""
    rows = (
        IndicatorValue.objects.published()
        .filter(city=city, indicator__in=indicators, value__isnull=False)
        .order_by()
        .values("indicator_id")
        .annotate(latest=Max("year"))
    )
    return {row["indicator_id"]: row["latest"] for row in rows}


def latest_years(
    indicators: list[Indicator], cities: QuerySet[City], home: City
) -> dict[int, tuple[int | None, int | None]]:
    """Per indicator: (the home city's latest published year, the latest published year of any city)."""
    rows = (
        IndicatorValue.objects.published()
        .filter(indicator__in=indicators, city__in=cities.values("pk"), value__isnull=False)
        .order_by()
        .values("indicator_id")
        .annotate(home_year=Max("year", filter=Q(city=home)), any_year=Max("year"))
    )
    return {row["indicator_id"]: (row["home_year"], row["any_year"]) for row in rows}


def published_years(indicators: list[Indicator], cities: QuerySet[City]) -> list[int]:
    """The years in which any of the cities published a figure of any of the indicators."""
    values = IndicatorValue.objects.published().filter(
        indicator__in=indicators, city__in=cities.values("pk"), value__isnull=False
    )
    return list(values.order_by("year").values_list("year", flat=True).distinct())


def latest_figures_of(
    cities: list[City], indicators: list[Indicator]
) -> dict[tuple[int, int], IndicatorValue]:
    """Each (city, indicator)'s latest published figure, in one query for every city (only the latest
    year's rows are read)."""
    latest_year = (
        IndicatorValue.objects.published()
        .filter(city=OuterRef("city"), indicator=OuterRef("indicator"))
        .order_by("-year")
        .values("year")[:1]
    )
    values = (
        IndicatorValue.objects.published()
        .filter(city__in=cities, indicator__in=indicators, year=Subquery(latest_year))
        .select_related("indicator")
    )
    return {(value.city_id, value.indicator_id): value for value in values}
