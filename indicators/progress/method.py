"""Open SDG's published progress method, on exact Decimals (no database, no floats).

For an indicator whose catalogue says higher or lower is better:

* base: the figure of the base year (the target's own, else settings.PROGRESS_BASE_YEAR), or when that
  year has none the first later year with a figure; latest: the last year with a figure. Gaps and
  years without a figure in between are skipped, never filled.
* growth: CAGR = (latest / base) ^ (1 / (latest year − base year)) − 1, the figure's own change a year.
* without a target: the growth in the desired direction (negated where lower is better) against
  PROGRESS_THRESHOLDS["rate"]: ≥ 1.5 % substantial, ≥ 0.5 % moderate, ≥ 0 limited, below deterioration.
* with a target (value, year): achieved when the latest figure is at or past it in the desired
  direction; otherwise ratio = observed CAGR / CAGR needed from the base to the target in its year,
  against PROGRESS_THRESHOLDS["ratio"]: ≥ 0.95 substantial, ≥ 0.6 moderate, ≥ 0 limited, else
  deterioration. A base already at or past the target that the latest figure has fallen behind is
  deterioration (no rate is needed to reach it, yet the figure moved away).
* not enough data, said with its reason: no direction, no figure or one figure, a span shorter than
  PROGRESS_MIN_SPAN_YEARS, a zero base, a sign change (a root of a negative ratio), figures below zero.

Roots are computed on Decimals at a wider precision than kept (nth_root), so an exact root comes out
exact (1.030225 over two years is 1.5 %, exactly) and a rate on a threshold is rated as on it.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, localcontext
from enum import StrEnum

from django.conf import settings

PRECISION = 28  # significant digits of every computed rate and ratio
WIDE = PRECISION + 12  # digits of the intermediate steps
NEWTON_STEPS = 3  # from a float's 16 correct digits: 32, 64 (WIDE bounds them), then one step to settle


class Status(StrEnum):
    ACHIEVED = "achieved"
    SUBSTANTIAL = "substantial"
    MODERATE = "moderate"
    LIMITED = "limited"
    DETERIORATION = "deterioration"
    INSUFFICIENT = "insufficient"


class Reason(StrEnum):
    """Why there is no status."""

    NO_DIRECTION = "no_direction"
    NO_FIGURE = "no_figure"
    ONE_FIGURE = "one_figure"
    SHORT_SPAN = "short_span"
    ZERO_BASE = "zero_base"
    SIGN_CHANGE = "sign_change"
    NEGATIVE = "negative"
    TARGET_YEAR = "target_year"  # not reached, and its year is not after the base year


ORDER = list(Status)  # best first: how the page sorts statuses


@dataclass(frozen=True)
class Method:
    """The settings of the calculation, with Open SDG's defaults."""

    base_year: int = 2015
    min_span: int = 1
    rate_thresholds: tuple[Decimal, Decimal, Decimal] = (Decimal("0.015"), Decimal("0.005"), Decimal(0))
    ratio_thresholds: tuple[Decimal, Decimal, Decimal] = (Decimal("0.95"), Decimal("0.6"), Decimal(0))

    @classmethod
    def from_settings(cls) -> "Method":
        thresholds = getattr(settings, "PROGRESS_THRESHOLDS", {})
        defaults = cls()
        return cls(
            base_year=getattr(settings, "PROGRESS_BASE_YEAR", defaults.base_year),
            min_span=getattr(settings, "PROGRESS_MIN_SPAN_YEARS", defaults.min_span),
            rate_thresholds=tuple(Decimal(t) for t in thresholds.get("rate", defaults.rate_thresholds)),
            ratio_thresholds=tuple(Decimal(t) for t in thresholds.get("ratio", defaults.ratio_thresholds)),
        )


@dataclass(frozen=True)
class Goal:
    """A target as the calculation needs it."""

    value: Decimal
    year: int
    base_year: int | None = None


@dataclass(frozen=True)
class Assessment:
    """The status and every component of it, so anyone can redo the calculation."""

    status: Status
    reason: Reason | None = None
    base_year: int | None = None
    base: Decimal | None = None
    latest_year: int | None = None
    latest: Decimal | None = None
    rate: Decimal | None = None  # the figure's compound change a year (0.021 = +2.1 %)
    goal: Goal | None = None
    required_rate: Decimal | None = None  # the change a year needed from the base to the target
    ratio: Decimal | None = None  # rate / required_rate
    higher_is_better: bool | None = None
    figures: Mapping[int, Decimal] = field(default_factory=dict, repr=False)

    @property
    def has_status(self) -> bool:
        return self.status != Status.INSUFFICIENT


def nth_root(number: Decimal, n: int) -> Decimal:
    """The n-th root of a positive number to PRECISION digits, by Newton's method on Decimals at WIDE
    digits: each step doubles the correct digits, so an exact root comes out exact after the rounding.
    A float gives only the first guess (16 digits; exp(ln(x) / n) where a float cannot hold the number),
    never the answer; ln and exp for every root cost ten times as much."""
    with localcontext() as context:
        context.prec = PRECISION
        if number == 0 or n == 1:
            return +number
        context.prec = WIDE
        guess = Decimal(float(number) ** (1 / n))
        if not guess.is_finite() or guess <= 0:
            guess = (number.ln() / n).exp()
        for _step in range(NEWTON_STEPS):
            guess = ((n - 1) * guess + number / guess ** (n - 1)) / n
        context.prec = PRECISION
        return +guess


def growth(start: Decimal, end: Decimal, years: int) -> Decimal:
    """CAGR from `start` to `end` over `years` (start ≠ 0, end / start ≥ 0)."""
    with localcontext() as context:
        context.prec = WIDE
        quotient = end / start
    root = nth_root(quotient, years)
    with localcontext() as context:
        context.prec = PRECISION
        return root - 1


def _rated(value: Decimal, thresholds: tuple[Decimal, Decimal, Decimal]) -> Status:
    substantial, moderate, limited = thresholds
    if value >= substantial:
        return Status.SUBSTANTIAL
    if value >= moderate:
        return Status.MODERATE
    if value >= limited:
        return Status.LIMITED
    return Status.DETERIORATION


def _unrated(start: Decimal, end: Decimal) -> Reason | None:
    """Why no rate can be computed between two figures."""
    if start == 0:
        return Reason.ZERO_BASE
    if (start < 0) != (end < 0) and end != 0:
        return Reason.SIGN_CHANGE
    if start < 0:
        return Reason.NEGATIVE
    return None


def assess(
    figures: Mapping[int, Decimal],
    *,
    higher_is_better: bool | None,
    goal: Goal | None = None,
    method: Method | None = None,
) -> Assessment:
    """The progress status of a series of published figures (year → figure; gaps left out)."""
    method = method or Method.from_settings()
    common = {"goal": goal, "higher_is_better": higher_is_better, "figures": figures}
    base_year = goal.base_year if goal is not None and goal.base_year is not None else method.base_year
    years = sorted(year for year in figures if year >= base_year)
    if not years:
        return Assessment(Status.INSUFFICIENT, Reason.NO_FIGURE, **common)
    first, last = years[0], years[-1]
    known = {
        "base_year": first,
        "base": figures[first],
        "latest_year": last,
        "latest": figures[last],
        **common,
    }
    if higher_is_better is None:
        return Assessment(Status.INSUFFICIENT, Reason.NO_DIRECTION, **known)
    if len(years) == 1:
        return Assessment(Status.INSUFFICIENT, Reason.ONE_FIGURE, **known)
    if last - first < method.min_span:
        return Assessment(Status.INSUFFICIENT, Reason.SHORT_SPAN, **known)
    base, latest = figures[first], figures[last]
    unrated = _unrated(base, latest)
    if unrated is not None:
        return Assessment(Status.INSUFFICIENT, unrated, **known)
    rate = growth(base, latest, last - first)
    direction = 1 if higher_is_better else -1
    if goal is None:
        return Assessment(_rated(rate * direction, method.rate_thresholds), rate=rate, **known)
    if (latest - goal.value) * direction >= 0:
        return Assessment(Status.ACHIEVED, rate=rate, **known)
    unrated = _unrated(base, goal.value)
    if unrated is not None:
        return Assessment(Status.INSUFFICIENT, unrated, rate=rate, **known)
    if goal.year <= first:
        return Assessment(Status.INSUFFICIENT, Reason.TARGET_YEAR, rate=rate, **known)
    required = growth(base, goal.value, goal.year - first)
    if required * direction <= 0:
        return Assessment(Status.DETERIORATION, rate=rate, required_rate=required, **known)
    with localcontext() as context:
        context.prec = PRECISION
        ratio = rate / required
    return Assessment(
        _rated(ratio, method.ratio_thresholds), rate=rate, required_rate=required, ratio=ratio, **known
    )
