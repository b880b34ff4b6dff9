"""The catalogue in the admin: cities, themes, indicators (with their values inline)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from ..models import City, Indicator, IndicatorValue, Theme
from ..services import VALUE_FIELDS
from .value_forms import FIGURES_AS_TYPED, InlineValueForm, save_through_service


@admin.register(City)
class CityAdmin(TranslationAdmin):
    list_display = ["name", "slug", "country", "region"]
    list_filter = ["country"]
    search_fields = ["name", "slug", "region"]
    prepopulated_fields = {"slug": ["name"]}

    def get_search_results(self, request, queryset, search_term):
        """The value form's city suggestions: only the cities the person works on."""
        if request.GET.get("model_name") == "indicatorvalue":
            queryset = queryset.worked_on_by(request.user)
        return super().get_search_results(request, queryset, search_term)


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
    form = InlineValueForm
    formfield_overrides = FIGURES_AS_TYPED
    fields = ["city", "year", "value", "text_value", "gap", "gap_reason", "source", "notes", "status"]
    readonly_fields = ["status"]
    extra = 0
    ordering = ["city", "-year"]
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("city").worked_on_by(request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "city":
            kwargs["queryset"] = City.objects.worked_on_by(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form = type(formset.form.__name__, (formset.form,), {"user": request.user})
        return formset


@admin.register(Indicator)
class IndicatorAdmin(TranslationAdmin):
    list_display = ["code", "name", "theme", "kind", "unit", "value_type", "limits"]
    list_filter = ["edition", "kind", "theme", "value_type"]
    search_fields = ["code", "name_pl", "name_en", "name_de"]
    ordering = ["edition", "sort_key"]
    list_select_related = ["theme"]
    inlines = [IndicatorValueInline]
    formfield_overrides = FIGURES_AS_TYPED
    fieldsets = [
        (None, {"fields": ["edition", "code", "theme", "profile_group", "kind", "value_type"]}),
        (_("Names and definitions"), {"fields": ["name", "definition", "unit"]}),
        (_("How it is computed"), {"fields": ["numerator", "denominator", "scale"]}),
        (
            _("Valid values"),
            {
                "fields": [
                    ("min_value", "max_value"),
                    ("soft_min_value", "soft_max_value"),
                    "decimal_places",
                    "higher_is_better",
                    "change_threshold",
                ],
                "description": _(
                    "A figure beyond the minimum or maximum value cannot be true and is refused. A figure "
                    "beyond a usual value is taken, with a warning that a reviewer explains before "
                    "verifying it."
                ),
            },
        ),
    ]

    @admin.display(description=_("limits"))
    def limits(self, obj):
        return obj.range_label

    def save_formset(self, request, form, formset, change):
        if formset.model is not IndicatorValue:
            return super().save_formset(request, form, formset, change)
        for value in formset.save(commit=False):
            changed = next(form.changed_data for form in formset.forms if form.instance is value)
            new = value.pk is None
            save_through_service(request, value, fields=VALUE_FIELDS if new else changed, create_only=new)
        for value in formset.deleted_objects:
            value.delete()
        return None

    def get_inline_instances(self, request, obj=None):
        """Values are edited inline by whoever may change values, even where the catalogue is read-only."""
        return super().get_inline_instances(request, obj) if obj is not None else []
