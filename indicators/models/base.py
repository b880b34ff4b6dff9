"""Years, editions and codes: the bounds every model and form of the registry shares."""

import re
from datetime import UTC, datetime
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone

FIRST_YEAR = 1990
LAST_STORABLE_YEAR = 2100  # what the database can hold; the moving upper bound is next year, in clean()
GAPS = ["not_applicable", "not_available"]  # IndicatorValue.Gap, for the constraints written before it
POPULATION_CODE = "PPL-01"  # the profile indicator of total population: rates per 100 000, peer-group rules
RATIO_TOLERANCE = Decimal("0.01")  # relative disagreement allowed besides the rounding of the value written


def last_allowed_year() -> int:
    """Values may be entered for the coming year (budgets), never further ahead."""
    return timezone.localdate().year + 1


def year_allowed(year: int) -> bool:
    """FIRST_YEAR to last_allowed_year(). The local year is never more than one behind UTC's, so every
    year up to UTC's is allowed without asking the time zone, which an import would do for every value."""
    return year >= FIRST_YEAR and (year <= datetime.now(UTC).year or year <= last_allowed_year())


def code_sort_key(code: str) -> str:
    """Sort key that orders codes numerically ("16.2" before "16.10"); profile codes ("PPL-01") last."""
    return ".".join(f"{int(part):04d}" if part.isdigit() else f"~{part}" for part in re.split(r"[.-]", code))


class Edition(models.IntegerChoices):
    ISO_37120_2014 = 2014, "ISO 37120:2014"
    ISO_37120_2018 = 2018, "ISO 37120:2018"


CURRENT_EDITION = Edition.ISO_37120_2014  # the edition the public site, imports and reports follow


def user_stamp(verbose_name, *, help_text="", indexed=False) -> models.ForeignKey:
    """Who did something to a row. The row outlives the user (SET_NULL), and has no reverse accessor.
    Unindexed by default: searched only when a user is deleted (rare), and an index slows every write."""
    options = {} if indexed else {"db_index": False}
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=verbose_name,
        help_text=help_text,
        **options,
    )


def limit_field(verbose_name, help_text) -> models.DecimalField:
    """A bound an indicator's figures are checked against: as precise as a stored figure, optional."""
    return models.DecimalField(
        verbose_name, max_digits=20, decimal_places=6, null=True, blank=True, help_text=help_text
    )
