"""The ISO 37120 catalogue: themes and indicators, with the limits a figure must keep."""

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..numbers import typed
from .base import CURRENT_EDITION, Edition, code_sort_key, limit_field


class ThemeManager(models.Manager):
    def get_by_natural_key(self, edition, number):
        return self.get(edition=edition, number=number)


class Theme(models.Model):
    edition = models.PositiveSmallIntegerField(_("edition"), choices=Edition, default=CURRENT_EDITION)
    number = models.PositiveSmallIntegerField(_("number"), help_text=_("Section number in the standard."))
    slug = models.SlugField(_("slug"), max_length=100)
    name = models.CharField(_("name"), max_length=200)

    objects = ThemeManager()

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["edition", "number"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "number"], name="theme_unique_number_per_edition"),
            models.UniqueConstraint(fields=["edition", "slug"], name="theme_unique_slug_per_edition"),
        ]

    def __str__(self):
        return f"{self.number}. {self.name}"

    def natural_key(self):
        return (self.edition, self.number)


class IndicatorQuerySet(models.QuerySet):
    def of_edition(self, edition=CURRENT_EDITION):
        return self.filter(edition=edition)

    def performance(self):
        """Core and supporting indicators: the ones a certificate counts (not profile facts)."""
        return self.exclude(kind=Indicator.Kind.PROFILE)


class IndicatorManager(models.Manager.from_queryset(IndicatorQuerySet)):
    def get_by_natural_key(self, edition, code):
        return self.get(edition=edition, code=code)


class Indicator(models.Model):
    class Kind(models.TextChoices):
        CORE = "core", _("core")
        SUPPORTING = "supporting", _("supporting")
        PROFILE = "profile", _("profile")

    class ValueType(models.TextChoices):
        NUMBER = "number", _("number")
        TEXT = "text", _("text")

    class ProfileGroup(models.TextChoices):
        PEOPLE = "people", _("people")
        HOUSING = "housing", _("housing")
        ECONOMY = "economy", _("economy")
        GOVERNMENT = "government", _("government")
        GEOGRAPHY = "geography", _("geography and climate")

    edition = models.PositiveSmallIntegerField(_("edition"), choices=Edition, default=CURRENT_EDITION)
    code = models.CharField(
        _("code"), max_length=16, help_text=_('As in the standard, e.g. "5.1" or "16.10".')
    )
    sort_key = models.CharField(max_length=40, editable=False, db_index=True)
    theme = models.ForeignKey(
        Theme, models.PROTECT, null=True, blank=True, related_name="indicators", verbose_name=_("theme")
    )
    profile_group = models.CharField(_("profile group"), max_length=20, choices=ProfileGroup, blank=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind)
    value_type = models.CharField(_("value type"), max_length=8, choices=ValueType, default=ValueType.NUMBER)
    name = models.CharField(_("name"), max_length=300)
    definition = models.TextField(_("definition"), blank=True)
    unit = models.CharField(_("unit"), max_length=80, blank=True)
    numerator = models.TextField(_("numerator"), blank=True, help_text=_("What is counted, in words."))
    denominator = models.TextField(
        _("denominator"), blank=True, help_text=_("What it is divided by, in words.")
    )
    scale = models.DecimalField(
        _("scale"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("value = numerator / denominator × scale (100 for %, 100000 per 100 000 population)."),
    )
    min_value = limit_field(
        _("minimum value"), _("Below it a figure is impossible (e.g. a negative count) and is refused.")
    )
    max_value = limit_field(
        _("maximum value"),
        _("Above it a figure is impossible (e.g. a share of the city's area above 100 %) and is refused."),
    )
    soft_min_value = limit_field(
        _("lowest usual value"),
        _(
            "Below it a figure is possible but unusual: it is taken with a warning that a reviewer "
            "explains before verifying it."
        ),
    )
    soft_max_value = limit_field(
        _("highest usual value"),
        _(
            "Above it a figure is possible but unusual (e.g. enrolment above 100 % where pupils come "
            "from beyond the city): it is taken with a warning that a reviewer explains before verifying it."
        ),
    )
    decimal_places = models.PositiveSmallIntegerField(_("decimal places"), default=2)
    higher_is_better = models.BooleanField(_("higher is better"), null=True, blank=True)
    change_threshold = models.PositiveSmallIntegerField(
        _("year-on-year warning threshold (%)"),
        default=25,
        help_text=_("A change from the previous year larger than this percentage needs an explanation."),
    )

    objects = IndicatorManager()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["edition", "sort_key"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "code"], name="indicator_unique_code_per_edition"),
            models.CheckConstraint(
                condition=(Q(kind="profile", theme__isnull=True) & ~Q(profile_group=""))
                | (~Q(kind="profile") & Q(theme__isnull=False, profile_group="")),
                name="indicator_theme_xor_profile_group",
            ),
            models.CheckConstraint(
                condition=Q(min_value__isnull=True)
                | Q(max_value__isnull=True)
                | Q(min_value__lte=models.F("max_value")),
                name="indicator_range_ordered",
            ),
            models.CheckConstraint(
                condition=Q(soft_min_value__isnull=True)
                | Q(soft_max_value__isnull=True)
                | Q(soft_min_value__lt=models.F("soft_max_value")),
                name="indicator_usual_range_ordered",
                violation_error_message=_("The lowest usual value must be below the highest usual value."),
            ),
            *(
                models.CheckConstraint(
                    condition=Q(**{f"{soft}__isnull": True})
                    | (
                        (Q(min_value__isnull=True) | Q(min_value__lt=models.F(soft)))
                        & (Q(max_value__isnull=True) | Q(max_value__gt=models.F(soft)))
                    ),
                    name=f"indicator_{soft}_inside_range",
                    violation_error_message=_(
                        "A usual value must lie strictly between the minimum and maximum values: beyond "
                        "them a figure is refused, so a warning there would never be seen."
                    ),
                )
                for soft in ("soft_min_value", "soft_max_value")
            ),
            models.CheckConstraint(condition=Q(decimal_places__lte=6), name="indicator_decimal_places_max_6"),
            models.CheckConstraint(
                condition=Q(scale__isnull=True) | Q(scale__gt=0), name="indicator_scale_positive"
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    def save(self, *args, **kwargs):
        self.sort_key = code_sort_key(self.code)
        super().save(*args, **kwargs)

    def natural_key(self):
        return (self.edition, self.code)

    natural_key.dependencies = ["indicators.theme"]

    @property
    def is_text(self) -> bool:
        return self.value_type == self.ValueType.TEXT

    @property
    def range_label(self) -> str:
        """The possible figures, and the usual ones where they are narrower: "0 … ∞ (usually up to 100)"."""
        if self.min_value is None and self.max_value is None and not self.usual_range_label:
            return ""
        label = f"{_bound_text(self.min_value, '−∞')} … {_bound_text(self.max_value, '∞')}"
        return f"{label} ({self.usual_range_label})" if self.usual_range_label else label

    @property
    def usual_range_label(self) -> str:
        low, high = self.soft_min_value, self.soft_max_value
        if low is not None and high is not None:
            return gettext("usually %(min)s … %(max)s") % {"min": _bound_text(low), "max": _bound_text(high)}
        if high is not None:
            return gettext("usually up to %(max)s") % {"max": _bound_text(high)}
        if low is not None:
            return gettext("usually from %(min)s") % {"min": _bound_text(low)}
        return ""


def _bound_text(bound: Decimal | None, unbounded: str = "") -> str:
    return unbounded if bound is None else typed(bound)
