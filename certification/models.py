"""Certificates a city holds (ISO 37120, ISO 9001, …), who issued them and the audits behind them.

Only what is known is stored: dates and numbers a source does not give stay empty.
"""

import datetime
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from indicators.models import CURRENT_EDITION, City, Edition

RENEWAL_WINDOW = datetime.timedelta(days=183)  # "due for renewal": ending within about six months


class StandardManager(models.Manager):
    def get_by_natural_key(self, code):
        return self.get(code=code)


class Standard(models.Model):
    code = models.CharField(_("code"), max_length=40, unique=True, help_text=_('e.g. "ISO 37120:2014".'))
    family = models.CharField(
        _("family"), max_length=40, help_text=_('Editions of one standard share a family, e.g. "ISO 9001".')
    )
    title = models.CharField(_("title"), max_length=300)
    indicator_edition = models.PositiveSmallIntegerField(
        _("indicator edition"),
        choices=Edition,
        null=True,
        blank=True,
        help_text=_("For indicator standards: the catalogue edition its certificates report against."),
    )

    objects = StandardManager()

    class Meta:
        verbose_name = _("standard")
        verbose_name_plural = _("standards")
        ordering = ["code"]

    def __str__(self):
        return self.code

    def natural_key(self):
        return (self.code,)


class CertificationBodyManager(models.Manager):
    def get_by_natural_key(self, short_name):
        return self.get(short_name=short_name)


class CertificationBody(models.Model):
    short_name = models.CharField(_("short name"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=300)
    country = models.CharField(_("country"), max_length=2, blank=True)

    objects = CertificationBodyManager()

    class Meta:
        verbose_name = _("certification body")
        verbose_name_plural = _("certification bodies")
        ordering = ["short_name"]

    def __str__(self):
        return self.short_name

    def natural_key(self):
        return (self.short_name,)


class CertificateQuerySet(models.QuerySet):
    def for_city(self, city):
        return self.filter(city=city).select_related("standard", "body")


class CertificateManager(models.Manager.from_queryset(CertificateQuerySet)):
    def get_by_natural_key(self, city_slug, standard_code, cycle_number):
        return self.get(city__slug=city_slug, standard__code=standard_code, cycle_number=cycle_number)


class Certificate(models.Model):
    class State(models.TextChoices):
        VALID = "valid", _("valid")
        DUE = "due", _("due for renewal")
        EXPIRED = "expired", _("expired")
        UNKNOWN = "unknown", _("dates unknown")

    standard = models.ForeignKey(
        Standard, models.PROTECT, related_name="certificates", verbose_name=_("standard")
    )
    city = models.ForeignKey(City, models.PROTECT, related_name="certificates", verbose_name=_("city"))
    body = models.ForeignKey(
        CertificationBody,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="certificates",
        verbose_name=_("certification body"),
    )
    number = models.CharField(_("certificate number"), max_length=80, blank=True)
    cycle_number = models.PositiveSmallIntegerField(
        _("cycle number"),
        help_text=_("1 for the first certificate of this standard, 2 for the first renewal, …"),
    )
    first_year = models.PositiveSmallIntegerField(_("first year of validity"), null=True, blank=True)
    last_year = models.PositiveSmallIntegerField(_("last year of validity"), null=True, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    handed_over_on = models.DateField(_("handed over on"), null=True, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    scope = models.TextField(_("scope"), blank=True)
    reported_indicator_count = models.PositiveSmallIntegerField(
        _("indicators reported"), null=True, blank=True
    )
    reported_core_count = models.PositiveSmallIntegerField(
        _("core indicators reported"), null=True, blank=True
    )
    reported_supporting_count = models.PositiveSmallIntegerField(
        _("supporting indicators reported"), null=True, blank=True
    )
    scan = models.FileField(_("scan"), upload_to="certificates/", blank=True)
    notes = models.TextField(_("notes"), blank=True, help_text=_("Where the facts above come from."))

    objects = CertificateManager()

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["city", "standard", "cycle_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["city", "standard", "cycle_number"], name="certificate_unique_cycle"
            ),
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_until__isnull=True)
                | Q(valid_from__lt=models.F("valid_until")),
                name="certificate_dates_ordered",
            ),
            models.CheckConstraint(
                condition=Q(first_year__isnull=True)
                | Q(last_year__isnull=True)
                | Q(first_year__lte=models.F("last_year")),
                name="certificate_years_ordered",
            ),
            models.CheckConstraint(condition=Q(cycle_number__gte=1), name="certificate_cycle_from_1"),
        ]

    def __str__(self):
        years = f"{self.first_year or '?'}–{self.last_year or '?'}"
        return f"{self.standard.code} #{self.cycle_number} ({years})"

    def natural_key(self):
        return (self.city.slug, self.standard.code, self.cycle_number)

    natural_key.dependencies = [
        "indicators.city",
        "certification.standard",
        "certification.certificationbody",
    ]

    def clean(self):
        if self.valid_from and self.first_year and self.valid_from.year != self.first_year:
            raise ValidationError({"first_year": _("The first year must be the year of 'valid from'.")})
        if self.valid_until and self.last_year and self.valid_until.year != self.last_year:
            raise ValidationError({"last_year": _("The last year must be the year of 'valid until'.")})

    @property
    def years(self) -> range:
        """The calendar years the certificate covers (its cycle); empty when the years are unknown."""
        if self.first_year is None or self.last_year is None:
            return range(0)
        return range(self.first_year, self.last_year + 1)

    @property
    def state_label(self) -> str:
        return self.State(self.state()).label

    def state(self, today: datetime.date | None = None) -> str:
        today = today or timezone.localdate()
        end = self.valid_until or (datetime.date(self.last_year, 12, 31) if self.last_year else None)
        if end is None:
            return self.State.UNKNOWN
        if end < today:
            return self.State.EXPIRED
        if end - today <= RENEWAL_WINDOW:
            return self.State.DUE
        return self.State.VALID


class Audit(models.Model):
    class Kind(models.TextChoices):
        INITIAL = "initial", _("initial")
        SURVEILLANCE = "surveillance", _("surveillance")
        RECERTIFICATION = "recertification", _("recertification")

    class Result(models.TextChoices):
        PASSED = "passed", _("passed")
        PASSED_WITH_FINDINGS = "findings", _("passed with findings")
        FAILED = "failed", _("failed")

    certificate = models.ForeignKey(
        Certificate, models.CASCADE, related_name="audits", verbose_name=_("certificate")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    date = models.DateField(_("date"), null=True, blank=True)
    lead_auditor = models.CharField(_("lead auditor"), max_length=200, blank=True)
    result = models.CharField(_("result"), max_length=10, choices=Result, blank=True)
    findings = models.TextField(_("findings"), blank=True)

    class Meta:
        verbose_name = _("audit")
        verbose_name_plural = _("audits")
        ordering = ["certificate", "date"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.date or ''}".strip()


class LevelQuerySet(models.QuerySet):
    def of_edition(self, edition):
        return self.filter(edition=edition).order_by("rank")


class LevelManager(models.Manager.from_queryset(LevelQuerySet)):
    def get_by_natural_key(self, edition, code):
        return self.get(edition=edition, code=code)


class Level(models.Model):
    """A World Council on City Data level and the coverage it needs: data an administrator edits.

    The commonly quoted thresholds are not confirmed by a primary source, so they live here, marked
    unconfirmed, and never in code.
    """

    edition = models.PositiveSmallIntegerField(_("edition"), choices=Edition, default=CURRENT_EDITION)
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=80)
    rank = models.PositiveSmallIntegerField(_("rank"), help_text=_("Higher ranks are better levels."))
    min_core = models.PositiveSmallIntegerField(_("core indicators needed"))
    min_total = models.PositiveSmallIntegerField(
        _("indicators needed in total"), help_text=_("Core and supporting indicators together.")
    )
    confirmed = models.BooleanField(
        _("confirmed"), default=False, help_text=_("Checked against the certification scheme's own text.")
    )
    source = models.TextField(_("source"), blank=True)

    objects = LevelManager()

    class Meta:
        verbose_name = _("certification level")
        verbose_name_plural = _("certification levels")
        ordering = ["edition", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "code"], name="level_unique_code_per_edition"),
            models.UniqueConstraint(fields=["edition", "rank"], name="level_unique_rank_per_edition"),
            models.CheckConstraint(
                condition=Q(min_core__lte=models.F("min_total")), name="level_core_within_total"
            ),
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.edition, self.code)


class CoverageSnapshot(models.Model):
    """A coverage report frozen as audited: the report's data, its checksum, who froze it and when.

    Written once; later corrections of live values never reach it.
    """

    uuid = models.UUIDField(_("identifier"), default=uuid.uuid4, unique=True, editable=False)
    city = models.ForeignKey(City, models.PROTECT, related_name="coverage_snapshots", verbose_name=_("city"))
    certificate = models.ForeignKey(
        Certificate,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="snapshots",
        verbose_name=_("certificate"),
    )
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    data = models.JSONField(_("report"), editable=False)
    checksum = models.CharField(_("SHA-256"), max_length=64, editable=False)
    created_at = models.DateTimeField(_("frozen at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("frozen by"),
    )

    class Meta:
        verbose_name = _("as-audited snapshot")
        verbose_name_plural = _("as-audited snapshots")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(certificate__isnull=False, year__isnull=True)
                | Q(certificate__isnull=True, year__isnull=False),
                name="snapshot_certificate_xor_year",
            ),
        ]

    def __str__(self):
        return f"{self.city} {self.data.get('period', '')} ({self.checksum[:12]})"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValidationError(_("A frozen snapshot cannot be changed."))
        super().save(*args, **kwargs)
