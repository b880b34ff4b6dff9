"""Query parameters read one way everywhere: a plain year, edition or id, or a 400 page saying what is wrong.

`str.isdigit()` also accepts "²" or "٢٠١٩", which `int()` then refuses (a server error) or reads as a
year nobody wrote; only ASCII digits are read here.
"""

import re

from django.core.exceptions import BadRequest
from django.utils.translation import gettext as _

from .models import Edition

PLAIN_YEAR = re.compile(r"[0-9]{4}")
PLAIN_ID = re.compile(r"[0-9]{1,18}")


class BadParameter(BadRequest):
    """A parameter the page cannot read; its message is shown on the 400 page, in the visitor's language."""


def parse_year(raw: str | None, *, parameter: str = "year") -> int | None:
    """None when the parameter is absent or empty; otherwise four ASCII digits, or BadParameter."""
    if not raw:
        return None
    if not PLAIN_YEAR.fullmatch(raw):
        raise BadParameter(
            _("“%(parameter)s” must be a year written with four digits, e.g. 2019.")
            % {"parameter": parameter}
        )
    return int(raw)


def parse_edition(raw: str | int | None, *, parameter: str = "edition") -> int | None:
    """None when absent or empty; otherwise an edition of ISO 37120 the registry holds ("2014", or 2014 from
    a JSON body), or BadParameter naming them. The pages, the API's parameters and bodies, and the commands
    all read an edition here."""
    if raw is None or raw == "":
        return None
    written = str(raw) if type(raw) is int else raw  # not bool, whose str() is "True"
    if not isinstance(written, str) or written not in {str(edition) for edition in Edition.values}:
        editions = ", ".join(str(edition) for edition in Edition.values)
        raise BadParameter(_("Choose one of: %s.") % editions)
    return int(written)


def parse_id(raw: str | None, *, parameter: str) -> int | None:
    """None when the parameter is absent or empty; otherwise ASCII digits, or BadParameter."""
    if not raw:
        return None
    if not PLAIN_ID.fullmatch(raw):
        message = _("“%(parameter)s” must be a number written with the digits 0–9.")
        raise BadParameter(message % {"parameter": parameter})
    return int(raw)


def parse_ids(raw: str | None, *, parameter: str) -> list[int]:
    """A comma-separated list of ids ("1,2,3"); empty when absent."""
    return [parse_id(part.strip(), parameter=parameter) for part in (raw or "").split(",") if part.strip()]
