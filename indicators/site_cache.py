"""Rendered public pages kept in the cache until the public data changes.

Every cached page's key carries the data version (indicators.data_version), read from the database
once per request: whichever process made a change and whatever cache each process has, the next
request anywhere renders afresh. SITE_CACHE_SECONDS bounds how long any page may live regardless.
"""

from functools import wraps

from django.core.cache import cache
from django.http import HttpResponse
from django.template.response import SimpleTemplateResponse
from django.utils.translation import get_language

from . import caching, data_version

CACHED_HEADERS = ("Content-Type", "Content-Language", "Content-Disposition")


def cached_page(view):
    """Serve a GET of the view from the cache, keyed by data version, language and full URL (with the
    host: the sitemap's links are absolute).

    The version is read before the view reads anything, so a page is never stored under a version
    newer than its data.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        version = data_version.current(request)
        key = caching.site_page_key(version.tag, get_language(), request.build_absolute_uri())
        stored = cache.get(key)
        if stored is not None:
            content, headers = stored
            return HttpResponse(content, headers=headers)
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming:
            if isinstance(response, SimpleTemplateResponse):
                response.render()
            headers = {name: response[name] for name in CACHED_HEADERS if response.has_header(name)}
            cache.set(key, (response.content, headers), caching.SITE_PAGE_SECONDS)
        return response

    return wrapper
