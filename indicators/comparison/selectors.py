"""Reads for the comparison: peer groups, their member cities and the published figures they compare.

Only published figures are read, of every city including the home city: a draft is never compared.
Each function is one query whatever the number of cities or years.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import BooleanField, ExpressionWrapper, Max, OuterRef, Q, QuerySet, Subquery

from ..models import CURRENT_EDITION, POPULATION_CODE, City, Indicator, IndicatorValue
from .models import PeerGroup

if TYPE_CHECKING:
    import pandas as pd

FIGURE_COLUMNS = ["city_id", "indicator_id", "year", "figure", "source", "edition", "unit"]


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
    indicators: list[Indicator], cities: QuerySet[City], years: dict[int, range] | None = None
) -> pd.DataFrame:
    """Published numeric figures of the indicators (and of any indicator with the same code in another
    edition, so the page can say how many it left out) for the cities, optionally within years per
    indicator. `value` is the figure as a float for the arithmetic; `figure` keeps the exact Decimal."""
    import pandas as pd

    codes = {indicator.code for indicator in indicators}
    values = IndicatorValue.objects.published().filter(
        indicator__code__in=codes, city__in=cities.values("pk"), value__isnull=False
    )
    if years is not None:
        within = Q(pk__in=[])
        for indicator in indicators:
            span = years.get(indicator.pk)
            if span is not None:
                within |= Q(indicator__code=indicator.code, year__gte=span.start, year__lt=span.stop)
        values = values.filter(within)
    rows = values.order_by().values_list(
        "city_id", "indicator__code", "year", "value", "source", "indicator__edition", "indicator__unit"
    )
    frame = pd.DataFrame.from_records(list(rows), columns=FIGURE_COLUMNS)
    # a figure of another edition is filed under the indicator with its code in this one, to be counted
    frame["indicator_id"] = frame["indicator_id"].map(
        {indicator.code: indicator.pk for indicator in indicators}
    )
    frame["value"] = frame["figure"].astype(float)
    return frame


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


def latest_figures(city: City, indicators: list[Indicator]) -> dict[int, IndicatorValue]:
    """Each indicator's latest published figure of the city."""
    values = (
        IndicatorValue.objects.published()
        .filter(city=city, indicator__in=indicators)
        .select_related("indicator")
        .order_by("year")
    )
    return {value.indicator_id: value for value in values}
