"""Which figures can be compared: the one rule every comparison applies.

The indicator and theme pages, the comparison API, the theme scores, the city pages and the
city-by-city pages all choose their figures here, so one question gets the same cities in every
language. Two figures are comparable when they are figures of the same indicator — the same code in
the same edition, for which the catalogue holds one unit: the indicator is compared by its identity,
never by its name or unit as translated for the page — and their years lie within the window around
the year compared.
"""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING

from django.conf import settings

if TYPE_CHECKING:
    import pandas as pd

OTHER_EDITION = "other_edition"
KEYS = ["indicator_id", "city_id"]


class Pick(Enum):
    """Which of a city's comparable figures is compared."""

    NEAREST = "nearest"  # the figure of the year compared, else the nearest (the later of two equally near)
    LATEST = "latest"  # the city's latest figure within the window


def year_window() -> int:
    return settings.COMPARISON_YEAR_WINDOW


def comparable_figures(
    frame: pd.DataFrame, *, targets: int | pd.Series, window: int, pick: Pick = Pick.NEAREST
) -> tuple[pd.DataFrame, dict[str, int]]:
    """One row per (indicator, city): the figure compared, and a count of the figures left out by reason.

    `frame` has the columns `indicator_id` (the indicator compared), `own_indicator_id` (the indicator
    the figure was published for: another edition's indicator shares its code but not its identity),
    `city_id` and `year`; other columns are kept. `targets` is the year compared, one for all or per
    indicator (a Series indexed by indicator_id; an indicator without a year has no row). `off_year`
    marks a figure not of its target year.
    """
    import pandas as pd

    other = frame["own_indicator_id"] != frame["indicator_id"]
    excluded = {OTHER_EDITION: int(other.sum())} if other.any() else {}
    same = frame[~other]
    target = same["indicator_id"].map(targets) if isinstance(targets, pd.Series) else targets
    distance = (same["year"] - target).abs()
    near = same.assign(distance=distance, target=target)[distance <= window]
    if pick is Pick.NEAREST:
        chosen = near.sort_values([*KEYS, "distance", "year"], ascending=[True, True, True, False])
    else:
        chosen = near.sort_values([*KEYS, "year"], ascending=[True, True, False])
    chosen = chosen.drop_duplicates(KEYS)
    off_year = (chosen["year"] != chosen["target"]).astype(bool)
    chosen = chosen.drop(columns=["distance", "target"]).assign(off_year=off_year)
    return chosen.reset_index(drop=True), excluded


def comparable_pairs(pairs: list[tuple]) -> list[bool]:
    """For pairs of published figures (IndicatorValue-like: indicator_id, year; None where missing),
    whether the second may be judged against the first: `comparable_figures` asked, for all pairs in one
    call, whether each second figure is comparable in its first figure's year."""
    import pandas as pd

    present = [(index, first, second) for index, (first, second) in enumerate(pairs) if first and second]
    frame = pd.DataFrame(
        [
            (index, index if second.indicator_id == first.indicator_id else -1, 0, second.year)
            for index, first, second in present
        ],
        columns=["indicator_id", "own_indicator_id", "city_id", "year"],
    )
    targets = pd.Series({index: first.year for index, first, _second in present}, dtype="int64")
    chosen, _excluded = comparable_figures(frame, targets=targets, window=year_window())
    kept = set(chosen["indicator_id"])
    return [index in kept for index in range(len(pairs))]
