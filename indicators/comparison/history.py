"""The home city's standing in its group year by year: its rank and the group's median in every year it
published, for the indicator pages' "change in peer context"."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from ..models import City, Indicator
from . import analytics, comparability

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class PeerYear:
    """One year of the home city's standing in its group: its figure (its nearest within the window
    where it has none of that year, `off_year`), its rank and the group's exact median."""

    year: int
    n: int
    median: Decimal | None
    figure: Decimal | None
    off_year: bool
    rank: int | None


def peer_history(figures: pd.DataFrame, indicator: Indicator, home: City, *, window: int) -> list[PeerYear]:
    """The home city's rank and the group's median in every year from the home city's first published
    figure of the indicator to its last: each year compared as a chosen year is (comparability, the
    nearest figure within the window), all years in one grouped pass over the figures already read."""
    import pandas as pd

    home_years = figures.loc[figures["city_id"] == home.pk, "year"]
    if home_years.empty:
        return []
    years = range(int(home_years.min()), int(home_years.max()) + 1)
    # each figure offered to every year within the window of its own: the year compared is its key
    offered = pd.concat(
        [figures.assign(indicator_id=figures["year"] + shift) for shift in range(-window, window + 1)]
    )
    offered = offered[offered["indicator_id"].isin(years)]
    offered = offered.assign(own_indicator_id=offered["indicator_id"])
    chosen, _excluded = comparability.comparable_figures(
        offered, targets=pd.Series({year: year for year in years}, dtype="int64"), window=window
    )
    chosen = chosen.assign(
        rank=analytics.ranks(
            chosen["value"], higher_is_better=indicator.higher_is_better, groups=chosen["indicator_id"]
        )
    )
    values_by_year = {year: list(values) for year, values in chosen.groupby("indicator_id")["value"]}
    own_rows = chosen[chosen["city_id"] == home.pk].set_index("indicator_id")
    history = []
    for year in years:
        values = values_by_year.get(year, [])
        own = own_rows.loc[year] if year in own_rows.index else None
        rank = None if own is None or indicator.higher_is_better is None else own["rank"]
        history.append(
            PeerYear(
                year=year,
                n=len(values),
                median=analytics.summarise(values).median,
                figure=None if own is None else own["figure"],
                off_year=False if own is None else bool(own["off_year"]),
                rank=None if rank is None or pd.isna(rank) else int(rank),
            )
        )
    return history
