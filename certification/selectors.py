"""Reads about a city's certificates, shared by the public site, the API and the reports."""

from dataclasses import dataclass

from indicators.models import City

from .coverage import build_report, period_for_certificate, period_for_year, supported_level
from .models import Certificate, Level
from .reports import localize


@dataclass(frozen=True)
class HeldStandard:
    family: str  # "ISO 37120"
    since: int | None  # first year of the earliest known certificate of the family
    current: Certificate  # the latest cycle


def held_standards(city: City) -> list[HeldStandard]:
    """Each standard family the city is certified for: since when, and its latest certificate (one query)."""
    families: dict[str, list[Certificate]] = {}
    for certificate in Certificate.objects.for_city(city).order_by("standard__family", "cycle_number"):
        families.setdefault(certificate.standard.family, []).append(certificate)
    return [
        HeldStandard(
            family=family,
            since=min((c.first_year for c in cycle if c.first_year), default=None),
            current=cycle[-1],
        )
        for family, cycle in families.items()
    ]


def latest_cycle_coverage(city: City, language: str) -> dict | None:
    """The coverage summary of the city's latest ISO 37120 cycle with known years, for the public page.

    Built from published values only; None when no such certificate is recorded.
    """
    certificate = (
        Certificate.objects.for_city(city)
        .filter(standard__indicator_edition__isnull=False, first_year__isnull=False, last_year__isnull=False)
        .order_by("-last_year", "-cycle_number")
        .first()
    )
    if certificate is None:
        return None
    return localize(
        build_report(period_for_certificate(certificate), drafts_shown=False, with_changes=False), language
    )


def year_coverage(city: City, year: int, language: str) -> dict:
    """The coverage of one year from published values, for the public ISO 37120 page: reported, not
    applicable and not available (with their reasons), stale, missing."""
    report = build_report(period_for_year(city, year), drafts_shown=False, with_changes=False)
    return localize(report, language)


def levels_reached(counts: list[tuple[int, int]], edition: int) -> list[dict | None]:
    """The WCCD level each (core, supporting) count would reach (one query for the thresholds): the
    statistician's desk shows what a year's figures would give once published."""
    thresholds = list(Level.objects.of_edition(edition))
    return [supported_level(thresholds, core, supporting) for core, supporting in counts]
