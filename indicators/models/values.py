"""Yearly values: the figure, its gap or text, its workflow stamps and its history."""

from collections.abc import Callable
from decimal import Decimal
from enum import StrEnum

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..evidence import evidence_file_storage, evidence_upload_path, validate_evidence_file
from ..numbers import typed
from ..plain_text import text_field_errors
from .base import (
    FIRST_YEAR,
    GAPS,
    LAST_STORABLE_YEAR,
    RATIO_TOLERANCE,
    last_allowed_year,
    user_stamp,
    year_allowed,
)
from .catalogue import Indicator
from .cities import City, CityAccess


class IndicatorValueQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=IndicatorValue.Status.PUBLISHED)

    def for_city(self, city):
        return self.filter(city=city)

    def worked_on_by(self, user):
        """The values of the cities `user` works on (every city unless their CityAccess names some)."""
        cities = CityAccess.objects.cities_of(user)
        return self if cities is None else self.filter(city__in=[city.pk for city in cities])


class IndicatorValueManager(models.Manager.from_queryset(IndicatorValueQuerySet)):
    def get_by_natural_key(self, city_slug, edition, code, year):
        return self.get(city__slug=city_slug, indicator__edition=edition, indicator__code=code, year=year)


class IndicatorValue(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        READY = "ready", _("ready for review")
        VERIFIED = "verified", _("verified")
        PUBLISHED = "published", _("published")

    class Gap(models.TextChoices):
        """Why a city and year have no figure, in the city's own words (gap_reason); the import's signs
        "x" and "." (indicators.numbers.STATISTICAL_SIGNS) record them."""

        NOT_APPLICABLE = "not_applicable", _("not applicable")
        NOT_AVAILABLE = "not_available", _("not available")

    city = models.ForeignKey(City, models.PROTECT, related_name="values", verbose_name=_("city"))
    indicator = models.ForeignKey(
        Indicator,
        models.PROTECT,
        related_name="values",
        verbose_name=_("indicator"),
        db_index=False,  # the (indicator, status, year) index serves lookups by indicator
    )
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=6, null=True, blank=True)
    text_value = models.CharField(_("text value"), max_length=500, blank=True)
    numerator = models.DecimalField(_("numerator"), max_digits=24, decimal_places=6, null=True, blank=True)
    denominator = models.DecimalField(
        _("denominator"), max_digits=24, decimal_places=6, null=True, blank=True
    )
    gap = models.CharField(
        _("no figure, because the indicator is"),
        max_length=14,
        choices=Gap,
        blank=True,
        help_text=_("Instead of a figure or a text: the indicator is not applicable or not available here."),
    )
    gap_reason = models.TextField(
        _("reason"), blank=True, help_text=_("Why there is no figure; published with the gap.")
    )
    source = models.TextField(_("data source"), blank=True)
    notes = models.TextField(_("notes"), blank=True, help_text=_("Explanations published next to the value."))
    evidence_url = models.URLField(
        _("evidence link"),
        max_length=1000,
        blank=True,
        help_text=_("The source document, for auditors; never published."),
    )
    evidence_file = models.FileField(
        _("evidence file"),
        upload_to=evidence_upload_path,
        storage=evidence_file_storage,
        max_length=255,
        blank=True,
        validators=[validate_evidence_file],
        help_text=_("PDF, XLSX, ODS, DOCX, ODT, PNG or JPEG, kept privately for auditors; never published."),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.DRAFT)
    review_note = models.TextField(
        _("explanation for reviewers"),
        blank=True,
        help_text=_("Why a figure with data-quality warnings is right; needed before it can be verified."),
    )
    returned_reason = models.TextField(
        _("reason for sending back"), blank=True, help_text=_("Written by the reviewer who sent it back.")
    )
    revision_note = models.TextField(
        _("public revision note"),
        blank=True,
        help_text=_("Shown to residents next to a published figure that was corrected."),
    )
    import_batch = models.ForeignKey(
        "indicators.ImportBatch",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="values",
        verbose_name=_("last import"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = user_stamp(_("created by"))
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)
    updated_by = user_stamp(_("changed by"))
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    verified_by = user_stamp(_("verified by"))
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = user_stamp(_("published by"))
    # updated_by is whoever last wrote the row (any step, a verification too); edited_by is whoever last
    # changed the figure itself, whom four eyes keep from verifying it.
    edited_by = user_stamp(
        _("figure last changed by"), help_text=_("Four eyes: this person may not verify the figure.")
    )
    # A figure given from outside the registry (a data owner through their link) names where it came
    # from while it is theirs; no reviewer verifies it until a statistician has changed it or marked it
    # ready for review (indicators.workflow.decide).
    received_from = models.CharField(
        _("received from"),
        max_length=300,
        blank=True,
        help_text=_("The data owner and link this figure came from; empty when it was entered here."),
    )
    awaits_statistician = models.BooleanField(
        _("awaits a statistician"),
        default=False,
        help_text=_(
            "A data owner's figure: a statistician changes it or marks it ready for review before a "
            "reviewer may verify it."
        ),
    )
    version = models.PositiveIntegerField(
        _("version"), default=1, help_text=_("Counts every write, so a stale form or client is refused.")
    )
    # A reviewer's correction of a published figure, waiting for a second reviewer to publish it; until
    # then residents keep seeing the published figure above.
    pending_value = models.DecimalField(
        _("proposed value"), max_digits=20, decimal_places=6, null=True, blank=True
    )
    pending_text_value = models.CharField(_("proposed text value"), max_length=500, blank=True)
    pending_numerator = models.DecimalField(
        _("proposed numerator"), max_digits=24, decimal_places=6, null=True, blank=True
    )
    pending_denominator = models.DecimalField(
        _("proposed denominator"), max_digits=24, decimal_places=6, null=True, blank=True
    )
    pending_gap = models.CharField(_("proposed gap"), max_length=14, choices=Gap, blank=True)
    pending_gap_reason = models.TextField(_("proposed reason"), blank=True)
    pending_source = models.TextField(_("proposed data source"), blank=True)
    pending_notes = models.TextField(_("proposed notes"), blank=True)
    pending_revision_note = models.TextField(_("proposed public revision note"), blank=True)
    pending_at = models.DateTimeField(_("correction proposed at"), null=True, blank=True)
    pending_by = user_stamp(_("correction proposed by"))

    # The history is looked up by value, by city and by date; an index on any other column would only
    # slow every write (an import adds tens of thousands of history rows).
    history = HistoricalRecords(
        excluded_fields=["updated_at"],
        no_db_index=[
            *("indicator", "import_batch", "created_by", "updated_by", "verified_by", "published_by"),
            *("edited_by", "pending_by"),
        ],
    )
    objects = IndicatorValueManager()

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        ordering = ["city", "indicator__sort_key", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["city", "indicator", "year"], name="value_unique_city_indicator_year"
            ),
            models.CheckConstraint(
                condition=Q(year__gte=FIRST_YEAR, year__lte=LAST_STORABLE_YEAR), name="value_year_in_range"
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=False, text_value="", gap="")
                | (Q(value__isnull=True, gap="") & ~Q(text_value=""))
                | Q(value__isnull=True, text_value="", numerator__isnull=True, gap__in=GAPS),
                name="value_one_of_figure_text_gap",
            ),
            models.CheckConstraint(
                condition=Q(gap="", gap_reason="") | (Q(gap__in=GAPS) & ~Q(gap_reason="")),
                name="value_gap_with_reason",
            ),
            models.CheckConstraint(
                condition=Q(denominator__isnull=True) | ~Q(denominator=0), name="value_denominator_not_zero"
            ),
            models.CheckConstraint(
                condition=Q(numerator__isnull=True, denominator__isnull=True)
                | Q(numerator__isnull=False, denominator__isnull=False),
                name="value_numerator_with_denominator",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "ready", "verified", "published"]), name="value_status_known"
            ),
            models.CheckConstraint(
                condition=Q(awaits_statistician=False) | (Q(status="draft") & ~Q(received_from="")),
                name="value_owner_figure_waits_as_draft",
            ),
        ]
        indexes = [models.Index(fields=["indicator", "status", "year"], name="value_indicator_status_year")]
        permissions = [
            ("verify_indicatorvalue", _("Can verify indicator values")),
            ("publish_indicatorvalue", _("Can publish indicator values")),
        ]

    def __str__(self):
        return f"{self.indicator.code} {self.year}: {self.display_value}"

    def natural_key(self):
        return (self.city.slug, *self.indicator.natural_key(), self.year)

    natural_key.dependencies = ["indicators.city", "indicators.indicator"]

    @property
    def holds(self) -> "ValueKind":
        return kind_of(self.value, self.gap)

    def reads(self, *, figure: Callable = typed, gap_as: Callable[[str, str], str] | None = None):
        """The value as it reads wherever a figure would (see reading): pages pass their number format,
        files their cell and their sign for a gap."""
        return reading(self.value, self.text_value, self.gap, self.gap_reason, figure=figure, gap_as=gap_as)

    @property
    def display_value(self) -> str:
        return self.reads()

    @property
    def unit_shown(self) -> str:
        """The indicator's unit beside the value, none beside a gap ("not applicable" has no unit)."""
        return "" if self.holds is ValueKind.GAP else self.indicator.unit

    @property
    def has_pending_correction(self) -> bool:
        return self.pending_at is not None

    @property
    def pending_display_value(self) -> str:
        return reading(self.pending_value, self.pending_text_value, self.pending_gap, self.pending_gap_reason)

    def clean_fields(self, exclude=None):
        """The fields' own checks, and no invisible control character in any text (indicators.plain_text)."""
        errors = {
            name: [ValidationError(message, code="control_character")]
            for name, message in text_field_errors(self, exclude or ()).items()
        }
        try:
            super().clean_fields(exclude)
        except ValidationError as error:
            for name, found in error.error_dict.items():
                errors[name] = [*found, *errors.get(name, [])]
        if errors:
            raise ValidationError(errors)

    def clean(self):
        """Every rule a value must satisfy whatever path it comes by (admin form, import, API)."""
        errors = {}
        if self.year is not None and not year_allowed(self.year):
            errors["year"] = _("The year must be between %(first)s and %(last)s.") % {
                "first": FIRST_YEAR,
                "last": last_allowed_year(),
            }
        indicator = self.indicator if self.indicator_id else None
        if indicator is not None:
            errors.update(self._clean_against(indicator))
        if errors:
            raise ValidationError(errors)

    def _clean_gap(self) -> dict:
        """A gap stands instead of a figure or a text, and always with its reason."""
        if not self.gap:
            if self.gap_reason.strip():
                return {
                    "gap_reason": _(
                        "A reason is recorded only with a gap: choose not applicable or not available, "
                        "or clear the reason."
                    )
                }
            return {}
        errors = {}
        if self.value is not None or self.text_value or self.numerator is not None:
            errors["gap"] = _(
                "A value holds a figure, a text or a gap, never two: clear the figure to record that the "
                "indicator is %(gap)s."
            ) % {"gap": self.get_gap_display()}
        if not self.gap_reason.strip():
            errors["gap_reason"] = _("Write why the indicator is %(gap)s.") % {"gap": self.get_gap_display()}
        return errors

    def _clean_against(self, indicator: Indicator) -> dict:
        if self.gap or self.gap_reason.strip():
            return self._clean_gap()
        errors = {}
        if indicator.is_text:
            if self.value is not None or self.numerator is not None:
                errors["value"] = _("%(code)s is a text indicator: enter text, not a number.") % {
                    "code": indicator.code
                }
            elif not self.text_value.strip():
                errors["text_value"] = _("Enter the text value.")
            return errors
        if self.text_value:
            errors["text_value"] = _("%(code)s is a numeric indicator: enter a number, not text.") % {
                "code": indicator.code
            }
        if self.value is None:
            errors["value"] = _("Enter a number.")
            return errors
        if indicator.min_value is not None and self.value < indicator.min_value:
            errors["value"] = _("%(value)s is below the lowest possible value %(min)s %(unit)s.") % {
                "value": self.display_value,
                "min": typed(indicator.min_value),
                "unit": indicator.unit,
            }
        elif indicator.max_value is not None and self.value > indicator.max_value:
            errors["value"] = _("%(value)s is above the highest possible value %(max)s %(unit)s.") % {
                "value": self.display_value,
                "max": typed(indicator.max_value),
                "unit": indicator.unit,
            }
        if (self.numerator is None) != (self.denominator is None):
            errors["denominator"] = _("Give both the numerator and the denominator, or neither.")
        elif self.denominator == 0:
            errors["denominator"] = _("The denominator cannot be zero.")
        elif self.numerator is not None:
            expected = self.numerator / self.denominator * (indicator.scale or 1)
            if not ratio_agrees(self.value, expected):
                errors["value"] = _(
                    "The value %(value)s disagrees with numerator ÷ denominator × %(scale)s = %(expected)s."
                ) % {
                    "value": self.display_value,
                    "scale": typed(indicator.scale or 1),
                    "expected": typed(round(expected, indicator.decimal_places + 2)),
                }
        return errors


class ValueKind(StrEnum):
    """What a value holds: a figure, a text (a text indicator's value) or a gap instead of either."""

    FIGURE = "figure"
    TEXT = "text"
    GAP = "gap"


def kind_of(number: Decimal | None, gap: str) -> ValueKind:
    """The one branch on what a value holds; a gap stands alone (value_one_of_figure_text_gap)."""
    if gap:
        return ValueKind.GAP
    return ValueKind.TEXT if number is None else ValueKind.FIGURE


def reading(
    number: Decimal | None,
    text: str,
    gap: str,
    reason: str = "",
    *,
    figure: Callable = typed,
    gap_as: Callable[[str, str], str] | None = None,
):
    """How a value reads wherever a figure would: its gap (gap_as(gap, reason), by default “not applicable
    — reason”), its text, or figure(number). Pages, files, the API, PDFs and history records (fields
    without the model's methods) all read a value here, each passing its own way to write a figure."""
    kind = kind_of(number, gap)
    if kind is ValueKind.GAP:
        return (gap_as or gap_text)(gap, reason)
    return text if kind is ValueKind.TEXT else figure(number)


def gap_text(gap: str, reason: str) -> str:
    """“not applicable — reason”: how a gap reads wherever a figure would."""
    label = IndicatorValue.Gap(gap).label
    return f"{label} — {reason}" if reason else str(label)


def ratio_agrees(value: Decimal, expected: Decimal) -> bool:
    """True when `expected` rounds to `value` at the precision the value is written with (0.07 stands for
    anything from 0.065 to 0.075), or lies within RATIO_TOLERANCE of it.

    The precision is read from the figure itself, without trailing zeros: the database keeps six decimal
    places, so "0.07" comes back as 0.070000 and must be judged the same at verification as at entry.
    """
    return abs(value - expected) <= max(half_last_unit(value), abs(expected) * RATIO_TOLERANCE)


def half_last_unit(figure: Decimal) -> Decimal:
    """Half a unit in the last decimal place written: 0.005 for 0.07, 0.5 for 100 (never more)."""
    decimals = max(0, -figure.normalize().as_tuple().exponent)
    return Decimal(1).scaleb(-decimals) / 2
