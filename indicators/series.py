"""The presentation model of the public pages: one indicator's published figures, year by year.

Shared by the residents' site and the comparison's city pages, so neither view module imports the other.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from .models import Indicator, IndicatorValue, ValueKind


@dataclass
class Series:
    """One indicator's published values for the home city, year by year."""

    indicator: Indicator
    values: dict[int, IndicatorValue] = field(default_factory=dict)

    @property
    def latest(self) -> IndicatorValue | None:
        return self.values[max(self.values)] if self.values else None

    @property
    def has_figure(self) -> bool:
        """A published figure or text in some year: a series of gaps only reports nothing."""
        return any(value.holds is not ValueKind.GAP for value in self.values.values())

    @property
    def previous(self) -> IndicatorValue | None:
        latest = self.latest
        return self.values.get(latest.year - 1) if latest else None

    @property
    def change(self) -> Decimal | None:
        """Change of the latest figure from the year before (None without both numbers)."""
        latest, previous = self.latest, self.previous
        if latest is None or previous is None or latest.value is None or previous.value is None:
            return None
        places = self.indicator.decimal_places
        return round(latest.value, places) - round(previous.value, places)

    @property
    def years_label(self) -> str:
        """The years with a published value: "2019" or "2012–2021"."""
        if not self.values:
            return ""
        first, last = min(self.values), max(self.values)
        return str(first) if first == last else f"{first}–{last}"

    @property
    def change_in_points(self) -> bool:
        """A change of a percentage is a difference of percentage points, not a per cent of it."""
        return self.indicator.unit_en == "%"

    @property
    def points(self) -> list[tuple[int, Decimal | None]]:
        """Every year from the first to the last value; a year without a value is None (a gap)."""
        numbers = {year: v.value for year, v in self.values.items() if v.value is not None}
        if not numbers:
            return []
        return [(year, numbers.get(year)) for year in range(min(numbers), max(numbers) + 1)]


def series_by_indicator(indicators, values) -> dict[int, Series]:
    series = {indicator.pk: Series(indicator) for indicator in indicators}
    for value in values:
        if value.indicator_id in series:
            series[value.indicator_id].values[value.year] = value
    return series


def trend_word(series: Series) -> str:
    if series.change is None:
        return ""
    if series.change > 0:
        return "up"
    return "down" if series.change < 0 else "flat"
