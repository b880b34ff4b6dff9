import datetime

from django.contrib import admin
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import RENEWAL_WINDOW, Audit, Certificate, CertificationBody, CoverageSnapshot, Level, Standard


@admin.register(Standard)
class StandardAdmin(admin.ModelAdmin):
    list_display = ["code", "family", "title", "indicator_edition"]


@admin.register(CertificationBody)
class CertificationBodyAdmin(admin.ModelAdmin):
    list_display = ["short_name", "name", "country"]


class AuditInline(admin.TabularInline):
    model = Audit
    extra = 0


def state_condition(state: str, today: datetime.date) -> Q:
    """Certificate.state() as a query: the end is 'valid until', else 31 December of the last year."""
    window_end = today + RENEWAL_WINDOW
    latest_due_year = (
        window_end.year if (window_end.month, window_end.day) == (12, 31) else window_end.year - 1
    )
    by_date = Q(valid_until__isnull=False)
    by_year = Q(valid_until__isnull=True, last_year__isnull=False)
    conditions = {
        Certificate.State.EXPIRED: (by_date & Q(valid_until__lt=today))
        | (by_year & Q(last_year__lt=today.year)),
        Certificate.State.DUE: (by_date & Q(valid_until__gte=today, valid_until__lte=window_end))
        | (by_year & Q(last_year__gte=today.year, last_year__lte=latest_due_year)),
        Certificate.State.UNKNOWN: Q(valid_until__isnull=True, last_year__isnull=True),
    }
    if state in conditions:
        return conditions[state]
    return (
        ~conditions[Certificate.State.EXPIRED] & ~conditions[Certificate.State.DUE] & ~conditions["unknown"]
    )


class CertificateStateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return Certificate.State.choices

    def queryset(self, request, queryset):
        if self.value() in Certificate.State.values:
            return queryset.filter(state_condition(self.value(), timezone.localdate()))
        return queryset


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = [
        "standard",
        "city",
        "cycle_number",
        "first_year",
        "last_year",
        "body",
        "reported_indicator_count",
        "state_label",
        "coverage_report",
    ]
    list_filter = [CertificateStateFilter, "standard__family", "city", "body"]
    list_select_related = ["standard", "city", "body"]
    inlines = [AuditInline]

    @admin.display(description=_("state"))
    def state_label(self, certificate):
        state = Certificate.State(certificate.state())
        colours = {Certificate.State.EXPIRED: "#a00", Certificate.State.DUE: "#8a5a00"}
        return format_html(
            '<strong style="color: {}">{}</strong>', colours.get(state, "inherit"), state.label
        )

    @admin.display(description=_("coverage report"))
    def coverage_report(self, certificate):
        if not certificate.years or certificate.standard.indicator_edition is None:
            return ""
        url = reverse("certification:report") + f"?certificate={certificate.pk}"
        return format_html('<a href="{}">{}</a>', url, _("open"))


@admin.register(Audit)
class AuditAdmin(admin.ModelAdmin):
    list_display = ["certificate", "kind", "date", "lead_auditor", "result"]
    list_filter = ["kind", "result"]
    list_select_related = ["certificate__standard"]


@admin.register(Level)
class LevelAdmin(admin.ModelAdmin):
    list_display = ["name", "edition", "rank", "min_core", "min_supporting", "min_total", "confirmed"]
    list_editable = ["min_core", "min_supporting", "min_total", "confirmed"]
    list_filter = ["edition", "confirmed"]


@admin.register(CoverageSnapshot)
class CoverageSnapshotAdmin(admin.ModelAdmin):
    """Frozen copies are shown, never edited or deleted here."""

    list_display = ["city", "certificate", "year", "created_at", "created_by", "short_checksum", "link"]
    list_select_related = ["city", "certificate__standard", "created_by"]
    fields = ["uuid", "city", "certificate", "year", "created_at", "created_by", "checksum", "link"]
    readonly_fields = fields

    @admin.display(description=_("SHA-256"))
    def short_checksum(self, snapshot):
        return snapshot.checksum[:12]

    @admin.display(description=_("as-audited copy"))
    def link(self, snapshot):
        return format_html(
            '<a href="{}">{}</a>', reverse("certification:snapshot", args=[snapshot.uuid]), _("open")
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# The admin's first page opens with the completeness of the year being collected and the WCCD level it
# would reach: a level is certification's rule, so the page is certification's (the core knows no levels).
admin.site.index_template = "certification/admin_index.html"
