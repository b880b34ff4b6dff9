from datetime import datetime
from functools import partial

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html_join
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import DeletedObject
from simple_history.template_utils import HistoricalRecordContextHelper

from . import admin_workflow, bulk_steps, services, workflow
from .admin_import import ImportBatchAdmin  # noqa: F401 - registers the imports' admin
from .comparison.admin import PeerGroupAdmin  # noqa: F401 - registers the peer groups' admin
from .models import City, Indicator, IndicatorValue, Theme
from .numbers import NumberField, exact_text
from .services import VALUE_FIELDS, save_value

REFUSALS_SHOWN = 20  # messages per action; the rest are counted (a whole import may be refused)
FIGURES_AS_TYPED = {models.DecimalField: {"form_class": NumberField}}  # "4,2" in Polish, "4.2" in English


@admin.register(City)
class CityAdmin(TranslationAdmin):
    list_display = ["name", "slug", "country", "region"]
    list_filter = ["country"]
    search_fields = ["name", "slug", "region"]
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


def refusal_of_edit(form, *, revision_note: str = "", version: int | None = None):
    """The workflow's refusal of the form's changes to a stored value, asked before anything is saved."""
    if not form.instance.pk:
        return None
    value = form.instance
    try:
        workflow.decide(
            actor=workflow.actor_of(form.user),
            stored=value,
            proposal=workflow.Proposal(
                fields={
                    name: form.cleaned_data.get(name) for name in VALUE_FIELDS if name in form.changed_data
                },
                revision_note=revision_note,
                version=version,
            ),
            label={"code": value.indicator.code, "year": value.year},
            now=timezone.now(),
        )
    except ValidationError as refused:
        return refused
    return None


class InlineValueForm(forms.ModelForm):
    """Verified and published figures are corrected on their own page (reason, revision note), not inline."""

    user = None

    def clean(self):
        cleaned = super().clean()
        refused = refusal_of_edit(self)
        if refused is not None:
            self.add_error(None, refused.messages)
        return cleaned


class IndicatorValueInline(admin.TabularInline):
    model = IndicatorValue
    form = InlineValueForm
    formfield_overrides = FIGURES_AS_TYPED
    fields = ["city", "year", "value", "text_value", "source", "notes", "status"]
    readonly_fields = ["status"]
    extra = 0
    ordering = ["city", "-year"]
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("city")

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


def save_through_service(
    request,
    value: IndicatorValue,
    *,
    fields,
    revision_note: str = "",
    version: int | None = None,
    create_only: bool = False,
) -> None:
    """Admin forms validate; the service saves what the form changed, so history and status rules are
    never skipped and a colleague's change to another field is never put back."""
    saved, _outcome = save_value(
        user=request.user,
        change_reason=_("edited in the admin"),
        review_note=value.review_note,
        revision_note=revision_note,
        version=version,
        create_only=create_only,
        city=value.city,
        indicator=value.indicator,
        year=value.year,
        **{field: getattr(value, field) for field in VALUE_FIELDS if field in fields},
    )
    value.pk = saved.pk


class IndicatorValueForm(forms.ModelForm):
    user = None  # the admin sets the person editing, so the workflow rules are checked in the form

    correction_note = forms.CharField(
        label=_("public revision note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("This figure is published: residents will see this note next to the correction."),
    )
    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = IndicatorValue
        fields = ["city", "indicator", "year", *VALUE_FIELDS, "review_note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["seen_version"].initial = self.instance.version if self.instance.pk else None
        indicator = self.instance.indicator if self.instance.indicator_id else None
        if indicator is not None and "value" in self.fields:
            hint = [indicator.unit]
            if indicator.range_label:
                hint.append(_("allowed: %(range)s") % {"range": indicator.range_label})
            # The admin renders help_text as HTML: the catalogue's text is escaped here.
            self.fields["value"].help_text = format_html_join(" · ", "{}", ((part,) for part in hint if part))

    def clean(self):
        """Refuse here, with the workflow's message, what the service would refuse on save."""
        cleaned = super().clean()
        refused = refusal_of_edit(
            self, revision_note=cleaned.get("correction_note", ""), version=cleaned.get("seen_version")
        )
        if refused is not None:
            self.add_error("correction_note" if hasattr(refused, "error_dict") else None, refused.messages)
        return cleaned


class HistoryChangeDisplay(HistoricalRecordContextHelper):
    """Empty stays empty ("—", not "Deleted user (pk=None)"); times in the reader's time zone."""

    def prepare_delta_change_value(self, change, value):
        if value is None or (isinstance(value, DeletedObject) and value.pk is None):
            return "—"
        if isinstance(value, datetime):
            return date_format(timezone.localtime(value), "DATETIME_FORMAT")
        return super().prepare_delta_change_value(change, value)


class SendBackForm(forms.Form):
    reason = forms.CharField(
        label=_("reason"), widget=forms.Textarea(attrs={"rows": 3}), help_text=_("The statistician reads it.")
    )


@admin.register(IndicatorValue)
class IndicatorValueAdmin(SimpleHistoryAdmin):
    form = IndicatorValueForm
    formfield_overrides = FIGURES_AS_TYPED
    list_display = ["indicator_code", "indicator_name", "city", "year", "display_value", "unit", "status"]
    list_display_links = ["indicator_code", "indicator_name"]
    list_filter = ["status", "year", "city", "indicator__kind", "indicator__theme"]
    search_fields = ["indicator__code", "indicator__name_pl", "indicator__name_en", "indicator__name_de"]
    list_select_related = ["city", "indicator"]
    ordering = ["city", "indicator__sort_key", "-year"]
    autocomplete_fields = ["indicator", "city"]
    readonly_fields = [
        "status",
        "returned_reason",
        "import_batch",
        "created_at",
        "created_by",
        "updated_at",
        "updated_by",
        "verified_at",
        "verified_by",
        "published_at",
        "published_by",
        "revision_note",
        "pending_correction",
        "edited_by",
        "version",
    ]
    list_per_page = 100
    actions = ["verify_selected", "publish_selected", "send_back_selected", "export_history"]
    object_history_template = "admin/indicators/indicatorvalue/object_history.html"
    object_history_list_template = "admin/indicators/indicatorvalue/object_history_list.html"
    change_list_template = "admin/indicators/indicatorvalue/change_list.html"
    change_form_template = "admin/indicators/indicatorvalue/change_form.html"

    @admin.display(description=_("code"), ordering="indicator__sort_key")
    def indicator_code(self, obj):
        return obj.indicator.code

    @admin.display(description=_("indicator"), ordering="indicator__name")
    def indicator_name(self, obj):
        return obj.indicator.name

    @admin.display(description=_("value"))
    def display_value(self, obj):
        return obj.text_value if obj.value is None else exact_text(obj.value, language=get_language())

    @admin.display(description=_("unit"))
    def unit(self, obj):
        return obj.indicator.unit

    @admin.display(description=_("correction waiting for a second reviewer"))
    def pending_correction(self, obj):
        """Residents still see the published figure; a second reviewer publishes this one."""
        if obj is None or not obj.has_pending_correction:
            return "—"
        return _("%(figure)s, proposed by %(who)s on %(when)s: “%(note)s”") % {
            "figure": obj.pending_display_value,
            "who": obj.pending_by.get_username() if obj.pending_by else _("the system"),
            "when": date_format(timezone.localtime(obj.pending_at), "DATETIME_FORMAT"),
            "note": obj.pending_revision_note,
        }

    def get_readonly_fields(self, request, obj=None):
        """A value's identity (city, indicator, year) is fixed once it exists; correct the figure instead."""
        identity = ["city", "indicator", "year"] if obj is not None else []
        return [*identity, *self.readonly_fields]

    def get_fields(self, request, obj=None):
        """The public revision note is asked for only where a published figure may be corrected."""
        fields = super().get_fields(request, obj)
        published = obj is not None and obj.status == IndicatorValue.Status.PUBLISHED
        if not published or workflow.lock_reason(request.user, obj):
            fields = [name for name in fields if name != "correction_note"]
        return fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        return type(form.__name__, (form,), {"user": request.user})

    def has_change_permission(self, request, obj=None):
        """Locked values open read-only; the page says why and who can unlock them."""
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or not workflow.lock_reason(request.user, obj))

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        """A write the service refuses after the form was checked (a colleague saved the same value a
        moment before) is told on the page, never answered with an error 500."""
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except services.Refusal as refused:
            self.message_user(request, " ".join(refused.messages), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """Say on the page why a value is locked and who can unlock it."""
        value = self.get_object(request, object_id)
        lock = workflow.lock_reason(request.user, value) if value is not None else ""
        return super().change_view(
            request, object_id, form_url, {**(extra_context or {}), "lock_reason": lock}
        )

    def get_history_queryset(self, request, history_manager, pk_name, object_id):
        queryset = super().get_history_queryset(request, history_manager, pk_name, object_id)
        return queryset.select_related("history_user", "import_batch")

    def get_historical_record_context_helper(self, request, historical_record):
        return HistoryChangeDisplay(self.model, historical_record)

    def revert_disabled(self, request, obj=None):
        """simple-history's revert would bypass the service; restore_view goes through it instead."""
        return True

    def save_model(self, request, obj, form, change):
        """Through the service, so the admin records history and status exactly like an import does."""
        save_through_service(
            request,
            obj,
            fields=form.changed_data if change else VALUE_FIELDS,
            revision_note=form.cleaned_data.get("correction_note", ""),
            version=form.cleaned_data.get("seen_version"),
            create_only=not change,
        )

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "year-entry/",
                view(partial(admin_workflow.year_entry_view, self)),
                name="indicators_year_entry",
            ),
            path("quality/", view(partial(admin_workflow.quality_view, self)), name="indicators_quality"),
            path(
                "history.<str:fmt>",
                view(partial(admin_workflow.history_export_view, self)),
                name="indicators_history_export",
            ),
            path(
                "<int:object_id>/restore/<int:history_id>/",
                view(partial(admin_workflow.restore_view, self)),
                name="indicators_indicatorvalue_restore",
            ),
            *super().get_urls(),
        ]

    def _run_step(self, request, queryset, target, done_message, reason=""):
        """The selected values (all matching ones when "select all" was chosen) take the step at once."""
        result = bulk_steps.take_step(user=request.user, values=queryset, target=target, reason=reason)
        if result.done:
            self.message_user(request, done_message % {"count": len(result.done)}, messages.SUCCESS)
        for message in result.refused[:REFUSALS_SHOWN]:
            self.message_user(request, message, messages.ERROR)
        if len(result.refused) > REFUSALS_SHOWN:
            self.message_user(
                request,
                _("… and %(count)s more refusals.") % {"count": len(result.refused) - REFUSALS_SHOWN},
                messages.ERROR,
            )

    @admin.action(description=_("Verify selected values"))
    def verify_selected(self, request, queryset):
        self._run_step(request, queryset, IndicatorValue.Status.VERIFIED, _("%(count)s values verified."))

    @admin.action(description=_("Publish selected values"))
    def publish_selected(self, request, queryset):
        self._run_step(request, queryset, IndicatorValue.Status.PUBLISHED, _("%(count)s values published."))

    @admin.action(description=_("Send selected values back to draft (with a reason)"))
    def send_back_selected(self, request, queryset):
        form = SendBackForm(request.POST if "reason" in request.POST else None)
        if form.is_bound and form.is_valid():
            self._run_step(
                request,
                queryset,
                IndicatorValue.Status.DRAFT,
                _("%(count)s values sent back."),
                reason=form.cleaned_data["reason"],
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Send back to draft"),
            "form": form,
            "values": queryset.select_related("city", "indicator"),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/indicators/send_back.html", context)

    @admin.action(description=_("Export the history of selected values (XLSX)"))
    def export_history(self, request, queryset):
        ids = ",".join(str(pk) for pk in queryset.values_list("pk", flat=True))
        url = reverse("admin:indicators_history_export", args=["xlsx"])
        return HttpResponseRedirect(f"{url}?ids={ids}")


admin.site.site_header = _("ISO 37120 indicator registry")
admin.site.site_title = _("ISO 37120 registry")
admin.site.index_title = _("Back office")
