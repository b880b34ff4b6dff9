"""What certification adds to the public pages of the indicators, which know nothing of certificates."""

from django import template
from django.utils.translation import get_language

from ..selectors import held_standards, latest_cycle_coverage, year_coverage

register = template.Library()


@register.inclusion_tag("certification/_badges.html")
def certificate_badges(city):
    """The standards the city is certified for, and since when (one query)."""
    return {"standards": held_standards(city)}


@register.inclusion_tag("certification/_coverage_summary.html")
def cycle_coverage_summary(city):
    """The coverage of the city's latest ISO 37120 certification cycle, from published values."""
    return {"coverage": latest_cycle_coverage(city, get_language())}


@register.inclusion_tag("certification/_year_coverage.html")
def year_coverage_summary(city, year):
    """How many indicators the year reports, and why the others have no figure (published values only)."""
    return {"coverage": year_coverage(city, year, get_language()), "year": year}
