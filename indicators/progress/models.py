"""A city's target for an indicator: a figure to reach by a year, from a named document.

A target is data like a value: entered by statisticians (admin, import), verified and published by
reviewers through indicators.workflow.decide (four eyes: nobody publishes their own target), every
change kept in its history. The public site and API read the published columns only, so a correction
waiting for a second reviewer changes nothing residents see.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..models import FIRST_YEAR, LAST_STORABLE_YEAR, City, Indicator, IndicatorValue
from ..models.base import user_stamp
from ..numbers import typed

Status = IndicatorValue.Status
TARGET_FIELDS = ("value", "year", "base_year", "document", "document_url", "notes")


class TargetQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED)

    def worked_on_by(self, user):
        return self.filter(city__in=City.objects.worked_on_by(user))


class Target(models.Model):
    city = models.ForeignKey(City, models.PROTECT, related_name="targets", verbose_name=_("city"))
    indicator = models.ForeignKey(
        Indicator, models.PROTECT, related_name="targets", verbose_name=_("indicator")
    )
    value = models.DecimalField(
        _("target value"), max_digits=20, decimal_places=6, help_text=_("In the indicator's unit.")
    )
    year = models.PositiveSmallIntegerField(_("target year"), help_text=_("The year it is to be reached by."))
    base_year = models.PositiveSmallIntegerField(
        _("base year"),
        null=True,
        blank=True,
        help_text=_("The year the document measures progress from; empty: the registry's base year."),
    )
    document = models.CharField(
        _("source document"), max_length=300, help_text=_("E.g. the city's strategy “Gdańsk 2030 Plus”.")
    )
    document_url = models.URLField(_("link to the document"), max_length=1000, blank=True)
    notes = models.TextField(_("notes"), blank=True, help_text=_("Published next to the target."))
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.DRAFT)
    review_note = models.TextField(_("explanation for reviewers"), blank=True)
    returned_reason = models.TextField(_("reason for sending back"), blank=True)
    revision_note = models.TextField(
        _("public revision note"), blank=True, help_text=_("Shown to residents next to a corrected target.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = user_stamp(_("created by"))
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)
    updated_by = user_stamp(_("changed by"))
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    verified_by = user_stamp(_("verified by"))
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = user_stamp(_("published by"))
    edited_by = user_stamp(
        _("target last changed by"), help_text=_("Four eyes: this person may not verify the target.")
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    # A reviewer's correction of a published target, waiting for a second reviewer (as for values).
    pending_value = models.DecimalField(
        _("proposed target value"), max_digits=20, decimal_places=6, null=True, blank=True
    )
    pending_year = models.PositiveSmallIntegerField(_("proposed target year"), null=True, blank=True)
    pending_base_year = models.PositiveSmallIntegerField(_("proposed base year"), null=True, blank=True)
    pending_document = models.CharField(_("proposed source document"), max_length=300, blank=True)
    pending_document_url = models.URLField(_("proposed link"), max_length=1000, blank=True)
    pending_notes = models.TextField(_("proposed notes"), blank=True)
    pending_revision_note = models.TextField(_("proposed public revision note"), blank=True)
    pending_at = models.DateTimeField(_("correction proposed at"), null=True, blank=True)
    pending_by = user_stamp(_("correction proposed by"))

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = TargetQuerySet.as_manager()

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["city", "indicator__sort_key"]
        constraints = [
            models.UniqueConstraint(fields=["city", "indicator"], name="target_unique_city_indicator"),
            models.CheckConstraint(
                condition=Q(year__gte=FIRST_YEAR, year__lte=LAST_STORABLE_YEAR), name="target_year_in_range"
            ),
            models.CheckConstraint(
                condition=Q(base_year__isnull=True)
                | Q(base_year__gte=FIRST_YEAR, base_year__lt=models.F("year")),
                name="target_base_year_before_target_year",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "ready", "verified", "published"]),
                name="target_status_known",
            ),
        ]

    def __str__(self):
        return f"{self.indicator.code} {self.city}: {typed(self.value)} ({self.year})"

    @property
    def has_pending_correction(self) -> bool:
        return self.pending_at is not None

    def clean(self):
        errors = {}
        if self.year is not None and not FIRST_YEAR <= self.year <= LAST_STORABLE_YEAR:
            errors["year"] = _("The year must be between %(first)s and %(last)s.") % {
                "first": FIRST_YEAR,
                "last": LAST_STORABLE_YEAR,
            }
        if (
            self.base_year is not None
            and self.year is not None
            and not FIRST_YEAR <= self.base_year < self.year
        ):
            errors["base_year"] = _("The base year must come before the target year (%(year)s).") % {
                "year": self.year
            }
        indicator = self.indicator if self.indicator_id else None
        if indicator is not None and indicator.is_text:
            errors["indicator"] = _("%(code)s is a text indicator: a target needs a figure.") % {
                "code": indicator.code
            }
        elif indicator is not None and indicator.higher_is_better is None:
            errors["indicator"] = _(
                "The catalogue says neither higher nor lower is better for %(code)s: progress toward a "
                "target cannot be rated."
            ) % {"code": indicator.code}
        if errors:
            raise ValidationError(errors)
