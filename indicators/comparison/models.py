"""The comparison's own data: peer groups of cities."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from indicators.models import City


class PeerGroup(models.Model):
    """Cities a city measures itself against: members chosen by hand and/or by a rule.

    With the rule switched on, every city matching all of its filled criteria is a member (no
    criteria: every city); population is the city's latest published total population (PPL-01).
    Membership is resolved by selectors.member_cities.
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
        db_table = "indicators_peergroup"  # the table it had in the indicators app, kept
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
