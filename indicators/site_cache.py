"""Rendered public pages kept in the cache until something they show changes.

Every cached page's key carries a site-wide version; saving or deleting a value, indicator, theme,
city or certificate bumps the version, so the next request renders afresh. With several server
processes the cache (CACHE_URL) must be shared for the bump to reach them all; SITE_CACHE_SECONDS
bounds how long any page may live regardless. Each process re-reads the version at most once a
second (VERSION_MEMO_SECONDS): a change made through another process shows within that second.
"""

import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils.translation import get_language

VERSION_KEY = "site:version"
PAGE_SECONDS = getattr(settings, "SITE_CACHE_SECONDS", 300)
CACHED_HEADERS = ("Content-Type", "Content-Language", "Content-Disposition")
VERSION_MEMO_SECONDS = 1.0
_memo = {"version": None, "read_at": 0.0}


def remember(version: int) -> int:
    _memo.update(version=version, read_at=time.monotonic())
    return version


def current_version() -> int:
    if _memo["version"] is not None and time.monotonic() - _memo["read_at"] < VERSION_MEMO_SECONDS:
        return _memo["version"]
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY, 1)
    return remember(version)


def bump(**_signal_kwargs) -> None:
    """Forget every cached page (call it after bulk writes, which send no signals)."""
    try:
        remember(cache.incr(VERSION_KEY))
    except ValueError:
        cache.set(VERSION_KEY, 2, timeout=None)
        remember(2)


def cached_page(view):
    """Serve a GET of the view from the cache, keyed by version, language and full path."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        key = f"site:{current_version()}:{get_language()}:{request.get_full_path()}"
        stored = cache.get(key)
        if stored is not None:
            content, headers = stored
            return HttpResponse(content, headers=headers)
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming:
            headers = {name: response[name] for name in CACHED_HEADERS if response.has_header(name)}
            cache.set(key, (response.content, headers), PAGE_SECONDS)
        return response

    return wrapper


def connect_signals() -> None:
    """Bump the version whenever anything a public page shows is saved or deleted."""
    from certification.models import Certificate, Standard

    from .models import City, Indicator, IndicatorValue, PeerGroup, Theme

    for model in (IndicatorValue, Indicator, Theme, City, Certificate, Standard, PeerGroup):
        post_save.connect(bump, sender=model, dispatch_uid=f"site_cache.save.{model.__name__}")
        post_delete.connect(bump, sender=model, dispatch_uid=f"site_cache.delete.{model.__name__}")
    m2m_changed.connect(bump, sender=PeerGroup.members.through, dispatch_uid="site_cache.peer_group_members")
