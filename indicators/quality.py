"""Data-quality checks: blocking problems (the model's own rules) and warnings that need an explanation.

Blocking problems are exactly IndicatorValue.clean(): a value that breaks them cannot be saved at all.
Warnings do not stop a draft from being saved; verifying it needs a note explaining why it is right
(indicators.workflow asks `value_warnings`, or a `Baseline` read once when many values take a step).
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from statistics import median

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from .models import POPULATION_CODE, City, IndicatorValue
from .numbers import format_number, typed

PER_100_000 = Decimal(100000)
POPULATION_TOLERANCE = Decimal(
    "0.02"
)  # denominators may be a mid-year count; 2 % apart is still the same city
ROBUST_Z_LIMIT = Decimal("3.5")  # Iglewicz and Hoaglin's modified z-score for outliers
MAD_TO_SIGMA = Decimal("0.6745")
MIN_HISTORY_YEARS = 4


@dataclass(frozen=True)
class Problem:
    """One finding about one value: blocking (cannot be saved or verified) or a warning (needs a note)."""

    value: IndicatorValue
    blocking: bool
    check: str
    message: str


def blocking_problems(value: IndicatorValue) -> list[str]:
    """The messages of IndicatorValue.clean(), the one place the blocking rules live."""
    try:
        value.clean()
    except ValidationError as error:
        return error.messages
    return []


def year_on_year_warning(value: IndicatorValue, previous: Decimal | None) -> str | None:
    """A change from the previous year beyond the indicator's threshold (default ±25 %)."""
    if value.value is None or previous is None or previous == 0:
        return None
    change = (value.value - previous) / abs(previous) * 100
    if abs(change) <= value.indicator.change_threshold:
        return None
    return _("Changed by %(change)s %% from %(previous)s in %(year)s (threshold ±%(threshold)s %%).") % {
        "change": ("+" if change >= 0 else "-") + format_number(abs(change), 1, get_language()),
        "previous": typed(previous),
        "year": value.year - 1,
        "threshold": value.indicator.change_threshold,
    }


def history_warning(value: IndicatorValue, other_years: list[Decimal]) -> str | None:
    """Far from the city's own history: modified z-score from the median and the median absolute deviation."""
    if value.value is None or len(other_years) < MIN_HISTORY_YEARS:
        return None
    middle = median(other_years)
    spread = median(abs(figure - middle) for figure in other_years)
    if spread == 0:
        return None
    score = MAD_TO_SIGMA * abs(value.value - middle) / spread
    if score <= ROBUST_Z_LIMIT:
        return None
    return _("Far from the city's own history: median %(median)s over %(years)s other years.") % {
        "median": typed(middle),
        "years": len(other_years),
    }


def population_warning(value: IndicatorValue, population: Decimal | None) -> str | None:
    """A per-100 000 value whose denominator disagrees with the PPL-01 population of the same year."""
    if value.indicator.scale != PER_100_000 or value.denominator is None or not population:
        return None
    if abs(value.denominator - population) <= population * POPULATION_TOLERANCE:
        return None
    return _(
        "The denominator %(denominator)s differs from the city's population %(population)s (%(code)s)."
    ) % {
        "denominator": typed(value.denominator),
        "population": typed(population),
        "code": POPULATION_CODE,
    }


def usual_range_warning(value: IndicatorValue) -> str | None:
    """Beyond a soft limit of the catalogue: possible (unlike the hard limits, which are refused), unusual."""
    indicator, figure = value.indicator, value.value
    if figure is None:
        return None
    if indicator.soft_min_value is not None and figure < indicator.soft_min_value:
        message = _(
            "%(value)s %(unit)s is below the usual lowest value %(limit)s %(unit)s: say why it is right."
        )
        limit = indicator.soft_min_value
    elif indicator.soft_max_value is not None and figure > indicator.soft_max_value:
        message = _(
            "%(value)s %(unit)s is above the usual highest value %(limit)s %(unit)s: say why it is right."
        )
        limit = indicator.soft_max_value
    else:
        return None
    return message % {
        "value": value.display_value,
        "limit": typed(limit),
        "unit": indicator.unit,
    }


SCALE_SLIPS = (Decimal(100), Decimal(1000))  # per 1 000 for per 100 000; a percentage as a fraction
SCALE_SLIP_TOLERANCE = Decimal(2)  # within a factor of two of such a ratio
MIN_PEERS = 5  # other cities with a figure of the indicator, for their median to say what is usual
PEER_YEARS = 2  # a peer's figure from up to two years before or after counts (cities report years apart)


def _slip(figure: Decimal, middle: Decimal) -> str | None:
    """ "100", "1/1000"…: the scale slip that `figure` is of `middle`, within the tolerance; None if none."""
    if not figure or not middle:
        return None
    ratio = abs(figure / middle)
    for slip in SCALE_SLIPS:
        for factor in (slip, 1 / slip):
            if factor / SCALE_SLIP_TOLERANCE <= ratio <= factor * SCALE_SLIP_TOLERANCE:
                return typed(slip) if factor > 1 else f"1/{typed(slip)}"
    return None


def scale_slip_warning(value: IndicatorValue, earlier_years: list[Decimal]) -> str | None:
    """About 100 or 1 000 times (or a 100th, a 1 000th of) the median of the city's own earlier years: a
    figure written in another scale ("per 1 000" in a "per 100 000" indicator). One earlier year is
    enough, unlike the history check, which needs several; the earlier year is not warned of in turn."""
    if not value.value or not earlier_years:
        return None
    middle = median(earlier_years)
    times = _slip(value.value, middle)
    if times is None:
        return None
    return _(
        "About %(times)s times the city's earlier years (median %(median)s): was it written in "
        "another scale (per 1 000 instead of per 100 000, a fraction instead of a percentage)?"
    ) % {"times": times, "median": typed(middle)}


def peer_scale_warning(value: IndicatorValue, peers: list[Decimal]) -> str | None:
    """About 100 or 1 000 times (or a 100th, a 1 000th of) the median of other cities' figures of a ratio
    indicator (per 100 000, a percentage, per inhabitant): a "per 1 000" figure among "per 100 000" ones.
    Counts and amounts (population, budgets) differ that much between cities by nature: not compared."""
    if value.indicator.scale is None or not value.value or len(peers) < MIN_PEERS:
        return None
    middle = median(peers)
    times = _slip(value.value, middle)
    if times is None:
        return None
    return _(
        "About %(times)s times the figures of %(count)s other cities (median %(median)s): was it written "
        "in another scale (per 1 000 instead of per 100 000, a fraction instead of a percentage)?"
    ) % {"times": times, "count": len(peers), "median": typed(middle)}


NO_DATA_WORDS = ("brak danych", "no data", "not available", "keine daten", "nicht verfügbar")


def dash_with_no_data_note_warning(value: IndicatorValue) -> str | None:
    """A zero (GUS writes it as a dash: the phenomenon did not occur) whose notes say there are no data:
    one of the two is wrong, and a missing figure is the sign "." (not available), never a zero."""
    if value.value != 0:
        return None
    said = f"{value.notes} {value.source}".lower()
    words = next((words for words in NO_DATA_WORDS if words in said), None)
    if words is None:
        return None
    return _(
        "The figure is 0 (a dash means the phenomenon did not occur), but the notes say “%(words)s”: "
        "if the figure is missing, write “.” (not available) instead."
    ) % {"words": words}


def warnings_from(
    value: IndicatorValue,
    figures_by_year: dict[int, Decimal],
    population: Decimal | None,
    peers: list[Decimal] = (),
) -> list[tuple[str, str]]:
    """(check, message) per warning, given the city's figures of the indicator, the population and the
    other cities' figures of the indicator (peers)."""
    other_years = [figure for year, figure in figures_by_year.items() if year != value.year]
    earlier_years = [figure for year, figure in figures_by_year.items() if year < value.year]
    found = [
        ("usual_range", usual_range_warning(value)),
        ("year_on_year", year_on_year_warning(value, figures_by_year.get(value.year - 1))),
        ("history", history_warning(value, other_years)),
        ("population", population_warning(value, population)),
        ("no_data_note", dash_with_no_data_note_warning(value)),
        ("scale", scale_slip_warning(value, earlier_years)),
        ("peers", peer_scale_warning(value, list(peers))),
    ]
    return [(check, message) for check, message in found if message]


WARNING_KINDS = {  # each check's name for people, in the order the checks run
    "usual_range": gettext_lazy("beyond the usual range"),
    "year_on_year": gettext_lazy("a large change from the year before"),
    "history": gettext_lazy("far from the city's own history"),
    "population": gettext_lazy("denominator far from the population"),
    "no_data_note": gettext_lazy("a zero whose notes say there are no data"),
    "scale": gettext_lazy("about 100 or 1 000 times the city's earlier years"),
    "peers": gettext_lazy("about 100 or 1 000 times other cities' figures"),
}


class Baseline:
    """What the warnings compare values with: each city's figures of each indicator over the years (for a
    ratio indicator every city's, its peers), and each city's population per year. Read once for many
    values (two queries), so that verifying or publishing thousands of values does not cost two queries
    per value; `overlay` puts figures not yet written over them (an import's preview sees the registry as
    the import would leave it: its own earlier years, its population, its peers)."""

    def __init__(self, figures: dict[tuple[int, int], dict[int, Decimal]], populations: dict):
        self.figures = figures
        self.populations = populations
        self._peers: dict[tuple[int, int], list[tuple[int, Decimal]]] = {}  # (indicator, year) → figures
        self._cities_of: dict[int, list[tuple[int, dict[int, Decimal]]]] = {}  # indicator → each city's

    @classmethod
    def read(cls, *, cities: set[int], indicators: set[int], years: set[int]) -> "Baseline":
        figures: dict[tuple[int, int], dict[int, Decimal]] = defaultdict(dict)
        own = Q(city__in=cities, indicator__in=indicators)
        peers = Q(indicator__in=indicators, indicator__scale__isnull=False)
        for city_id, indicator_id, year, figure in IndicatorValue.objects.filter(
            own | peers, value__isnull=False
        ).values_list("city_id", "indicator_id", "year", "value"):
            figures[city_id, indicator_id][year] = figure
        populations = {}
        for city_id, year, figure in (
            IndicatorValue.objects.filter(city__in=cities, year__in=years, indicator__code=POPULATION_CODE)
            .order_by("indicator__edition")
            .values_list("city_id", "year", "value")
        ):
            populations.setdefault((city_id, year), figure)
        return cls(figures, populations)

    @classmethod
    def of(cls, values) -> "Baseline":
        return cls.read(
            cities={value.city_id for value in values},
            indicators={value.indicator_id for value in values},
            years={value.year for value in values},
        )

    def overlay(self, values) -> "Baseline":
        """The values' figures (IndicatorValues, written or not) in place of the stored ones; a value
        without a figure (a gap, a text) takes its year's figure away."""
        for value in values:
            years = self.figures.setdefault((value.city_id, value.indicator_id), {})
            if value.value is None:
                years.pop(value.year, None)
            else:
                years[value.year] = value.value
            if value.indicator.code == POPULATION_CODE:
                self.populations[value.city_id, value.year] = value.value
        self._peers.clear()
        return self

    def peers(self, value: IndicatorValue) -> list[Decimal]:
        """Each other city's figure of the indicator nearest the value's year, within PEER_YEARS."""
        key = (value.indicator_id, value.year)
        if key not in self._peers:
            if not self._peers:
                self._cities_of.clear()
                for (city_id, indicator_id), years in self.figures.items():
                    self._cities_of.setdefault(indicator_id, []).append((city_id, years))
            nearest = []
            for city_id, years in self._cities_of.get(value.indicator_id, ()):
                for distance in range(PEER_YEARS + 1):
                    figure = years.get(value.year - distance)
                    if figure is None:
                        figure = years.get(value.year + distance)
                    if figure is not None:
                        nearest.append((city_id, figure))
                        break
            self._peers[key] = nearest
        return [figure for city_id, figure in self._peers[key] if city_id != value.city_id]

    def checks(self, value: IndicatorValue) -> list[tuple[str, str]]:
        """(check, message) per warning about the value (its own stored year is left out)."""
        if value.value is None:
            return []
        figures = self.figures.get((value.city_id, value.indicator_id), {})
        peers = self.peers(value) if value.indicator.scale is not None else ()
        return warnings_from(value, figures, self.populations.get((value.city_id, value.year)), peers)

    def warnings(self, value: IndicatorValue) -> list[str]:
        return [message for _check, message in self.checks(value)]


def value_warnings(value: IndicatorValue) -> list[str]:
    """Warnings for one value, read from the database in two queries."""
    if value.value is None:
        return []
    return Baseline.of([value]).warnings(value)


def city_year_problems(city: City, year: int) -> list[Problem]:
    """Every blocking problem and warning of a city's values for a year, in catalogue order (3 queries)."""
    values = list(
        IndicatorValue.objects.filter(city=city, year=year)
        .select_related("indicator", "city")
        .order_by("indicator__edition", "indicator__sort_key")
    )
    baseline = Baseline.of(values)
    problems = []
    for value in values:
        problems.extend(Problem(value, True, "rule", message) for message in blocking_problems(value))
        problems.extend(Problem(value, False, check, message) for check, message in baseline.checks(value))
    return problems


def has_blocking(problems: list[Problem]) -> bool:
    return any(problem.blocking for problem in problems)
