"""Pages of the places compared: every city, one city with all its indicators, the peer groups, several
cities side by side, and how the theme scores are computed. Published figures only; each page reads a
number of queries that does not grow with the number of cities."""

from decimal import Decimal

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from ..models import CURRENT_EDITION, City, Indicator, Theme
from ..site_cache import cached_page
from . import analytics, builders, comparability, selectors
from .models import PeerGroup
from .views import chosen_group, pair_choice

CITIES_PER_PAGE = 100
MOST_CITIES = 10


def group_memberships(groups: list[PeerGroup]) -> dict[int, list[PeerGroup]]:
    """The groups each city belongs to (one query per group, however many cities)."""
    members: dict[int, list[PeerGroup]] = {}
    for group in groups:
        for city_id in selectors.member_cities(group).values_list("pk", flat=True):
            members.setdefault(city_id, []).append(group)
    return members


@cached_page
def city_list(request):
    """Every city, searchable by name, country or region, with its population and groups."""
    query = request.GET.get("q", "").strip()
    cities = City.objects.annotate(population=selectors.latest_population()).order_by("name")
    if query:
        in_any_language = Q()
        for code, _language in settings.LANGUAGES:  # a name may be stored in one language only
            in_any_language |= Q(**{f"name_{code}__icontains": query})
        cities = cities.filter(
            in_any_language | Q(country__iexact=query) | Q(region__icontains=query) | Q(slug=query)
        )
    page = Paginator(cities, CITIES_PER_PAGE).get_page(request.GET.get("page"))
    groups = selectors.peer_groups()
    memberships = group_memberships(groups)
    rows = [{"city": city, "groups": memberships.get(city.pk, [])} for city in page]
    return render(request, "comparison/cities.html", {"page": page, "rows": rows, "query": query})


@cached_page
def city_page(request, city):
    """Every indicator the city has published: its latest figure, year and rank within the chosen group."""
    place = get_object_or_404(City.objects.annotate(population=selectors.latest_population()), slug=city)
    groups = selectors.peer_groups()
    group = chosen_group(request, groups)
    indicators = list(Indicator.objects.of_edition(CURRENT_EDITION).select_related("theme"))
    standings = builders.city_standings(place, group, indicators)
    memberships = [g for g in groups if selectors.member_cities(g).filter(pk=place.pk).exists()]
    return render(
        request,
        "comparison/city.html",
        {
            "place": place,
            "city": City.objects.home(),
            "group": group,
            "groups": groups,
            "standings": standings,
            "memberships": memberships,
        },
    )


@cached_page
def peer_group_list(request):
    groups = selectors.peer_groups()
    rows = [{"group": group, "size": selectors.member_cities(group).count()} for group in groups]
    return render(request, "comparison/peer_groups.html", {"rows": rows})


@cached_page
def peer_group_page(request, slug):
    group = get_object_or_404(PeerGroup, slug=slug)
    members = list(selectors.member_cities(group).order_by("name"))
    by_hand = set(group.members.values_list("pk", flat=True))
    return render(
        request,
        "comparison/peer_group.html",
        {"group": group, "members": members, "by_hand": by_hand},
    )


def asked_cities(request) -> list[City]:
    """The cities of `?cities=a,b,c` in the order asked: 2 to 10 known slugs, else a 404."""
    slugs = [slug.strip() for slug in request.GET.get("cities", "").split(",") if slug.strip()]
    slugs = list(dict.fromkeys(slugs))
    if not 2 <= len(slugs) <= MOST_CITIES:
        raise Http404(_("Choose from 2 to 10 cities."))
    found = {city.slug: city for city in City.objects.filter(slug__in=slugs)}
    if len(found) != len(slugs):
        raise Http404(_("Unknown city."))
    return [found[slug] for slug in slugs]


@cached_page
def several_cities(request):
    """Several cities' latest published figures side by side; a figure years apart from the first city's
    beyond the window is marked as not comparable with it."""
    cities = asked_cities(request)
    themes = list(Theme.objects.filter(edition=CURRENT_EDITION))
    indicators = list(Indicator.objects.of_edition(CURRENT_EDITION).performance())
    sections = builders.several_cities(cities, themes, indicators)
    return render(request, "comparison/several.html", {"cities": cities, "sections": sections})


def compare(request):
    """`/compare/?cities=a,b,c`: several cities; `?city=a&other=b` (the pair form): the pair's page."""
    return several_cities(request) if "cities" in request.GET else pair_choice(request)


def worked_example() -> list[dict]:
    """The method page's example, computed by the same functions as every theme score."""
    import pandas as pd

    cities = ["A", "B", "C"]
    unemployment = pd.Series([Decimal("4.0"), Decimal("6.0"), Decimal("12.0")], dtype=object)
    employment = pd.Series([Decimal("70"), Decimal("50"), Decimal("60")], dtype=object)
    z_low = analytics.unitarised(unemployment, higher_is_better=False)
    z_high = analytics.unitarised(employment, higher_is_better=True)
    frame = pd.DataFrame(
        {
            "city_id": cities * 2,
            "indicator_id": [1] * 3 + [2] * 3,
            "z": list(z_low) + list(z_high),
        }
    )
    scores = analytics.theme_scores(frame)
    return [
        {
            "city": city,
            "unemployment": unemployment[index],
            "z_unemployment": z_low[index],
            "employment": employment[index],
            "z_employment": z_high[index],
            "score": scores.at[city, "score"],
            "rank": scores.at[city, "rank"],
        }
        for index, city in enumerate(cities)
    ]


@cached_page
def method(request):
    return render(
        request,
        "comparison/method.html",
        {
            "example": worked_example(),
            "window": comparability.year_window(),
            "share": int(settings.COMPARISON_THEME_MIN_SHARE * 100),
        },
    )
