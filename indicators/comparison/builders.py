"""The comparisons the pages and the API show, built from the selectors' frames by the analytics.

One builder per comparison, so the page, the API and its CSV say the same thing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

from django.conf import settings

from ..models import City, Indicator, IndicatorValue, Theme
from . import analytics, comparability, selectors
from .history import PeerYear, peer_history
from .models import PeerGroup

if TYPE_CHECKING:
    import pandas as pd


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
class Chosen:
    """The figures compared for some indicators within a group around one city: one row per (indicator,
    city) with its `rank` and unitarised score `z` within the indicator, and the cities' names."""

    frame: pd.DataFrame
    figures: pd.DataFrame
    cities: pd.DataFrame
    targets: dict[int, int]
    window: int
    excluded: dict[str, int]


def choose(
    indicators: list[Indicator],
    group: PeerGroup,
    city: City,
    *,
    year: int | None = None,
    same_year: bool = False,
    every_year: bool = False,
    around: dict[int, int] | None = None,
    scores: bool = True,
) -> Chosen:
    """Each indicator's comparable figures (comparability.comparable_figures) of the group's cities and
    `city`: of `year` (else the nearest within the window), or by default each city's latest figure
    within the window around `city`'s latest year (the group's latest where `city` has none), or around
    the years given per indicator in `around`, reading then only each city's latest figure in its window.
    `same_year` narrows the window to the year itself; `every_year` reads figures of every year (for
    the indicator page's list of years), else only those inside the windows; without `scores` the
    figures are ranked but not unitarised."""
    import pandas as pd

    window = 0 if same_year else comparability.year_window()
    cities = selectors.compared_cities(group, city)
    compared = selectors.compared(group, city)
    if around is not None:
        targets = around
        pick = comparability.Pick.LATEST
    elif year is None:
        latest = selectors.latest_years(indicators, compared, city)
        targets = {pk: own if own is not None else any_year for pk, (own, any_year) in latest.items()}
        pick = comparability.Pick.LATEST
    else:
        targets = {indicator.pk: year for indicator in indicators}
        pick = comparability.Pick.NEAREST
    spans = {pk: range(target - window, target + window + 1) for pk, target in targets.items()}
    figures = selectors.published_figures(
        indicators, compared, None if every_year else spans, latest_only=around is not None
    )
    frame, excluded = comparability.comparable_figures(
        figures, targets=pd.Series(targets, dtype="int64"), window=window, pick=pick
    )
    directions = frame["indicator_id"].map(
        {indicator.pk: indicator.higher_is_better for indicator in indicators}
    )
    frame = frame.assign(
        rank=analytics.ranks(frame["value"], higher_is_better=directions, groups=frame["indicator_id"])
    )
    if scores:
        frame = frame.assign(
            z=analytics.unitarised(frame["value"], higher_is_better=directions, groups=frame["indicator_id"])
        )
    frame = frame.join(cities[["name", "slug", "country"]], on="city_id")
    return Chosen(
        frame=frame, figures=figures, cities=cities, targets=targets, window=window, excluded=excluded
    )


@dataclass
class IndicatorComparison:
    indicator: Indicator
    group: PeerGroup
    home: City
    year: int | None
    years: list[int]
    window: int
    asked_year: int | None = None
    same_year: bool = False
    rows: list[CityFigure] = field(default_factory=list)
    summary: analytics.Summary = field(default_factory=lambda: analytics.Summary(n=0))
    home_rank: tuple[int, int] | None = None
    home_in_group: bool = False
    excluded: dict[str, int] = field(default_factory=dict)
    older_only: int = 0
    older_year: int | None = None
    home_nearest_year: int | None = None
    history: list[PeerYear] = field(default_factory=list)

    @property
    def home_row(self) -> CityFigure | None:
        return next((row for row in self.rows if row.is_home), None)

    @property
    def off_year_count(self) -> int:
        return sum(row.off_year for row in self.rows)

    @property
    def is_default_year(self) -> bool:
        return self.asked_year is None


def sort_best_first(frame: pd.DataFrame, higher_is_better: bool | None) -> pd.DataFrame:
    """By figure, best first where the catalogue says which way is better (else smallest first), then name."""
    descending = higher_is_better is True
    return frame.sort_values(["value", "name"], ascending=[not descending, True], kind="stable")


def city_figures(frame: pd.DataFrame, home: City) -> list[CityFigure]:
    import pandas as pd

    return [
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
        for row in frame.itertuples(index=False)
    ]


def indicator_comparison(
    indicator: Indicator, group: PeerGroup, home: City, year: int | None = None, *, same_year: bool = False
) -> IndicatorComparison:
    """The group's comparable figures of the indicator (`choose`), ranked, with their quartiles, and what
    the page says about the cities and years left out."""
    chosen = choose([indicator], group, home, year=year, same_year=same_year, every_year=True)
    own = chosen.figures[chosen.figures["own_indicator_id"] == indicator.pk]
    comparison = IndicatorComparison(
        indicator=indicator,
        group=group,
        home=home,
        year=chosen.targets.get(indicator.pk),
        years=sorted({int(year) for year in own["year"]}),
        window=chosen.window,
        asked_year=year,
        same_year=same_year,
        home_in_group=bool(home.pk in chosen.cities.index and chosen.cities.at[home.pk, "member"]),
        excluded=chosen.excluded,
        history=peer_history(own, indicator, home, window=chosen.window),
    )
    if comparison.year is None:
        return comparison
    frame = chosen.frame
    direction = indicator.higher_is_better
    comparison.summary = analytics.summarise(frame["value"])
    home_rows = frame[frame["city_id"] == home.pk]
    if direction is not None and not home_rows.empty:
        comparison.home_rank = (int(home_rows["rank"].iloc[0]), comparison.summary.n)
    comparison.rows = city_figures(sort_best_first(frame, direction), home)
    latest = own.groupby("city_id")["year"].max()
    older = latest[(latest < comparison.year - comparison.window) & ~latest.index.isin(frame["city_id"])]
    if not older.empty:
        counts = older.value_counts()
        comparison.older_only = int(older.size)
        comparison.older_year = int(max(counts[counts == counts.max()].index))
    home_years = sorted(int(y) for y in own.loc[own["city_id"] == home.pk, "year"])
    if year is not None and home_years and year not in home_years:
        comparison.home_nearest_year = min(home_years, key=lambda own_year: (abs(own_year - year), -own_year))
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
    z: Decimal | None
    n: int
    shared: bool = False


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
    shared: int = 0
    required: int = 0
    unscored: int = 0
    asked_year: int | None = None
    same_year: bool = False
    years: list[int] = field(default_factory=list)
    score_median: Decimal | None = None

    @property
    def quadrant(self) -> list[dict]:
        """The scored cities whose change over the window is known: level against change."""
        return [score for score in self.scores if score["change"] is not None]


def required_indicators(shared: int) -> int:
    """How many of the indicators shared with the home city a city needs for a theme score."""
    return math.ceil(shared * Fraction(str(settings.COMPARISON_THEME_MIN_SHARE))) if shared else 0


def theme_comparison(
    theme: Theme, group: PeerGroup, home: City, year: int | None = None, *, same_year: bool = False
) -> ThemeComparison:
    """Per indicator the home city's rank and unitarised score within the group (`choose`, each indicator
    in its own year and direction), and the theme score of every city: the mean of its scores × 100 over
    the indicators the home city can be scored on, for a city that has at least the required share of them.
    """
    indicators = list(theme.indicators.all())
    chosen = choose(indicators, group, home, year=year, same_year=same_year)
    frame = chosen.frame
    counts = frame.groupby("indicator_id").size()
    home_rows = frame[frame["city_id"] == home.pk].set_index("indicator_id")
    shared = {pk for pk, z in home_rows["z"].items() if not analytics.is_missing(z)}
    standings = [
        standing(
            indicator, chosen.targets.get(indicator.pk), home, home_rows, int(counts.get(indicator.pk, 0))
        )
        for indicator in indicators
    ]
    standings = [replace(s, shared=s.indicator.pk in shared) for s in standings]
    # in the theme's order, so that each city's mean adds its scores up in the order the page lists them
    position = {indicator.pk: index for index, indicator in enumerate(indicators)}
    z_frame = frame[frame["indicator_id"].isin(shared)]
    z_frame = z_frame.assign(position=z_frame["indicator_id"].map(position)).sort_values(
        ["position", "city_id"]
    )
    required = required_indicators(len(shared))
    table = analytics.theme_scores(z_frame[["city_id", "indicator_id", "z"]], required=required)
    table = table.join(chosen.cities[["name", "slug", "country"]])
    changes = theme_changes(chosen, indicators, shared, required)
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
            "change": changes.get(city_id, (None, 0))[0],
            "changes": changes.get(city_id, (None, 0))[1],
        }
        for city_id, score, backing, rank, name, slug, country in table[
            ["score", "indicators", "rank", "name", "slug", "country"]
        ].itertuples(name=None)
    ]
    with_some = set(z_frame.loc[z_frame["z"].map(lambda z: not analytics.is_missing(z)), "city_id"])
    return ThemeComparison(
        theme=theme,
        group=group,
        home=home,
        window=chosen.window,
        standings=standings,
        scores=scores,
        home_score=next((score for score in scores if score["is_home"]), None),
        home_in_group=bool(home.pk in chosen.cities.index and chosen.cities.at[home.pk, "member"]),
        shared=len(shared),
        required=required,
        unscored=len(with_some - set(table.index)),
        asked_year=year,
        same_year=same_year,
        years=selectors.published_years(indicators, selectors.compared(group, home)),
        score_median=analytics.summarise([score["score"] for score in scores]).median,
    )


def theme_changes(chosen: Chosen, indicators: list[Indicator], shared: set[int], required: int) -> dict:
    """Each scored city's change of its theme score over the window (analytics.score_changes), from the
    figures of the window `choose` already read: on the indicators the home city is scored on, each in
    the group's spread of the figures compared."""
    figures = chosen.figures
    figures = figures[
        (figures["own_indicator_id"] == figures["indicator_id"]) & figures["indicator_id"].isin(shared)
    ]
    values = chosen.frame[chosen.frame["indicator_id"].isin(shared)].groupby("indicator_id")["value"]
    spreads = {pk: (min(group), max(group)) for pk, group in values}
    directions = {indicator.pk: indicator.higher_is_better for indicator in indicators}
    return analytics.score_changes(
        figures[["city_id", "indicator_id", "year", "value"]],
        spreads,
        higher_is_better=directions,
        required=required,
    )


def standing(
    indicator: Indicator, year: int | None, home: City, home_rows: pd.DataFrame, n: int
) -> IndicatorStanding:
    """The home city's standing on one indicator, from its row (if any) of the compared figures."""
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
        rank=(int(row["rank"]), n) if has_direction and not pd.isna(row["rank"]) else None,
        z=None if analytics.is_missing(row.get("z")) else row["z"],
        n=n,
    )


def city_standings(city: City, group: PeerGroup, indicators: list[Indicator]) -> list[IndicatorStanding]:
    """Every indicator the city has published: its latest figure, and its rank within the group among
    the figures comparable with it (`choose` around the city's own latest year of each indicator)."""
    own_years = selectors.own_latest_years(city, indicators)
    published = [indicator for indicator in indicators if indicator.pk in own_years]
    if not published:
        return []
    chosen = choose(published, group, city, around=own_years, scores=False)
    frame = chosen.frame
    counts = frame.groupby("indicator_id").size()
    own_rows = frame[frame["city_id"] == city.pk].set_index("indicator_id")
    return [
        standing(
            indicator, chosen.targets.get(indicator.pk), city, own_rows, int(counts.get(indicator.pk, 0))
        )
        for indicator in published
        if indicator.pk in own_rows.index
    ]


@dataclass(frozen=True)
class PairRow:
    indicator: Indicator
    first: IndicatorValue | None
    second: IndicatorValue | None
    comparable: bool = False  # whether the figures may be judged against each other (comparability)

    @property
    def difference(self) -> Decimal | None:
        """First minus second, each at the indicator's decimal places (None without both figures)."""
        if self.first is None or self.second is None or self.first.value is None or self.second.value is None:
            return None
        places = self.indicator.decimal_places
        return round(self.first.value, places) - round(self.second.value, places)

    @property
    def verdict(self) -> str:
        """ "better", "worse" or "equal" for the first city, in the indicator's good direction; "" unknown
        or when the figures are not comparable (their years too far apart)."""
        difference = self.difference
        if difference is None or self.indicator.higher_is_better is None or not self.comparable:
            return ""
        if difference == 0:
            return "equal"
        return "better" if (difference > 0) == self.indicator.higher_is_better else "worse"

    @property
    def years_differ(self) -> bool:
        return self.first is not None and self.second is not None and self.first.year != self.second.year


def city_pair(first: City, second: City, themes: list[Theme], indicators: list[Indicator]) -> list[dict]:
    """Both cities' latest published figures side by side, theme by theme."""
    figures = selectors.latest_figures_of([first, second], indicators)
    pairs = [(figures.get((first.pk, i.pk)), figures.get((second.pk, i.pk))) for i in indicators]
    comparable = dict(zip((i.pk for i in indicators), comparability.comparable_pairs(pairs), strict=True))
    sections = []
    for theme in themes:
        rows = [
            PairRow(indicator, *pair, comparable=comparable[indicator.pk])
            for indicator, pair in zip(indicators, pairs, strict=True)
            if indicator.theme_id == theme.pk and (pair[0] is not None or pair[1] is not None)
        ]
        if rows:
            sections.append({"theme": theme, "rows": rows})
    return sections


@dataclass(frozen=True)
class SeveralRow:
    """One indicator's latest figures of several cities, each marked whether it is comparable with the
    first city's (comparability's rule)."""

    indicator: Indicator
    cells: list[tuple[City, IndicatorValue | None, bool]]


def several_cities(cities: list[City], themes: list[Theme], indicators: list[Indicator]) -> list[dict]:
    """The cities' latest published figures side by side, theme by theme; figures read in one query and
    judged against the first city's in one call of the comparability rule."""
    figures = selectors.latest_figures_of(cities, indicators)
    grid = [[figures.get((city.pk, indicator.pk)) for city in cities] for indicator in indicators]
    pairs = [(values[0], value) for values in grid for value in values]
    comparable = iter(comparability.comparable_pairs(pairs))
    marks = [[next(comparable) or values[0] is None for _value in values] for values in grid]
    sections = []
    for theme in themes:
        rows = [
            SeveralRow(
                indicator=indicator,
                cells=[
                    (city, value, value is not None and mark)
                    for city, value, mark in zip(cities, values, row_marks, strict=True)
                ],
            )
            for indicator, values, row_marks in zip(indicators, grid, marks, strict=True)
            if indicator.theme_id == theme.pk and any(values)
        ]
        if rows:
            sections.append({"theme": theme, "rows": rows})
    return sections
