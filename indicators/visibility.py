"""Who may read what is not public yet: one rule for the API, the back office's pages and downloads.

Published figures are open to everyone. Drafts, verified values, their history and their evidence are
read by whoever may view values (the `view_indicatorvalue` permission: statisticians, reviewers,
auditors) and, when limited to some cities (models.CityAccess), only for those cities. Everyone else
learns nothing of them, not even that they exist.
"""

from django.db.models import Q, QuerySet

from .models import CityAccess, IndicatorValue

VIEW_VALUES = "indicators.view_indicatorvalue"


def may_view_values(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.has_perm(VIEW_VALUES))


def viewable_city_ids(user) -> set[int] | None:
    """The cities whose unpublished values `user` reads: None for every city, an empty set for none."""
    if not may_view_values(user):
        return set()
    cities = CityAccess.objects.cities_of(user)
    return None if cities is None else {city.pk for city in cities}


def may_view_city(user, city_id) -> bool:
    """Whether `user` reads the unpublished values (and history, evidence) of the city `city_id`."""
    cities = viewable_city_ids(user)
    return cities is None or city_id in cities


def of_viewable_cities(user) -> Q:
    """A filter for values, or their history rows, of the cities whose unpublished values `user` reads."""
    cities = viewable_city_ids(user)
    return Q() if cities is None else Q(city_id__in=cities)


def readable_values(user) -> QuerySet[IndicatorValue]:
    """Published values for everyone, and every value of the cities whose drafts `user` reads."""
    values = IndicatorValue.objects.select_related("city", "indicator", "indicator__theme")
    cities = viewable_city_ids(user)
    if cities is None:
        return values
    return values.filter(Q(status=IndicatorValue.Status.PUBLISHED) | Q(city_id__in=cities))
