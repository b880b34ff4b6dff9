"""Rendered public pages kept in the cache until the public data changes.

A view marks its pages as the same for every anonymous reader with `cached_page`; the middleware
`public_pages` (gdansk_iso.middleware), placed before sessions, authentication, CSRF and history,
serves and stores them, so that a page already rendered costs one look-up of the data version and
nothing else. Every page's key carries that version (indicators.data_version), read from the database
once per request: whichever process made a change and whatever cache each process has, the next
request anywhere renders afresh. SITE_CACHE_SECONDS bounds how long any page may live regardless.
Signed-in people always get a page rendered for them.
"""

from functools import wraps

from django.conf import settings
from django.core.cache import cache
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
    try:
        match = resolve(request.path_info, getattr(request, "urlconf", None))
    except Resolver404:
        return False
    return getattr(match.func, "public_page", False)


def page_key(request) -> str:
    """The page's key, with the data version read before the view reads anything, so a page is never
    stored under a version newer than its data. The host is part of it: the sitemap's links are absolute."""
    version = data_version.current(request)
    return caching.site_page_key(version.tag, get_language(), request.build_absolute_uri())


def stored_page(key: str) -> HttpResponse | None:
    stored = cache.get(key)
    if stored is None:
        return None
    content, headers = stored
    return HttpResponse(content, headers=headers)


def keep_page(key: str, response) -> None:
    """Store a rendered public page with every header it was answered with but its cookies."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return
    headers = {name: value for name, value in response.items() if name.lower() not in NOT_STORED_HEADERS}
    cache.set(key, (response.content, headers), caching.SITE_PAGE_SECONDS)
