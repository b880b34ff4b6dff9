"""Text without invisible control characters: refused when it comes in, made harmless when written out.

A vertical tab or a NUL pasted from a PDF is invisible on screen, cannot be stored in an XLSX (XML 1.0
forbids it) and PostgreSQL refuses NUL. So the model refuses such text in every text field, naming the
field and the character, whichever door it comes by; and a writer that still meets one (a row written
before this rule, or past the model) writes U+FFFD in its place, so no single text stops a download.
Tab, line feed and carriage return stay allowed: notes have lines.
"""

import re

from django.utils.text import capfirst
from django.utils.translation import gettext as _

CONTROL_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
REPLACEMENT = "\ufffd"


def control_character_message(text: str, field_name: str) -> str | None:
    """Why `text` is refused (the field, the first control character as U+XXXX, its position), or None."""
    found = CONTROL_CHARACTER.search(text)
    if found is None:
        return None
    return _(
        "%(field)s holds an invisible control character (U+%(code)04X) at position %(position)s: remove it."
    ) % {"field": capfirst(field_name), "code": ord(found.group()), "position": found.start() + 1}


def text_field_errors(instance, exclude=()) -> dict[str, str]:
    """field name → message, for each text field of a model instance holding a control character."""
    errors = {}
    for field in instance._meta.concrete_fields:
        if field.name in exclude or field.get_internal_type() not in ("CharField", "TextField"):
            continue
        content = getattr(instance, field.attname)
        if isinstance(content, str) and (message := control_character_message(content, field.verbose_name)):
            errors[field.name] = message
    return errors


def printable(text: str) -> str:
    """`text` as a file may hold it: each control character replaced by U+FFFD."""
    return CONTROL_CHARACTER.sub(REPLACEMENT, text)
