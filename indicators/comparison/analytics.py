"""The comparison's arithmetic: pure functions on pandas data frames, no database, no Django.

A frame of figures has one row per (city, year) with the columns `city_id`, `year` and `value`
(a float), and may carry `edition`, `unit`, `indicator_id` and any descriptive columns, which are kept.
Quartiles are pandas' default (linear interpolation, as Excel's QUARTILE.INC); ranks count from the
best figure in the indicator's good direction and ties share the best rank of the tie ("1, 2, 2, 4").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd  # imported where figures are compared: a process that never compares skips it

EXCLUDED_OTHER_EDITION = "other_edition"
EXCLUDED_OTHER_UNIT = "other_unit"


@dataclass(frozen=True)
class Summary:
    """Where the figures of a group lie; every field but n is None for an empty group."""

    n: int
    minimum: float | None = None
    q1: float | None = None
    median: float | None = None
    q3: float | None = None
    maximum: float | None = None


def split_comparable(frame: pd.DataFrame, *, edition: int, unit: str) -> tuple[pd.DataFrame, dict[str, int]]:
    """The rows measured like the indicator (same edition, same unit) and a count of the others by reason.

    A figure of another edition is counted as such even when its unit differs too.
    """
    import pandas as pd

    other_edition = frame["edition"] != edition if "edition" in frame else pd.Series(False, frame.index)
    other_unit = (
        ~other_edition & (frame["unit"] != unit) if "unit" in frame else pd.Series(False, frame.index)
    )
    excluded = {
        reason: int(mask.sum())
        for reason, mask in ((EXCLUDED_OTHER_EDITION, other_edition), (EXCLUDED_OTHER_UNIT, other_unit))
        if mask.any()
    }
    return frame[~(other_edition | other_unit)], excluded


def comparable_rows(frame: pd.DataFrame, *, editions: pd.Series, units: pd.Series) -> pd.DataFrame:
    """The rows measured like their own indicator (`split_comparable` for many indicators at once):
    `editions` and `units` are indexed by indicator_id."""
    indicator = frame["indicator_id"]
    return frame[(frame["edition"] == indicator.map(editions)) & (frame["unit"] == indicator.map(units))]


def figures_for_year(frame: pd.DataFrame, *, year: int, window: int) -> pd.DataFrame:
    """One row per city: its figure of `year`, else its nearest figure within ±window years.

    Of two years equally near, the later one is taken. `off_year` is True where the figure is not of
    `year`; a city with no figure inside the window has no row.
    """
    return nearest_figures(frame, year, window, ["city_id"])


def figures_for_years(frame: pd.DataFrame, *, years: pd.Series, window: int) -> pd.DataFrame:
    """`figures_for_year` for many indicators at once: one row per (indicator, city), each indicator
    compared in its own year (`years`, indexed by indicator_id; an indicator without a year has no row)."""
    return nearest_figures(frame, frame["indicator_id"].map(years), window, ["indicator_id", "city_id"])


def nearest_figures(
    frame: pd.DataFrame, target: int | pd.Series, window: int, keys: list[str]
) -> pd.DataFrame:
    """One row per `keys`: the figure of the row's target year, else the nearest within the window (the
    later of two equally near), flagged `off_year` when not of the target year."""
    import pandas as pd

    if frame.empty:
        return frame.assign(off_year=pd.Series(dtype=bool))
    distance = (frame["year"] - target).abs()
    near = frame.assign(distance=distance, target=target)[distance <= window]
    chosen = near.sort_values([*keys, "distance", "year"], ascending=[*(True for _key in keys), True, False])
    chosen = chosen.drop_duplicates(keys)
    off_year = chosen["year"] != chosen["target"]
    return chosen.drop(columns=["distance", "target"]).assign(off_year=off_year).reset_index(drop=True)


def summarise(values: pd.Series) -> Summary:
    values = values.dropna()
    if values.empty:
        return Summary(n=0)
    q1, median, q3 = values.quantile([0.25, 0.5, 0.75]).tolist()
    return Summary(
        n=int(values.size),
        minimum=float(values.min()),
        q1=q1,
        median=median,
        q3=q3,
        maximum=float(values.max()),
    )


def ranks(values: pd.Series, *, higher_is_better, groups: pd.Series | None = None) -> pd.Series:
    """Rank 1 for the best figure; equal figures share the best rank of their tie.

    With `groups` the figures are ranked within each group, and `higher_is_better` may be a Series
    giving each row's direction (a row without one, None, gets no rank).
    """
    signed = values * direction_signs(higher_is_better, values.index)
    ranked = signed.groupby(groups).rank(method="min") if groups is not None else signed.rank(method="min")
    return ranked.astype("Int64")


def direction_signs(higher_is_better, index: pd.Index) -> pd.Series:
    """−1 where higher is better, 1 where lower is, NaN without a direction: the best signed figure is
    the smallest."""
    import pandas as pd

    directions = (
        higher_is_better
        if isinstance(higher_is_better, pd.Series)
        else pd.Series(higher_is_better, index=index, dtype=object)
    )
    return directions.map({True: -1.0, False: 1.0}).astype(float)


def rank_of(frame: pd.DataFrame, city_id, *, higher_is_better: bool | None) -> tuple[int, int] | None:
    """(k, N): the city's rank among the frame's cities, or None without a direction or a figure."""
    if higher_is_better is None or city_id not in set(frame["city_id"]):
        return None
    ranked = ranks(frame["value"], higher_is_better=higher_is_better)
    position = frame.index[frame["city_id"] == city_id][0]
    return int(ranked[position]), int(frame["value"].notna().sum())


def unitarised(values: pd.Series, *, higher_is_better, groups: pd.Series | None = None) -> pd.Series:
    """z = (x − min) / (max − min), or 1 − that where lower is better: 1 is the group's best figure.

    With every figure equal (or a single one) nothing separates the cities: z is undefined (NaN). With
    `groups` each group is unitarised on its own, and `higher_is_better` may be a Series per row (None: NaN).
    """
    import pandas as pd

    by = values.groupby(groups if groups is not None else pd.Series(0, index=values.index))
    low, high = by.transform("min"), by.transform("max")
    z = ((values - low) / (high - low)).where(high != low)
    signs = direction_signs(higher_is_better, values.index)
    return z.where(signs < 0, (1 - z).where(signs > 0))


def theme_scores(z_frame: pd.DataFrame) -> pd.DataFrame:
    """Per city (index): `score` = mean of its available z × 100, `indicators` = how many z back it,
    `rank` among the cities that have a score (ties share a rank). Columns: city_id, indicator_id, z."""
    import pandas as pd

    scored = z_frame.dropna(subset=["z"])
    if scored.empty:
        return pd.DataFrame({"score": [], "indicators": [], "rank": []})
    grouped = scored.groupby("city_id")["z"]
    table = pd.DataFrame({"score": grouped.mean() * 100, "indicators": grouped.count()})
    table["rank"] = ranks(table["score"], higher_is_better=True)
    return table.sort_values(["rank", "indicators"], ascending=[True, False])
