from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from .admin_import import ImportBatchAdmin  # noqa: F401 - registers the imports' admin
from .models import City, Indicator, IndicatorValue, Theme
from .services import VALUE_FIELDS, save_value


@admin.register(City)
class CityAdmin(TranslationAdmin):
    list_display = ["name", "slug", "country"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


class IndicatorInline(admin.TabularInline):
    model = Indicator
    fields = ["code", "name", "kind", "unit"]
    readonly_fields = fields
    extra = 0
    show_change_link = True
    can_delete = False


@admin.register(Theme)
class ThemeAdmin(TranslationAdmin):
    list_display = ["number", "name", "edition", "slug"]
    list_filter = ["edition"]
    search_fields = ["name", "slug"]
    inlines = [IndicatorInline]


class IndicatorValueInline(admin.TabularInline):
    model = IndicatorValue
    fields = ["city", "year", "value", "text_value", "source", "notes", "status"]
    readonly_fields = ["status"]
    extra = 0
    ordering = ["city", "-year"]
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("city")


@admin.register(Indicator)
class IndicatorAdmin(TranslationAdmin):
    list_display = ["code", "name", "theme", "kind", "unit", "value_type"]
    list_filter = ["edition", "kind", "theme", "value_type"]
    search_fields = ["code", "name_pl", "name_en", "name_de"]
    ordering = ["edition", "sort_key"]
    list_select_related = ["theme"]
    inlines = [IndicatorValueInline]
    fieldsets = [
        (None, {"fields": ["edition", "code", "theme", "profile_group", "kind", "value_type"]}),
        (_("Names and definitions"), {"fields": ["name", "definition", "unit"]}),
        (_("How it is computed"), {"fields": ["numerator", "denominator", "scale"]}),
        (_("Valid values"), {"fields": ["min_value", "max_value", "decimal_places", "higher_is_better"]}),
    ]

    def save_formset(self, request, form, formset, change):
        if formset.model is not IndicatorValue:
            return super().save_formset(request, form, formset, change)
        for value in formset.save(commit=False):
            save_through_service(request, value)
        for value in formset.deleted_objects:
            value.delete()
        return None

    def get_inline_instances(self, request, obj=None):
        """Values are edited inline by whoever may change values, even where the catalogue is read-only."""
        return super().get_inline_instances(request, obj) if obj is not None else []


def save_through_service(request, value: IndicatorValue) -> None:
    """Admin forms validate; the service saves, so history and status rules are never skipped."""
    saved, _outcome = save_value(
        user=request.user,
        change_reason=_("edited in the admin"),
        city=value.city,
        indicator=value.indicator,
        year=value.year,
        **{field: getattr(value, field) for field in VALUE_FIELDS},
    )
    value.pk = saved.pk


class IndicatorValueForm(forms.ModelForm):
    class Meta:
        model = IndicatorValue
        fields = [
            "city",
            "indicator",
            "year",
            "value",
            "text_value",
            "numerator",
            "denominator",
            "source",
            "notes",
        ]
        localized_fields = ["value", "numerator", "denominator"]  # "4,2" in Polish, "4.2" in English

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        indicator = self.instance.indicator if self.instance.indicator_id else None
        if indicator is not None and "value" in self.fields:
            hint = [indicator.unit]
            if indicator.range_label:
                hint.append(_("allowed: %(range)s") % {"range": indicator.range_label})
            self.fields["value"].help_text = " · ".join(filter(None, hint))


@admin.register(IndicatorValue)
class IndicatorValueAdmin(SimpleHistoryAdmin):
    form = IndicatorValueForm
    list_display = ["indicator_code", "indicator_name", "city", "year", "display_value", "unit", "status"]
    list_display_links = ["indicator_code", "indicator_name"]
    list_filter = ["status", "year", "city", "indicator__kind", "indicator__theme"]
    search_fields = ["indicator__code", "indicator__name_pl", "indicator__name_en", "indicator__name_de"]
    list_select_related = ["city", "indicator"]
    ordering = ["city", "indicator__sort_key", "-year"]
    autocomplete_fields = ["indicator", "city"]
    readonly_fields = [
        "status",
        "import_batch",
        "created_at",
        "created_by",
        "updated_at",
        "updated_by",
        "verified_at",
        "verified_by",
        "published_at",
        "published_by",
    ]
    list_per_page = 100

    @admin.display(description=_("code"), ordering="indicator__sort_key")
    def indicator_code(self, obj):
        return obj.indicator.code

    @admin.display(description=_("indicator"), ordering="indicator__name")
    def indicator_name(self, obj):
        return obj.indicator.name

    @admin.display(description=_("value"))
    def display_value(self, obj):
        return obj.display_value

    @admin.display(description=_("unit"))
    def unit(self, obj):
        return obj.indicator.unit

    def get_readonly_fields(self, request, obj=None):
        """A value's identity (city, indicator, year) is fixed once it exists; correct the figure instead."""
        identity = ["city", "indicator", "year"] if obj is not None else []
        return [*identity, *self.readonly_fields]

    def save_model(self, request, obj, form, change):
        """Through the service, so the admin records history and status exactly like an import does."""
        save_through_service(request, obj)
