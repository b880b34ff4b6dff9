"""Figures in a page: numbers in the page's language and a value as it reads (gap, text or figure)."""

from decimal import Decimal

from django import template
from django.conf import settings
from django.utils.translation import get_language

from ..numbers import format_number

register = template.Library()


@register.filter
def number(value, places=2):
    """A number in the page's language ("1 234,5" / "1,234.5"); text values and None pass through."""
    if value is None or value == "":
        return ""
    if not isinstance(value, (Decimal, int, float)):
        return value
    return format_number(Decimal(value), int(places), get_language() or settings.LANGUAGE_CODE)


@register.filter
def signed_number(value, places=2):
    """A change with its sign: "+0,3", "−1,2", "0"."""
    if value is None:
        return ""
    text = number(abs(value), places)
    if value > 0:
        return "+" + text
    return "−" + text if value < 0 else text


@register.filter
def figure(value):
    """A value's published figure at the indicator's decimal places, in the page's language; a gap as
    “not applicable — reason”."""
    if value is None:
        return ""
    return value.reads(figure=lambda figure: number(figure, value.indicator.decimal_places))


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None
