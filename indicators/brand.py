"""The site's name, “Gdańsk in numbers”: the home city (HOME_CITY_SLUG, City.objects.home) by its name in
the reader's language (City.name_pl/_en/_de: “Danzig in Zahlen”), never a city written into a template.

The names are read from the database once and kept in the cache (indicators.caching), and dropped when a
city is saved or deleted; a page that already holds the home city reads them from it. The 500 page reads
the cache only, as the error may be the database itself: before any page has been shown it names the
registry without the city.
"""

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from . import caching
from .models import City


def names_of(city: City) -> dict[str, str]:
    """The city's name in each language of the site (the default language's where one is blank)."""
    return {code: getattr(city, f"name_{code}", "") or city.name for code, _name in settings.LANGUAGES}


def home_city_names(*, city: object = None, database: bool = True) -> dict[str, str] | None:
    """The home city's names by language: from `city` when it is the home city, else the cache, else the
    database (unless `database` is False); None when no source has them."""
    if isinstance(city, City) and city.is_home:
        names = names_of(city)
        cache.add(caching.HOME_CITY_NAMES_KEY, names, caching.SITE_PAGE_SECONDS)  # for the 500 page
        return names
    names = cache.get(caching.HOME_CITY_NAMES_KEY)
    if names is None and database:
        try:
            names = names_of(City.objects.home())
        except City.DoesNotExist:
            return None
        cache.set(caching.HOME_CITY_NAMES_KEY, names, caching.SITE_PAGE_SECONDS)
    return names


def site_name(*, city: object = None, database: bool = True) -> str:
    """“Gdańsk in numbers” in the active language; the registry's generic name when the city is unknown."""
    names = home_city_names(city=city, database=database)
    if not names:
        return _("ISO 37120 indicators")
    name = names.get(get_language() or settings.LANGUAGE_CODE) or names[settings.LANGUAGE_CODE]
    return _("%(city)s in numbers") % {"city": name}


def forget_home_city_names(**_signal_kwargs) -> None:
    cache.delete(caching.HOME_CITY_NAMES_KEY)


def connect_signals() -> None:
    post_save.connect(forget_home_city_names, sender=City, dispatch_uid="brand.city.save")
    post_delete.connect(forget_home_city_names, sender=City, dispatch_uid="brand.city.delete")
