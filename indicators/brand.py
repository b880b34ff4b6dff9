"""The site's name, “Gdańsk in numbers”: the home city (HOME_CITY_SLUG, City.objects.home) by its name in
the reader's language (City.name_pl/_en/_de: “Danzig in Zahlen”), never a city written into a template.

The names are read from the database once per data version, which moves when a city is renamed, and kept
in the cache (indicators.caching): every process names the site anew at once. A page that already holds
the home city reads them from it. The 500 page reads the last names kept, from the cache only, as the error
may be the database itself: before any page has been shown it names the registry without the city.
"""

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from . import caching, data_version
from .models import City


def names_of(city: City) -> dict[str, str]:
    """The city's name in each language of the site (the default language's where one is blank)."""
    return {code: getattr(city, f"name_{code}", "") or city.name for code, _name in settings.LANGUAGES}


def home_city_names(*, city: object = None, request=None, database: bool = True) -> dict[str, str] | None:
    """The home city's names by language: from `city` when it is the home city, else the cache at the
    request's data version, else the database; with `database` False, the last names kept. None when no
    source has them."""
    if isinstance(city, City) and city.is_home:
        names = names_of(city)
        cache.set(caching.HOME_CITY_NAMES_KEY, names, caching.SITE_PAGE_SECONDS)
        return names
    if not database:
        return cache.get(caching.HOME_CITY_NAMES_KEY)
    key = caching.home_city_names_key(data_version.current(request).tag)
    names = cache.get(key)
    if names is None:
        try:
            names = names_of(City.objects.home())
        except City.DoesNotExist:
            return None
        cache.set_many({key: names, caching.HOME_CITY_NAMES_KEY: names}, caching.SITE_PAGE_SECONDS)
    return names


def site_name(*, city: object = None, request=None, database: bool = True) -> str:
    """“Gdańsk in numbers” in the active language; the registry's generic name when the city is unknown."""
    names = home_city_names(city=city, request=request, database=database)
    if not names:
        return _("ISO 37120 indicators")
    name = names.get(get_language() or settings.LANGUAGE_CODE) or names[settings.LANGUAGE_CODE]
    return _("%(city)s in numbers") % {"city": name}
