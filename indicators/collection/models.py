"""Who owes which figure, and the yearly round that asks for it.

An owner (a city department, a municipal company, a state body) has contact people and is assigned
indicators of a city: the whole figure, or the numerator or the denominator when two owners each hold
one part. A round asks every owner, in one request, for the figures of one city and year by a due date;
the request's items are what was asked (copied when the round opened, so a later change of the
assignments never rewrites what was asked) and what the owner answered. Every model keeps its history:
who was asked what and when, who answered through which link.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from indicators.models import City, Indicator, IndicatorValue
from indicators.models.base import user_stamp


def new_nonce() -> str:
    """The part of a link that revoking replaces: an old link names a nonce that no request holds."""
    return secrets.token_urlsafe(12)


class DataOwner(models.Model):
    class Kind(models.TextChoices):
        CITY_DEPARTMENT = "city_department", _("city department")
        MUNICIPAL_COMPANY = "municipal_company", _("municipal company")
        STATE_BODY = "state_body", _("state body")
        OTHER = "other", _("other")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    language = models.CharField(
        _("language of letters"), max_length=2, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    # The name's translations (modeltranslation's columns, added after the history model is built) are
    # kept in the history as `name`, the default language's.
    history = HistoricalRecords(excluded_fields=["name_pl", "name_en", "name_de"])

    class Meta:
        verbose_name = _("data owner")
        verbose_name_plural = _("data owners")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["city_department", "municipal_company", "state_body", "other"]),
                name="dataowner_kind_known",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def emails(self) -> list[str]:
        return [contact.email for contact in self.contacts.all()]


class OwnerContact(models.Model):
    owner = models.ForeignKey(DataOwner, models.CASCADE, related_name="contacts", verbose_name=_("owner"))
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contact person")
        verbose_name_plural = _("contact people")
        ordering = ["owner", "name"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "email"], name="ownercontact_unique_email_per_owner")
        ]

    def __str__(self):
        return f"{self.name} <{self.email}>"


class Part(models.TextChoices):
    """What an owner gives of an indicator: its figure, or one part of a ratio."""

    FIGURE = "figure", _("figure")
    NUMERATOR = "numerator", _("numerator")
    DENOMINATOR = "denominator", _("denominator")


class AssignmentQuerySet(models.QuerySet):
    def for_city(self, city):
        return self.filter(city=city).select_related(
            "indicator", "owner", "numerator_owner", "denominator_owner"
        )


class Assignment(models.Model):
    """Who gives a city's figure of an indicator: one owner for the figure, or one for the numerator and
    one (possibly the same) for the denominator."""

    city = models.ForeignKey(City, models.CASCADE, related_name="+", verbose_name=_("city"))
    indicator = models.ForeignKey(Indicator, models.CASCADE, related_name="+", verbose_name=_("indicator"))
    owner = models.ForeignKey(
        DataOwner,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="assignments",
        verbose_name=_("owner of the figure"),
    )
    numerator_owner = models.ForeignKey(
        DataOwner,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="numerator_assignments",
        verbose_name=_("owner of the numerator"),
    )
    denominator_owner = models.ForeignKey(
        DataOwner,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="denominator_assignments",
        verbose_name=_("owner of the denominator"),
    )
    note = models.TextField(
        _("note for the owner"),
        blank=True,
        help_text=_("What the owner needs to give the right figure: which register, definition, area."),
    )
    history = HistoricalRecords()
    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["city", "indicator__sort_key"]
        constraints = [
            models.UniqueConstraint(fields=["city", "indicator"], name="assignment_unique_city_indicator"),
            models.CheckConstraint(
                condition=Q(owner__isnull=False, numerator_owner__isnull=True, denominator_owner__isnull=True)
                | Q(owner__isnull=True, numerator_owner__isnull=False, denominator_owner__isnull=False),
                name="assignment_figure_or_both_parts",
                violation_error_message=_(
                    "Name the owner of the figure, or the owners of both the numerator and the denominator."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.city} {self.indicator.code}"

    def parts(self) -> list[tuple[str, DataOwner]]:
        """(part, owner) for each part someone owes."""
        if self.owner_id is not None:
            return [(Part.FIGURE, self.owner)]
        return [(Part.NUMERATOR, self.numerator_owner), (Part.DENOMINATOR, self.denominator_owner)]


class CollectionRound(models.Model):
    city = models.ForeignKey(City, models.PROTECT, related_name="+", verbose_name=_("city"))
    year = models.PositiveSmallIntegerField(_("year"))
    due_date = models.DateField(_("due date"))
    opened_at = models.DateTimeField(_("opened at"), auto_now_add=True)
    opened_by = user_stamp(_("opened by"), indexed=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("collection round")
        verbose_name_plural = _("collection rounds")
        ordering = ["-year", "city"]
        constraints = [models.UniqueConstraint(fields=["city", "year"], name="round_unique_city_year")]

    def __str__(self):
        return f"{self.city} {self.year}"


class RoundRequestQuerySet(models.QuerySet):
    def with_counts(self):
        """Each request with how many items it asks for, how many are answered, and how many of the
        drafts its answers wrote still wait for a statistician to take them over (one query)."""
        return self.annotate(
            asked=models.Count("items"),
            answered=models.Count("items", filter=Q(items__answered_at__isnull=False)),
            awaiting=models.Count("items", filter=Q(items__draft__awaits_statistician=True)),
        )


class RoundRequest(models.Model):
    """One owner's part of a round, and the state of its personal link."""

    class LinkState(models.TextChoices):
        ISSUED = "issued", _("issued")
        REVOKED = "revoked", _("revoked")

    round = models.ForeignKey(
        CollectionRound, models.CASCADE, related_name="requests", verbose_name=_("round")
    )
    owner = models.ForeignKey(DataOwner, models.PROTECT, related_name="requests", verbose_name=_("owner"))
    link_state = models.CharField(_("link"), max_length=8, choices=LinkState, default=LinkState.ISSUED)
    link_nonce = models.CharField(max_length=32, default=new_nonce, editable=False)
    link_expires_at = models.DateTimeField(_("link valid until"))
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    sent_to = models.TextField(
        _("sent to"), blank=True, help_text=_("The addresses the last letter or reminder went to.")
    )
    answered_at = models.DateTimeField(_("last answered at"), null=True, blank=True)
    last_reminded_at = models.DateTimeField(_("last reminded at"), null=True, blank=True)
    reminders = models.PositiveSmallIntegerField(_("reminders sent"), default=0)
    history = HistoricalRecords()
    objects = RoundRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("request to an owner")
        verbose_name_plural = _("requests to owners")
        ordering = ["round", "owner__name"]
        constraints = [
            models.UniqueConstraint(fields=["round", "owner"], name="request_unique_owner_per_round"),
            models.CheckConstraint(
                condition=Q(link_state__in=["issued", "revoked"]), name="request_link_state_known"
            ),
        ]

    def __str__(self):
        return f"{self.round}: {self.owner}"


class RoundItem(models.Model):
    """One thing an owner was asked for (an indicator's figure or one of its parts) and their answer."""

    request = models.ForeignKey(RoundRequest, models.CASCADE, related_name="items", verbose_name=_("request"))
    indicator = models.ForeignKey(Indicator, models.PROTECT, related_name="+", verbose_name=_("indicator"))
    part = models.CharField(_("part"), max_length=12, choices=Part, default=Part.FIGURE)
    note = models.TextField(_("note for the owner"), blank=True)
    answer = models.CharField(
        _("answer as typed"), max_length=500, blank=True, help_text=_("What the owner typed or uploaded.")
    )
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=6, null=True, blank=True)
    text_value = models.CharField(_("text value"), max_length=500, blank=True)
    numerator = models.DecimalField(_("numerator"), max_digits=24, decimal_places=6, null=True, blank=True)
    denominator = models.DecimalField(
        _("denominator"), max_digits=24, decimal_places=6, null=True, blank=True
    )
    gap = models.CharField(_("gap"), max_length=14, choices=IndicatorValue.Gap, blank=True)
    source = models.TextField(_("data source"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    draft = models.ForeignKey(
        IndicatorValue,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("draft written"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("requested figure")
        verbose_name_plural = _("requested figures")
        ordering = ["request", "indicator__sort_key", "part"]
        constraints = [
            models.UniqueConstraint(fields=["request", "indicator", "part"], name="item_unique_part"),
            models.CheckConstraint(
                condition=Q(part__in=["figure", "numerator", "denominator"]), name="item_part_known"
            ),
        ]

    def __str__(self):
        return f"{self.indicator.code} ({self.get_part_display()})"
