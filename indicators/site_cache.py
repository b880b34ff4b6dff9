"""Rendered public pages kept in the cache until the public data changes.

A view marks its pages as the same for every anonymous reader with `cached_page`. `PublicPages`, the
WSGI application in front of Django's (gdansk_iso.wsgi), serves and stores them as Django finished them
(compressed for a reader who accepts gzip, with their language and security headers), so that a page
already rendered costs one look-up of the data version and nothing else: no request object, no
middleware, no session, login bookkeeping or history. Every page's key carries that version
(indicators.data_version), read from the database once per request: whichever process made a change and
whatever cache each process has, the next request anywhere renders afresh. SITE_CACHE_SECONDS bounds how
long any page may live regardless. Signed-in people always get a page rendered for them.
"""

import hashlib
import logging
from functools import lru_cache, wraps

from django.conf import settings
from django.core.cache import cache, caches
from django.core.handlers.wsgi import get_path_info
from django.db import DatabaseError
from django.http import parse_cookie
from django.middleware.gzip import re_accepts_gzip
from django.urls import Resolver404, resolve
from django.utils import translation

from . import caching, data_version

logger = logging.getLogger(__name__)

# Everything in a request that a public page's bytes may depend on: the scheme and host (absolute links),
# the address, the query, the cookies and Accept-Language (its language). Requests that differ in any of
# them are different pages to the cache, so nothing about them is interpreted twice.
REQUEST_INPUTS = (
    "wsgi.url_scheme",
    "HTTP_HOST",
    "SERVER_NAME",
    "SERVER_PORT",
    "HTTP_X_FORWARDED_HOST",
    "HTTP_X_FORWARDED_PORT",
    "HTTP_X_FORWARDED_PROTO",
    "SCRIPT_NAME",
    "PATH_INFO",
    "QUERY_STRING",
    "HTTP_COOKIE",
    "HTTP_ACCEPT_LANGUAGE",
)


def cached_page(view):
    """Mark the view's responses as public pages: the same for every anonymous reader of the same address,
    with the same cookies and languages, while the public data stays as it is."""

    @wraps(view)
    def public_view(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response.public_page = True
        return response

    public_view.public_page = True
    return public_view


class PublicPages:
    """The WSGI application answering an anonymous reader's request for a public page already rendered,
    and storing the pages Django renders; everything else goes straight to Django."""

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        if not is_anonymous_public_read(environ):
            return self.application(environ, start_response)
        try:
            version = data_version.read_before_the_request(environ)
        except DatabaseError:
            return self.application(environ, start_response)  # Django answers with its error page
        key = caching.site_page_key(version.tag, request_digest(environ))
        stored = stored_page(key)
        if stored is not None:
            content, headers = stored
            start_response("200 OK", headers)
            return [content]
        response = self.application(environ, start_response)
        keep_page(key, response)
        return response


def is_anonymous_public_read(environ) -> bool:
    """A GET without a session, of an address whose view is a public page."""
    if environ.get("REQUEST_METHOD") != "GET":
        return False
    cookies = environ.get("HTTP_COOKIE")
    if cookies and settings.SESSION_COOKIE_NAME in parse_cookie(cookies):
        return False
    return _is_public_page(get_path_info(environ) or "/", settings.ROOT_URLCONF)


@lru_cache(maxsize=4096)
def _is_public_page(path: str, urlconf: str) -> bool:
    """Whether the address is a public page's, remembered: resolving costs as much as serving a cached
    page. It is resolved in the language its prefix names, else the default one (which has no prefix)."""
    with translation.override(translation.get_language_from_path(path) or settings.LANGUAGE_CODE):
        try:
            match = resolve(path, urlconf)
        except Resolver404:
            return False
    return getattr(match.func, "public_page", False)


def request_digest(environ) -> str:
    """The request's inputs named in REQUEST_INPUTS, and whether it takes gzip (GZipMiddleware's own test),
    as one digest: keys stay short and hold no character a cache refuses."""
    accepts_gzip = bool(re_accepts_gzip.search(environ.get("HTTP_ACCEPT_ENCODING", "")))
    inputs = [str(environ.get(name, "")) for name in REQUEST_INPUTS]
    return hashlib.sha256(
        "\n".join([*inputs, str(accepts_gzip)]).encode("utf-8", "surrogateescape")
    ).hexdigest()


def stored_page(key: str) -> tuple[bytes, list[tuple[str, str]]] | None:
    """The page's bytes and headers from this process's own copies, else from the shared cache (and
    copied). A cache that cannot be reached only costs the rendering: Django answers."""
    copies = caches[caching.PROCESS_PAGES]
    try:
        stored = copies.get(key)
        if stored is None:
            stored = cache.get(key)
            if stored is None:
                return None
            copies.set(key, stored, caching.SITE_PAGE_SECONDS)
    except Exception:
        logger.exception("The page cache could not be read; the page is rendered.")
        return None
    return stored


def keep_page(key: str, response) -> None:
    """Store a public page Django answered with 200 and no cookie, with every header it was answered with;
    not one whose security policy names a nonce, which is for one response only."""
    if not (
        getattr(response, "public_page", False)
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "'nonce-" not in response.get("Content-Security-Policy", "")
    ):
        return
    stored = (response.content, list(response.items()))
    try:
        cache.set(key, stored, caching.SITE_PAGE_SECONDS)
        caches[caching.PROCESS_PAGES].set(key, stored, caching.SITE_PAGE_SECONDS)
    except Exception:
        logger.exception("The page cache could not store a page; it is answered all the same.")
