from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from .models import PeerGroup
from .selectors import member_cities


@admin.register(PeerGroup)
class PeerGroupAdmin(TranslationAdmin):
    """Catalogue admins keep the peer groups: members by hand, by a rule, or both."""

    list_display = ["name", "slug", "by_rule", "rule_country", "rule_region", "member_count"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["members"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "description", "members"]}),
        (
            _("Rule"),
            {
                "fields": [
                    "by_rule",
                    "rule_country",
                    "rule_region",
                    ("rule_population_min", "rule_population_max"),
                ],
                "description": _(
                    "Population: the city's total population (PPL-01) in the latest year it was published."
                ),
            },
        ),
    ]

    @admin.display(description=_("cities"))
    def member_count(self, group):
        return member_cities(group).count()
