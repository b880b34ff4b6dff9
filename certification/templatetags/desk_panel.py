"""The completeness panel of the admin's first page. It lives here, not in indicators, because it shows
the WCCD level a year's figures would reach, which is certification's rule; indicators knows nothing
of levels."""

from django import template
from django.utils.translation import get_language

from indicators.desk import completeness
from indicators.models import CURRENT_EDITION, City, CityAccess, Indicator
from indicators.selectors import collection_year

from ..selectors import levels_reached

register = template.Library()


def desk_cities(user) -> list[City]:
    """The home city and each city the person works on (a person limited to some cities: theirs)."""
    limited = CityAccess.objects.cities_of(user)
    return list(limited) if limited is not None else [City.objects.home()]


@register.inclusion_tag("certification/_completeness_panel.html", takes_context=True)
def completeness_panel(context):
    """Each of the person's cities in the year being collected: counts per kind and the level."""
    user = context["request"].user
    if not user.has_perm("indicators.view_indicatorvalue"):
        return {"rows": []}
    rows = []
    for city in desk_cities(user):
        rows.extend(completeness([city], collection_year(city)))
    core, supporting = Indicator.Kind.CORE, Indicator.Kind.SUPPORTING
    levels = levels_reached([(row.reported(core), row.reported(supporting)) for row in rows], CURRENT_EDITION)
    return {
        "rows": [
            {
                "completeness": row,
                "kinds": [(Indicator.Kind(kind).label, row.counts[kind]) for kind in (core, supporting)],
                "level": level["name"].get(get_language()) or level["code"] if level else None,
            }
            for row, level in zip(rows, levels, strict=True)
        ]
    }
