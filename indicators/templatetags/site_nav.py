"""The language switcher and the head's links: the same page in each language, and its canonical URL.

Search engines want absolute URLs in hreflang alternates and canonical links.
"""

from django import template
from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.urls import translate_url
from django.utils.translation import get_language

from .. import brand

register = template.Library()

AUTONYMS = {"pl": "Polski", "en": "English", "de": "Deutsch"}


def absolute(request, path: str) -> str:
    """The address with the site's host; the bare path when the request named a host the site does not
    serve, whose 400 page must neither fail again nor link to that host."""
    if request is None:
        return path
    try:
        return request.build_absolute_uri(path)
    except DisallowedHost:
        return path


@register.simple_tag(takes_context=True)
def language_links(context):
    """(code, name in its own language, absolute URL of this page in it, is current) for each language."""
    request = context.get("request")
    path = request.get_full_path() if request else "/"
    current = get_language()
    return [
        (code, AUTONYMS.get(code, code), absolute(request, translate_url(path, code)), code == current)
        for code, _name in settings.LANGUAGES
    ]


@register.simple_tag(takes_context=True)
def default_language_link(context):
    """This page in the default language: the hreflang x-default alternate."""
    request = context.get("request")
    path = request.get_full_path() if request else "/"
    return absolute(request, translate_url(path, settings.LANGUAGE_CODE))


@register.simple_tag(takes_context=True)
def canonical_url(context):
    """This page without its query string: filters and tracking parameters are not other pages."""
    request = context.get("request")
    return absolute(request, request.path if request else "/")


@register.simple_tag(takes_context=True)
def site_name(context):
    """“Gdańsk in numbers” in the page's language (indicators.brand); a page showing the home city (as
    `city`) costs no query; the 500 page (`without_database`) asks the cache only."""
    return brand.site_name(
        city=context.get("city"), request=context.get("request"), database=not context.get("without_database")
    )
