"""The comparison's arithmetic: pure functions on pandas data frames, no database, no Django.

A frame of figures has one row per (city, year) with the columns `city_id`, `year` and `value`, the
exact Decimal as stored: medians, quartiles and scores are computed from it exactly (never through a
binary float) and rounded only where they are written (indicators.numbers). Quartiles are linear
interpolation between the sorted figures (Excel's QUARTILE.INC, pandas' default); ranks count from the
best figure in the indicator's good direction and ties share the best rank of the tie ("1, 2, 2, 4").
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal, localcontext
from fractions import Fraction
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd  # imported where figures are compared: a process that never compares skips it

# Enough digits for a quotient of two stored figures (20 digits each) to be exact to far beyond any
# decimal place a page or the API writes.
PRECISION = 50
QUARTILES = (Fraction(1, 4), Fraction(1, 2), Fraction(3, 4))


@dataclass(frozen=True)
class Summary:
    """Where the figures of a group lie, exact; every field but n is None for an empty group."""

    n: int
    minimum: Decimal | None = None
    q1: Decimal | None = None
    median: Decimal | None = None
    q3: Decimal | None = None
    maximum: Decimal | None = None


def present(values) -> list[Decimal]:
    """The figures that are there (None and NaN are absences), as Decimals."""
    return [Decimal(value) for value in values if not is_missing(value)]


def is_missing(value) -> bool:
    """None, NaN or pandas' NA (known by its type's name: this runs per figure, without importing pandas)."""
    return (
        value is None or (isinstance(value, float) and math.isnan(value)) or type(value).__name__ == "NAType"
    )


def quantile(ordered: list[Decimal], share: Fraction) -> Decimal:
    """Linear interpolation at position (n − 1) × share of the sorted figures, exact: the shares are
    quarters, so the interpolation ends within two more decimal places."""
    position = (len(ordered) - 1) * share
    lower = math.floor(position)
    fraction = position - lower
    if fraction == 0:
        return ordered[lower]
    low, high = ordered[lower], ordered[lower + 1]
    with localcontext(prec=PRECISION):
        return low + (high - low) * fraction.numerator / fraction.denominator


def summarise(values) -> Summary:
    ordered = sorted(present(values))
    if not ordered:
        return Summary(n=0)
    q1, median, q3 = (quantile(ordered, share) for share in QUARTILES)
    return Summary(n=len(ordered), minimum=ordered[0], q1=q1, median=median, q3=q3, maximum=ordered[-1])


def directions_of(higher_is_better, index) -> list:
    """Each row's direction: the Series as given, or the one direction for every row."""
    import pandas as pd

    if isinstance(higher_is_better, pd.Series):
        return [None if is_missing(direction) else direction for direction in higher_is_better]
    return [higher_is_better] * len(index)


def grouped_positions(values: pd.Series, groups: pd.Series | None) -> dict:
    """Row positions per group (one group without `groups`)."""
    positions: dict = {}
    keys = [0] * len(values) if groups is None else list(groups)
    for position, key in enumerate(keys):
        positions.setdefault(key, []).append(position)
    return positions


def order_codes(figures) -> dict:
    """Each distinct figure's position in ascending order: equal figures (2.0 and 2.00) share one. The
    figures are compared exactly, as Decimals; only these integer positions go into pandas."""
    distinct = {figure for figure in figures if not is_missing(figure)}
    return {figure: code for code, figure in enumerate(sorted(distinct))}


def ranks(values: pd.Series, *, higher_is_better, groups: pd.Series | None = None) -> pd.Series:
    """Rank 1 for the best figure; equal figures share the best rank of their tie.

    With `groups` the figures are ranked within each group, and `higher_is_better` may be a Series
    giving each row's direction (a row without one, None, gets no rank). One grouped pass over the
    figures' exact order (order_codes), however many groups.
    """
    import pandas as pd

    figures = list(values)
    directions = directions_of(higher_is_better, values.index)
    codes = order_codes(figures)
    keys = [
        math.nan
        if direction is None or is_missing(figure)
        else -codes[figure]
        if direction
        else codes[figure]
        for figure, direction in zip(figures, directions, strict=True)
    ]
    keyed = pd.Series(keys, index=values.index, dtype="float64")
    grouping = [0] * len(figures) if groups is None else list(groups)
    return keyed.groupby(grouping).rank(method="min").astype("Int64")


def rank_of(frame: pd.DataFrame, city_id, *, higher_is_better: bool | None) -> tuple[int, int] | None:
    """(k, N): the city's rank among the frame's cities, or None without a direction or a figure."""
    if higher_is_better is None or city_id not in set(frame["city_id"]):
        return None
    ranked = ranks(frame["value"], higher_is_better=higher_is_better)
    position = frame.index[frame["city_id"] == city_id][0]
    return int(ranked[position]), len(present(frame["value"]))


def unitarised(values: pd.Series, *, higher_is_better, groups: pd.Series | None = None) -> pd.Series:
    """z = (x − min) / (max − min), or 1 − that where lower is better: 1 is the group's best figure.

    Exact Decimals (to PRECISION digits). With every figure equal (or a single one) nothing separates
    the cities: z is undefined (None). With `groups` each group is unitarised on its own, and
    `higher_is_better` may be a Series per row (None: no z).
    """
    import pandas as pd

    figures = list(values)
    directions = directions_of(higher_is_better, values.index)
    result: list = [None] * len(figures)
    with localcontext(prec=PRECISION):
        for positions in grouped_positions(values, groups).values():
            known = present(figures[p] for p in positions)
            if not known:
                continue
            low, high = min(known), max(known)
            if low == high:
                continue
            for p in positions:
                if directions[p] is None or is_missing(figures[p]):
                    continue
                z = (figures[p] - low) / (high - low)
                result[p] = z if directions[p] else 1 - z
    return pd.Series(result, index=values.index, dtype=object)


def theme_scores(z_frame: pd.DataFrame, *, required: int = 1) -> pd.DataFrame:
    """Per city (index): `score` = mean of its z × 100 (exact), `indicators` = how many z back it, `rank`
    among the cities that have a score (ties share a rank). Only cities with at least `required` z are
    scored. Columns of `z_frame`: city_id, indicator_id, z (None where undefined)."""
    import pandas as pd

    totals: dict = {}
    for city_id, z in zip(z_frame["city_id"], z_frame["z"], strict=True):
        if is_missing(z):
            continue
        total, count = totals.get(city_id, (Decimal(0), 0))
        totals[city_id] = (total + z, count + 1)
    with localcontext(prec=PRECISION):
        rows = {
            city_id: (total * 100 / count, count)
            for city_id, (total, count) in totals.items()
            if count >= max(required, 1)
        }
    if not rows:
        return pd.DataFrame({"score": [], "indicators": [], "rank": []})
    table = pd.DataFrame.from_dict(rows, orient="index", columns=["score", "indicators"])
    table["score"] = table["score"].astype(object)
    table["rank"] = ranks(table["score"], higher_is_better=True)
    return table.sort_values(["rank", "indicators"], ascending=[True, False], kind="stable")


def score_changes(figures: pd.DataFrame, spreads: dict, *, higher_is_better: dict, required: int = 1) -> dict:
    """Per city: (how fast its theme score moved, in points a year, exact; how many indicators back it).

    `figures` has the columns city_id, indicator_id, year and value: every figure of the window. On each
    indicator a city's move is from its earliest to its latest figure in the window, measured as the
    theme score measures a figure, in the group's spread of that indicator (`spreads`: indicator_id →
    (min, max) of the figures compared) and its good direction, × 100, divided by the years between
    them. A city's change is the mean of its moves, for a city with at least `required` of them.
    """
    ordered = figures.sort_values(["indicator_id", "city_id", "year"], kind="stable")
    ends = ordered.groupby(["indicator_id", "city_id"], sort=False).agg(
        first_year=("year", "first"),
        first=("value", "first"),
        last_year=("year", "last"),
        last=("value", "last"),
    )
    totals: dict = {}
    with localcontext(prec=PRECISION):
        for (indicator_id, city_id), first_year, first, last_year, last in ends.itertuples(name=None):
            low, high = spreads.get(indicator_id, (None, None))
            direction = higher_is_better.get(indicator_id)
            if low is None or low == high or direction is None or first_year == last_year:
                continue
            move = (last - first) * 100 / (high - low) / (last_year - first_year)
            total, count = totals.get(city_id, (Decimal(0), 0))
            totals[city_id] = (total + (move if direction else -move), count + 1)
        return {
            city_id: (total / count, count)
            for city_id, (total, count) in totals.items()
            if count >= max(required, 1)
        }
