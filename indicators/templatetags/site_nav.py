"""The language switcher: the same page in each language of the site."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language

register = template.Library()

AUTONYMS = {"pl": "Polski", "en": "English", "de": "Deutsch"}


@register.simple_tag(takes_context=True)
def language_links(context):
    """(code, name in its own language, URL of this page in it, is current) for each language."""
    request = context.get("request")
    path = request.get_full_path() if request else "/"
    current = get_language()
    return [
        (code, AUTONYMS.get(code, code), translate_url(path, code), code == current)
        for code, _name in settings.LANGUAGES
    ]
