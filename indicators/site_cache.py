"""Rendered public pages kept in the cache until the public data changes.

A view marks its pages as the same for every anonymous reader with `cached_page`; the middleware
`public_pages` (gdansk_iso.middleware), placed before sessions, authentication, CSRF and history,
serves and stores them, so that a page already rendered costs one look-up of the data version and
nothing else. Every page's key carries that version (indicators.data_version), read from the database
once per request: whichever process made a change and whatever cache each process has, the next
request anywhere renders afresh. SITE_CACHE_SECONDS bounds how long any page may live regardless.
Signed-in people always get a page rendered for them.
"""

from functools import lru_cache, wraps

from django.conf import settings
from django.core.cache import cache, caches
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils.translation import get_language

from . import caching, data_version

NOT_STORED_HEADERS = {"set-cookie"}


def cached_page(view):
    """Mark the view's successful GET responses as public pages: the same for every anonymous reader
    of the same address, in the same language, while the public data stays as it is."""

    @wraps(view)
    def public_page(request, *args, **kwargs):
        return view(request, *args, **kwargs)

    public_page.public_page = True
    return public_page


def is_anonymous_public_read(request) -> bool:
    """A GET or HEAD without a session, of an address whose view is a public page."""
    if request.method not in ("GET", "HEAD") or settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False
    urlconf = getattr(request, "urlconf", None) or settings.ROOT_URLCONF
    return _is_public_page(request.path_info, urlconf, get_language())


@lru_cache(maxsize=4096)
def _is_public_page(path: str, urlconf: str, language: str) -> bool:
    """Whether the address is a public page's, remembered: resolving costs as much as serving a cached
    page. The language is part of the question, as the addresses of other languages carry a prefix."""
    try:
        match = resolve(path, urlconf)
    except Resolver404:
        return False
    return getattr(match.func, "public_page", False)


def page_key(request) -> str:
    """The page's key, with the data version read before the view reads anything, so a page is never
    stored under a version newer than its data. The host is part of it: the sitemap's links are absolute."""
    version = data_version.current(request)
    return caching.site_page_key(version.tag, get_language(), request.build_absolute_uri())


def stored_page(key: str) -> HttpResponse | None:
    """The page from this process's own copies, else from the shared cache (and copied)."""
    copies = caches[caching.PROCESS_PAGES]
    stored = copies.get(key)
    if stored is None:
        stored = cache.get(key)
        if stored is None:
            return None
        copies.set(key, stored, caching.SITE_PAGE_SECONDS)
    content, headers = stored
    return HttpResponse(content, headers=headers)


def keep_page(key: str, response) -> None:
    """Store a rendered public page with every header it was answered with but its cookies."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return
    headers = {name: value for name, value in response.items() if name.lower() not in NOT_STORED_HEADERS}
    stored = (response.content, headers)
    cache.set(key, stored, caching.SITE_PAGE_SECONDS)
    caches[caching.PROCESS_PAGES].set(key, stored, caching.SITE_PAGE_SECONDS)
