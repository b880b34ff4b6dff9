from django.contrib import admin

from .models import Audit, Certificate, CertificationBody, Standard


@admin.register(Standard)
class StandardAdmin(admin.ModelAdmin):
    list_display = ["code", "family", "title", "indicator_edition"]


@admin.register(CertificationBody)
class CertificationBodyAdmin(admin.ModelAdmin):
    list_display = ["short_name", "name", "country"]


class AuditInline(admin.TabularInline):
    model = Audit
    extra = 0


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
    ]
    list_filter = ["standard__family", "city", "body"]
    list_select_related = ["standard", "city", "body"]
    inlines = [AuditInline]
