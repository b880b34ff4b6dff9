"""The comparisons the pages and the API show, built from the selectors' frames by the analytics.

One builder per comparison, so the page, the API and its CSV say the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings

from ..models import City, Indicator, IndicatorValue, Theme
from . import analytics, selectors
from .models import PeerGroup

if TYPE_CHECKING:
    import pandas as pd


def year_window() -> int:
    return settings.COMPARISON_YEAR_WINDOW


@dataclass(frozen=True)
class CityFigure:
    """One city's figure in a comparison."""

    city_id: int
    name: str
    slug: str
    country: str
    year: int
    figure: Decimal
    source: str
    off_year: bool
    rank: int | None
    is_home: bool


@dataclass
class IndicatorComparison:
    indicator: Indicator
    group: PeerGroup
    home: City
    year: int | None
    years: list[int]
    window: int
    rows: list[CityFigure] = field(default_factory=list)
    summary: analytics.Summary = field(default_factory=lambda: analytics.Summary(n=0))
    home_rank: tuple[int, int] | None = None
    home_in_group: bool = False
    excluded: dict[str, int] = field(default_factory=dict)

    @property
    def home_row(self) -> CityFigure | None:
        return next((row for row in self.rows if row.is_home), None)

    @property
    def off_year_count(self) -> int:
        return sum(row.off_year for row in self.rows)


def sort_best_first(frame: pd.DataFrame, higher_is_better: bool | None) -> pd.DataFrame:
    """By figure, best first where the catalogue says which way is better (else smallest first), then name."""
    descending = higher_is_better is True
    return frame.sort_values(["value", "name"], ascending=[not descending, True], kind="stable")


def indicator_comparison(
    indicator: Indicator, group: PeerGroup, home: City, year: int | None = None
) -> IndicatorComparison:
    """The group's published figures of the indicator for a year (default: the home city's latest)."""
    import pandas as pd

    cities = selectors.compared_cities(group, home)
    figures = selectors.published_figures([indicator], selectors.compared(group, home))
    figures, excluded = analytics.split_comparable(figures, edition=indicator.edition, unit=indicator.unit)
    years = sorted(set(figures["year"]))
    if year is None:
        own = figures.loc[figures["city_id"] == home.pk, "year"]
        year = int(own.max()) if not own.empty else (years[-1] if years else None)
    comparison = IndicatorComparison(
        indicator=indicator,
        group=group,
        home=home,
        year=year,
        years=years,
        window=year_window(),
        home_in_group=bool(home.pk in cities.index and cities.at[home.pk, "member"]),
        excluded=excluded,
    )
    if year is None:
        return comparison
    chosen = analytics.figures_for_year(figures, year=year, window=comparison.window)
    chosen = chosen.join(cities[["name", "slug", "country"]], on="city_id")
    direction = indicator.higher_is_better
    if direction is not None and not chosen.empty:
        chosen = chosen.assign(rank=analytics.ranks(chosen["value"], higher_is_better=direction))
    else:
        chosen = chosen.assign(rank=None)
    comparison.summary = analytics.summarise(chosen["value"])
    comparison.home_rank = analytics.rank_of(chosen, home.pk, higher_is_better=direction)
    comparison.rows = [
        CityFigure(
            city_id=int(row.city_id),
            name=row.name,
            slug=row.slug,
            country=row.country,
            year=int(row.year),
            figure=row.figure,
            source=row.source,
            off_year=bool(row.off_year),
            rank=None if pd.isna(row.rank) else int(row.rank),
            is_home=row.city_id == home.pk,
        )
        for row in sort_best_first(chosen, direction).itertuples(index=False)
    ]
    return comparison


def comparison_summary(indicator: Indicator, home: City) -> IndicatorComparison | None:
    """The indicator compared within the default peer group, for the indicator page's summary."""
    group = selectors.default_group(selectors.peer_groups())
    return indicator_comparison(indicator, group, home) if group is not None else None


@dataclass(frozen=True)
class IndicatorStanding:
    """The home city's place on one indicator of a theme."""

    indicator: Indicator
    year: int | None
    figure: CityFigure | None
    rank: tuple[int, int] | None
    z: float | None
    n: int


@dataclass
class ThemeComparison:
    theme: Theme
    group: PeerGroup
    home: City
    window: int
    standings: list[IndicatorStanding]
    scores: list[dict]
    home_score: dict | None
    home_in_group: bool


def standing_year(home_year: int | None, any_year: int | None) -> int | None:
    """The year an indicator is compared in: the home city's latest, else the group's latest."""
    return home_year if home_year is not None else any_year


def theme_comparison(theme: Theme, group: PeerGroup, home: City) -> ThemeComparison:
    """Per indicator the home city's rank and unitarised score within the group, and the theme score
    (mean z × 100 over the indicators with a good direction) of every city, ranked.

    Every indicator of the theme is compared at once, each in its own year and direction."""
    import pandas as pd

    window = year_window()
    cities = selectors.compared_cities(group, home)
    compared = selectors.compared(group, home)
    indicators = list(theme.indicators.all())
    latest = selectors.latest_years(indicators, compared, home)
    years = {pk: standing_year(*pair) for pk, pair in latest.items() if standing_year(*pair) is not None}
    spans = {pk: range(year - window, year + window + 1) for pk, year in years.items()}
    figures = selectors.published_figures(indicators, compared, spans)
    by_indicator = pd.DataFrame.from_records(
        [(i.pk, i.edition, i.unit, i.higher_is_better, position) for position, i in enumerate(indicators)],
        columns=["indicator_id", "edition", "unit", "higher_is_better", "position"],
        index="indicator_id",
    )
    rows = analytics.comparable_rows(figures, editions=by_indicator["edition"], units=by_indicator["unit"])
    chosen = analytics.figures_for_years(rows, years=pd.Series(years, dtype="int64"), window=window)
    # in the theme's order, so that each city's mean adds its scores up in the order the page lists them
    chosen = (
        chosen.assign(position=chosen["indicator_id"].map(by_indicator["position"]))
        .sort_values(["position", "city_id"])
        .drop(columns="position")
        .reset_index(drop=True)
    )
    directions = chosen["indicator_id"].map(by_indicator["higher_is_better"])
    groups = chosen["indicator_id"]
    chosen = chosen.assign(
        rank=analytics.ranks(chosen["value"], higher_is_better=directions, groups=groups),
        z=analytics.unitarised(chosen["value"], higher_is_better=directions, groups=groups),
    )
    counts = chosen.groupby("indicator_id").size()
    home_rows = chosen[chosen["city_id"] == home.pk].set_index("indicator_id")
    standings = [
        standing(indicator, years.get(indicator.pk), home, home_rows, int(counts.get(indicator.pk, 0)))
        for indicator in indicators
    ]
    table = analytics.theme_scores(chosen[["city_id", "indicator_id", "z"]])
    table = table.join(cities[["name", "slug", "country"]])
    scores = [
        {
            "city_id": int(city_id),
            "name": name,
            "slug": slug,
            "country": country,
            "score": score,
            "indicators": int(backing),
            "rank": int(rank),
            "is_home": city_id == home.pk,
        }
        for city_id, score, backing, rank, name, slug, country in table[
            ["score", "indicators", "rank", "name", "slug", "country"]
        ].itertuples(name=None)
    ]
    return ThemeComparison(
        theme=theme,
        group=group,
        home=home,
        window=window,
        standings=standings,
        scores=scores,
        home_score=next((score for score in scores if score["is_home"]), None),
        home_in_group=bool(home.pk in cities.index and cities.at[home.pk, "member"]),
    )


def standing(
    indicator: Indicator, year: int | None, home: City, home_rows: pd.DataFrame, n: int
) -> IndicatorStanding:
    """The home city's standing on one indicator, from its row (if any) of the theme's ranked figures."""
    import pandas as pd

    if indicator.pk not in home_rows.index:
        return IndicatorStanding(indicator=indicator, year=year, figure=None, rank=None, z=None, n=n)
    row = home_rows.loc[indicator.pk]
    figure = CityFigure(
        city_id=home.pk,
        name=home.name,
        slug=home.slug,
        country=home.country,
        year=int(row["year"]),
        figure=row["figure"],
        source=row["source"],
        off_year=bool(row["off_year"]),
        rank=None,
        is_home=True,
    )
    has_direction = indicator.higher_is_better is not None
    return IndicatorStanding(
        indicator=indicator,
        year=year,
        figure=figure,
        rank=(int(row["rank"]), n) if has_direction else None,
        z=None if pd.isna(row["z"]) else float(row["z"]),
        n=n,
    )


@dataclass(frozen=True)
class PairRow:
    indicator: Indicator
    first: IndicatorValue | None
    second: IndicatorValue | None

    @property
    def difference(self) -> Decimal | None:
        """First minus second, each at the indicator's decimal places (None without both figures)."""
        if self.first is None or self.second is None or self.first.value is None or self.second.value is None:
            return None
        places = self.indicator.decimal_places
        return round(self.first.value, places) - round(self.second.value, places)

    @property
    def verdict(self) -> str:
        """ "better", "worse" or "equal" for the first city, in the indicator's good direction; "" unknown."""
        difference = self.difference
        if difference is None or self.indicator.higher_is_better is None:
            return ""
        if difference == 0:
            return "equal"
        return "better" if (difference > 0) == self.indicator.higher_is_better else "worse"

    @property
    def years_differ(self) -> bool:
        return self.first is not None and self.second is not None and self.first.year != self.second.year


def city_pair(first: City, second: City, themes: list[Theme], indicators: list[Indicator]) -> list[dict]:
    """Both cities' latest published figures side by side, theme by theme."""
    first_figures = selectors.latest_figures(first, indicators)
    second_figures = selectors.latest_figures(second, indicators)
    sections = []
    for theme in themes:
        rows = [
            PairRow(indicator, first_figures.get(indicator.pk), second_figures.get(indicator.pk))
            for indicator in indicators
            if indicator.theme_id == theme.pk
        ]
        rows = [row for row in rows if row.first is not None or row.second is not None]
        if rows:
            sections.append({"theme": theme, "rows": rows})
    return sections
