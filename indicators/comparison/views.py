"""Comparison pages: an indicator or a theme within a peer group, two cities side by side, and any
city's own page for an indicator. Published figures only; each page a fixed number of queries."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from ..models import CURRENT_EDITION, City, Indicator, Theme
from ..params import parse_year
from ..selectors import published_values
from ..series import series_by_indicator
from ..site_cache import cached_page
from . import builders, comparability, selectors
from .models import PeerGroup

ROWS_PER_PAGE = 50


def chosen_group(request, groups: list[PeerGroup]) -> PeerGroup:
    """The group asked for (404 for an unknown one), else Polish cities, else the first group."""
    slug = request.GET.get("group", "")
    by_slug = {group.slug: group for group in groups}
    if slug:
        if slug not in by_slug:
            raise Http404(_("Unknown peer group."))
        return by_slug[slug]
    group = selectors.default_group(groups)
    if group is None:
        raise Http404(_("No peer group has been defined."))
    return group


def chosen_year(request) -> int | None:
    """The year asked for, None for the default year; a year not written as one is a 400 page."""
    return parse_year(request.GET.get("year"))


def same_year_only(request) -> bool:
    """The "same year only" choice: no figure of a nearby year stands in."""
    return request.GET.get("same_year", "") == "1"


def exclusion_notes(excluded: dict[str, int]) -> list[str]:
    reasons = {
        comparability.OTHER_EDITION: _("%(count)s figures of another edition of the standard left out."),
    }
    return [reasons[reason] % {"count": count} for reason, count in excluded.items()]


def jump_to_city(request, rows: list, slug: str):
    """The ranking's page listing the city (`?find=slug`), scrolled to its row; 404 for a city not in it."""
    position = next((index for index, row in enumerate(rows) if row.slug == slug), None)
    if position is None:
        raise Http404(_("This city has no figure in this comparison."))
    query = request.GET.copy()
    del query["find"]
    query["page"] = position // ROWS_PER_PAGE + 1
    return redirect(f"{request.path}?{query.urlencode()}#city-{slug}")


def csv_query(indicator: Indicator, group: PeerGroup, comparison) -> str:
    """The comparison API's query for the same figures as CSV."""
    query = {"indicator": indicator.code, "group": group.slug}
    if comparison.asked_year:
        query["year"] = comparison.asked_year
    if comparison.same_year:
        query["same_year"] = 1
    return urlencode({**query, "format": "csv"})


@cached_page
def indicator_compare(request, code):
    indicator = get_object_or_404(
        Indicator.objects.select_related("theme"), edition=CURRENT_EDITION, code=code
    )
    groups = selectors.peer_groups()
    group = chosen_group(request, groups)
    home = City.objects.home()
    comparison = builders.indicator_comparison(
        indicator, group, home, chosen_year(request), same_year=same_year_only(request)
    )
    found = request.GET.get("find", "")
    if found:
        return jump_to_city(request, comparison.rows, found)
    page = Paginator(comparison.rows, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "comparison/indicator.html",
        {
            "indicator": indicator,
            "city": home,
            "groups": groups,
            "group": group,
            "comparison": comparison,
            "page": page,
            "notes": exclusion_notes(comparison.excluded),
            "csv_query": csv_query(indicator, group, comparison),
        },
    )


@cached_page
def theme_compare(request, number):
    theme = get_object_or_404(Theme, edition=CURRENT_EDITION, number=number)
    groups = selectors.peer_groups()
    group = chosen_group(request, groups)
    home = City.objects.home()
    comparison = builders.theme_comparison(
        theme, group, home, chosen_year(request), same_year=same_year_only(request)
    )
    page = Paginator(comparison.scores, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "comparison/theme.html",
        {
            "theme": theme,
            "city": home,
            "groups": groups,
            "group": group,
            "comparison": comparison,
            "page": page,
        },
    )


@cached_page
def city_pair(request, city, other):
    first = get_object_or_404(City, slug=city)
    second = get_object_or_404(City, slug=other)
    themes = list(Theme.objects.filter(edition=CURRENT_EDITION))
    indicators = list(Indicator.objects.of_edition(CURRENT_EDITION).performance())
    sections = builders.city_pair(first, second, themes, indicators)
    cities = list(City.objects.order_by("name").only("name", "slug"))
    return render(
        request,
        "comparison/pair.html",
        {"first": first, "second": second, "sections": sections, "cities": cities},
    )


def pair_choice(request):
    """The two cities chosen in the side-by-side form, as the page's own address."""
    first, second = request.GET.get("city", ""), request.GET.get("other", "")
    if not (City.objects.filter(slug=first).exists() and City.objects.filter(slug=second).exists()):
        raise Http404(_("Unknown city."))
    return redirect("comparison:pair", city=first, other=second)


@cached_page
def city_indicator(request, city, code):
    """One city's published figures of an indicator: where each name in a comparison leads."""
    place = get_object_or_404(City, slug=city)
    indicator = get_object_or_404(
        Indicator.objects.select_related("theme"), edition=CURRENT_EDITION, code=code
    )
    values = list(published_values(city=place).filter(indicator=indicator).order_by("year"))
    series = series_by_indicator([indicator], values)[indicator.pk]
    return render(
        request,
        "comparison/city_indicator.html",
        {"place": place, "indicator": indicator, "series": series, "rows": values[::-1]},
    )
