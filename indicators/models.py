"""The registry's data: cities, the ISO 37120 catalogue (themes, indicators) and yearly values.

The rules that keep a value true live here, in one place, so the admin, the importer and the API
all refuse the same things; the database repeats every rule it can express as a constraint.
"""

import re
from datetime import UTC, datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .evidence import evidence_file_storage, evidence_upload_path, validate_evidence_file
from .import_files import import_file_storage
from .numbers import typed
from .plain_text import text_field_errors

FIRST_YEAR = 1990
LAST_YEAR_CONSTRAINT = 2100  # what the database can hold; the moving upper bound is next year, in clean()
GAPS = ["not_applicable", "not_available"]  # IndicatorValue.Gap, for the constraints written before it
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


class CityQuerySet(models.QuerySet):
    def home(self) -> "City":
        """The city whose registry this is (HOME_CITY_SLUG); City.DoesNotExist before it is loaded."""
        try:
            return self.get(slug=settings.HOME_CITY_SLUG)
        except self.model.DoesNotExist as error:
            raise self.model.DoesNotExist(
                _("The home city “%(slug)s” is not in the registry: load it with bootstrap_registry.")
                % {"slug": settings.HOME_CITY_SLUG}
            ) from error

    def home_for(self, user) -> "City":
        """The home city, or for a person limited to other cities the first of theirs: what the
        back office's forms start with."""
        cities = CityAccess.objects.cities_of(user)
        home = self.home()
        return home if cities is None or home in cities else cities[0]

    def worked_on_by(self, user):
        """The cities whose values `user` may write: every city, or those their CityAccess names."""
        cities = CityAccess.objects.cities_of(user)
        return self if cities is None else self.filter(pk__in=[city.pk for city in cities])


class CityManager(models.Manager.from_queryset(CityQuerySet)):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class City(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    country = models.CharField(_("country"), max_length=2, help_text=_("ISO 3166-1 alpha-2 code, e.g. PL."))
    region = models.CharField(
        _("region"),
        max_length=200,
        blank=True,
        help_text=_("Voivodeship or other first-level region, e.g. pomorskie."),
    )

    objects = CityManager()

    class Meta:
        verbose_name = _("city")
        verbose_name_plural = _("cities")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(country__regex=r"^[A-Z]{2}$"), name="city_country_iso_alpha2"),
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)

    @property
    def is_home(self) -> bool:
        return self.slug == settings.HOME_CITY_SLUG


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
    min_value = models.DecimalField(
        _("minimum value"),
        max_digits=20,
        decimal_places=6,
        null=True,
        blank=True,
        help_text=_("Below it a figure is impossible (e.g. a negative count) and is refused."),
    )
    max_value = models.DecimalField(
        _("maximum value"),
        max_digits=20,
        decimal_places=6,
        null=True,
        blank=True,
        help_text=_(
            "Above it a figure is impossible (e.g. a share of the city's area above 100 %) and is refused."
        ),
    )
    soft_min_value = models.DecimalField(
        _("lowest usual value"),
        max_digits=20,
        decimal_places=6,
        null=True,
        blank=True,
        help_text=_(
            "Below it a figure is possible but unusual: it is taken with a warning that a reviewer "
            "explains before verifying it."
        ),
    )
    soft_max_value = models.DecimalField(
        _("highest usual value"),
        max_digits=20,
        decimal_places=6,
        null=True,
        blank=True,
        help_text=_(
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
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
        db_index=False,  # searched only when a user is deleted (rare); an index would slow every write
    )
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
        db_index=False,  # searched only when a user is deleted (rare); an index would slow every write
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verified by"),
        db_index=False,  # searched only when a user is deleted (rare); an index would slow every write
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
        db_index=False,  # searched only when a user is deleted (rare); an index would slow every write
    )

    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("figure last changed by"),
        help_text=_("Four eyes: this person may not verify the figure."),
        db_index=False,  # searched only when a user is deleted (rare); an index would slow every write
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
    pending_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("correction proposed by"),
        db_index=False,  # searched only when a user is deleted (rare); an index would slow every write
    )

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
                condition=Q(year__gte=FIRST_YEAR, year__lte=LAST_YEAR_CONSTRAINT), name="value_year_in_range"
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
                condition=Q(status__in=["draft", "verified", "published"]), name="value_status_known"
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
    def display_value(self) -> str:
        if self.gap:
            return gap_text(self.gap, self.gap_reason)
        return self.text_value if self.value is None else typed(self.value)

    @property
    def has_pending_correction(self) -> bool:
        return self.pending_at is not None

    @property
    def pending_display_value(self) -> str:
        if self.pending_gap:
            return gap_text(self.pending_gap, self.pending_gap_reason)
        return self.pending_text_value if self.pending_value is None else typed(self.pending_value)

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


class ImportBatch(models.Model):
    """One uploaded workbook: who brought it, what it was (checksum), what it did."""

    class State(models.TextChoices):
        PLANNED = "planned", _("planned (dry run)")
        APPLIED = "applied", _("applied")
        REJECTED = "rejected", _("rejected")

    file_name = models.CharField(_("file name"), max_length=255)
    checksum = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    file = models.FileField(_("file"), upload_to="imports/%Y/%m/", storage=import_file_storage, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State, default=State.PLANNED)
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)
    created_count = models.PositiveIntegerField(_("created"), default=0)
    updated_count = models.PositiveIntegerField(_("updated"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unchanged"), default=0)
    skipped_count = models.PositiveIntegerField(_("skipped"), default=0)
    error_count = models.PositiveIntegerField(_("errors"), default=0)
    report = models.JSONField(
        _("report"), default=dict, blank=True, help_text=_("The plan shown in the preview: errors, changes.")
    )

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.file_name} ({self.created_at:%Y-%m-%d %H:%M})" if self.created_at else self.file_name


class PeerGroup(models.Model):
    """Cities a city measures itself against: members chosen by hand and/or by a rule.

    With the rule switched on, every city matching all of its filled criteria is a member (no
    criteria: every city); population is the city's latest published total population (PPL-01).
    Membership is resolved by indicators.comparison.selectors.member_cities.
    """

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)
    members = models.ManyToManyField(
        City, blank=True, related_name="peer_groups", verbose_name=_("members chosen by hand")
    )
    by_rule = models.BooleanField(
        _("add the cities matching the rule"),
        default=False,
        help_text=_(
            "Every city that matches all the criteria filled in below; with none filled, every city."
        ),
    )
    rule_country = models.CharField(
        _("country"), max_length=2, blank=True, help_text=_("ISO 3166-1 alpha-2 code, e.g. PL.")
    )
    rule_region = models.CharField(_("region"), max_length=200, blank=True)
    rule_population_min = models.PositiveIntegerField(_("population from"), null=True, blank=True)
    rule_population_max = models.PositiveIntegerField(_("population up to"), null=True, blank=True)

    class Meta:
        verbose_name = _("peer group")
        verbose_name_plural = _("peer groups")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rule_country="") | Q(rule_country__regex=r"^[A-Z]{2}$"),
                name="peergroup_country_iso_alpha2",
            ),
            models.CheckConstraint(
                condition=Q(rule_population_min__isnull=True)
                | Q(rule_population_max__isnull=True)
                | Q(rule_population_min__lte=models.F("rule_population_max")),
                name="peergroup_population_bounds_ordered",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if (
            self.rule_population_min is not None
            and self.rule_population_max is not None
            and self.rule_population_min > self.rule_population_max
        ):
            raise ValidationError(
                {"rule_population_max": _("The upper bound must not be below the lower bound.")}
            )


class CityAccessManager(models.Manager):
    def cities_of(self, user) -> tuple[City, ...] | None:
        """The cities whose values `user` may write; None when they are not limited. Read once per user
        object (one query), as Django reads a user's permissions once."""
        if getattr(user, "pk", None) is None:
            return None
        if not hasattr(user, "_cities_worked_on"):
            cities = tuple(City.objects.filter(accesses__user_id=user.pk).order_by("name"))
            user._cities_worked_on = cities or None
        return user._cities_worked_on


class CityAccess(models.Model):
    """The cities a statistician or reviewer works on, kept by superusers: e.g. a person who keeps
    peer cities' data from public sources, or another city's staff. Without one (or with no city
    chosen) a person works on every city. What it allows is decided by indicators.workflow."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="city_access", verbose_name=_("user")
    )
    cities = models.ManyToManyField(
        City,
        blank=True,
        related_name="accesses",
        verbose_name=_("cities"),
        help_text=_("The person enters, changes and reviews values of these cities only; none: every city."),
    )

    objects = CityAccessManager()

    class Meta:
        verbose_name = _("cities worked on")
        verbose_name_plural = _("cities worked on")

    def __str__(self):
        return str(self.user)


class DataVersionManager(models.Manager):
    def current(self) -> "DataVersion":
        """The version the public data is at (one query); a database flushed of its row is at version 0."""
        return self.filter(pk=DataVersion.ROW).first() or DataVersion(pk=DataVersion.ROW)

    def bump(self) -> None:
        """Count one change the public can see, in the caller's transaction: readers in other
        transactions see the new number exactly when they see the change (the row lock orders them)."""
        bump_version_row(self)


def bump_version_row(manager: models.Manager) -> None:
    """The bump itself, for the model's manager and for a historical model's one in a data migration."""
    moved = {"number": models.F("number") + 1, "changed_at": timezone.now()}
    if not manager.filter(pk=DataVersion.ROW).update(**moved):
        manager.bulk_create([manager.model(pk=DataVersion.ROW)], ignore_conflicts=True)
        manager.filter(pk=DataVersion.ROW).update(**moved)


class DataVersion(models.Model):
    """One row counting the changes to anything the public sees (values, catalogue, cities, certificates).

    Page cache keys, the API's ETag and Last-Modified, the download files and the "last changed" date
    all derive from it, so every server process agrees on what is current whatever its cache.
    """

    ROW = 1

    number = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField(null=True, blank=True)

    objects = DataVersionManager()

    class Meta:
        verbose_name = _("data version")
        constraints = [models.CheckConstraint(condition=Q(id=1), name="data_version_single_row")]

    def __str__(self):
        return self.tag

    @property
    def tag(self) -> str:
        """Names this state in cache keys, ETags and file paths; the time tells apart a counter restarted
        by a flushed database from the one before."""
        moment = int(self.changed_at.timestamp() * 1_000_000) if self.changed_at else 0
        return f"{self.number}-{moment}"
