"""The ISO 37120 table: every performance indicator of one year, and the same as a file."""

from collections import defaultdict

from django.shortcuts import render

from indicators.models import CURRENT_EDITION, City, Indicator
from indicators.params import parse_year
from indicators.selectors import published_revisions, published_values
from indicators.site_cache import cached_page

from ..spreadsheets import download

PERFORMANCE_KINDS = (Indicator.Kind.CORE, Indicator.Kind.SUPPORTING)


def iso_filters(request, years: list[int]) -> tuple[int | None, str]:
    """The year and kind asked for, falling back to the latest year (and every kind) when there is none.

    A year that is not written as one is refused with a 400 page (BadParameter)."""
    year = parse_year(request.GET.get("year"))
    if year not in years:
        year = years[-1] if years else None
    kind = request.GET.get("kind", "")
    return year, kind if kind in PERFORMANCE_KINDS else ""


@cached_page
def iso_37120(request):
    city = City.objects.home()
    indicators = Indicator.objects.of_edition(CURRENT_EDITION).performance().select_related("theme")
    values = published_values(city=city).filter(indicator__in=indicators)
    years = sorted(values.order_by().values_list("year", flat=True).distinct())
    year, kind = iso_filters(request, years)
    if kind:
        indicators = indicators.filter(kind=kind)
    shown = list(values.filter(year=year))
    by_indicator = {v.indicator_id: v for v in shown}
    revisions = published_revisions(shown)
    groups = defaultdict(list)
    for indicator in indicators:
        value = by_indicator.get(indicator.pk)
        revision = revisions.get(value.pk) if value else None
        groups[indicator.theme].append({"indicator": indicator, "value": value, "revision": revision})
    return render(
        request,
        "public/iso_37120.html",
        {
            "city": city,
            "years": years,
            "year": year,
            "kind": kind,
            "kinds": [(k.value, k.label) for k in PERFORMANCE_KINDS],
            "groups": sorted(groups.items(), key=lambda item: item[0].number),
        },
    )


@cached_page
def iso_37120_download(request, file_format):
    city = City.objects.home()
    values = published_values(city=city).filter(
        indicator__edition=CURRENT_EDITION, indicator__kind__in=PERFORMANCE_KINDS
    )
    name = f"{city.slug}-iso37120"
    year = parse_year(request.GET.get("year"))
    if year is not None:
        values = values.filter(year=year)
        name += f"-{year}"
    kind = request.GET.get("kind", "")
    if kind in PERFORMANCE_KINDS:
        values = values.filter(indicator__kind=kind)
        name += f"-{kind}"
    return download(list(values.order_by("indicator__sort_key", "year")), name, file_format)
