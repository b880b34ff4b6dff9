"""Caching in one place: the keys the registry stores and how long they may live, and the HTTP validators.

Everything is derived from the one data version (indicators.models.DataVersion), which moves with every
change the public can see, in the same transaction. Each key carries it (a page's) or an ETag derived from
it (an API response's), so a change makes every stored copy unreachable at once: the lifetimes only bound
memory. Clients revalidate with one small query (304 Not Modified), and the downloads are rebuilt only when
the published data changed.
"""

import hashlib

from django.conf import settings
from django.utils.http import http_date

from .models import DataVersion

SITE_PAGE_SECONDS = settings.SITE_CACHE_SECONDS
PROCESS_PAGES = "process_pages"  # the cache alias of each process's own copies of public pages
API_RENDERED_SECONDS = settings.API_RENDERED_CACHE_SECONDS
# The home city's names by language last read, for the 500 page's site name (indicators.brand).
HOME_CITY_NAMES_KEY = "site:home-city-names"


def site_page_key(version_tag: str, request_digest: str) -> str:
    """A rendered public page, by data version and a digest of everything in the request it depends on."""
    return f"site:{version_tag}:{request_digest}"


def home_city_names_key(version_tag: str) -> str:
    """The home city's names by language at a data version, for the site's name (indicators.brand)."""
    return f"site:home-city-names:{version_tag}"


def api_rendered_key(etag: str) -> str:
    """A rendered API response, by its ETag (which names the data version, the URL, language and format)."""
    return f"api:rendered:{etag}"


def response_etag(version: DataVersion, *parts: str) -> str:
    """A strong ETag for one representation (URL, language, format) of the data at `version`."""
    digest = hashlib.sha256("|".join([version.tag, *parts]).encode()).hexdigest()[:32]
    return f'"{digest}"'


def last_modified(version: DataVersion) -> int | None:
    """When the public data last changed, in whole seconds (HTTP dates have no finer unit)."""
    return int(version.changed_at.timestamp()) if version.changed_at else None


def http_last_modified(version: DataVersion) -> str | None:
    moment = last_modified(version)
    return http_date(moment) if moment is not None else None
