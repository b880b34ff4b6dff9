"""Reads about a city's certificates, shared by the public site, the API and the reports."""

from dataclasses import dataclass

from indicators.models import City

from .models import Certificate


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
