"""Indicator values in the admin: the list, the change form, the workflow's actions and history."""

from datetime import datetime
from decimal import Decimal

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import DeletedObject
from simple_history.template_utils import HistoricalRecordContextHelper

from .. import quality, services, workflow
from ..models import City, IndicatorValue, reading
from ..numbers import typed
from ..services import EVIDENCE_FIELDS, VALUE_FIELDS
from ..visibility import may_view_city, of_viewable_cities
from .review_pages import ReviewPages
from .value_forms import FIGURES_AS_TYPED, IndicatorValueForm, SendBackForm, save_through_service
from .value_pages import ValuePages


def value_findings(value: IndicatorValue) -> dict:
    """What the quality rules say of the stored value, shown at the top of its form."""
    return {
        "value_problems": quality.blocking_problems(value),
        "value_warnings": quality.value_warnings(value),
    }


class PendingCorrectionFilter(admin.SimpleListFilter):
    """Published values whose correction waits for a second reviewer."""

    title = _("correction waiting for a second reviewer")
    parameter_name = "pending"

    def lookups(self, request, model_admin):
        return [("yes", _("waiting")), ("no", _("none waiting"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(pending_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(pending_at__isnull=True)
        return queryset


REFUSALS_SHOWN = 20  # messages per action; the rest are counted (a whole import may be refused)


class HistoryChangeDisplay(HistoricalRecordContextHelper):
    """Empty stays empty ("—", not "Deleted user (pk=None)"); times in the reader's time zone."""

    def prepare_delta_change_value(self, change, value):
        if value is None or (isinstance(value, DeletedObject) and value.pk is None):
            return "—"
        if isinstance(value, datetime):
            return date_format(timezone.localtime(value), "DATETIME_FORMAT")
        if isinstance(value, Decimal):
            return typed(value)  # the reader's decimal sign, as the forms read it back
        choices = dict(IndicatorValue._meta.get_field(change.field).flatchoices)
        if value in choices:
            return choices[value]  # a status or a gap by its label, in the reader's language
        return super().prepare_delta_change_value(change, value)


@admin.register(IndicatorValue)
class IndicatorValueAdmin(ReviewPages, ValuePages, SimpleHistoryAdmin):
    form = IndicatorValueForm
    formfield_overrides = FIGURES_AS_TYPED
    list_display = ["indicator_code", "indicator_name", "city", "year", "display_value", "unit", "status"]
    list_display_links = ["indicator_code", "indicator_name"]
    list_filter = [
        "status",
        "awaits_statistician",
        PendingCorrectionFilter,
        "year",
        "city",
        "indicator__kind",
        "indicator__theme",
    ]
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
        "received_from",
        "awaits_statistician",
        "version",
    ]
    list_per_page = 100
    actions = [
        "mark_ready_selected",
        "verify_selected",
        "publish_selected",
        "send_back_selected",
        "export_history",
    ]
    # each workflow action and the status it moves values to: offered only to whom workflow allows it
    STEP_ACTIONS = {
        "mark_ready_selected": IndicatorValue.Status.READY,
        "verify_selected": IndicatorValue.Status.VERIFIED,
        "publish_selected": IndicatorValue.Status.PUBLISHED,
        "send_back_selected": IndicatorValue.Status.DRAFT,
    }
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
        """A correction waiting for a second reviewer is shown beside the figure residents see."""
        if obj.has_pending_correction:
            return _("%(old)s → %(proposed)s (correction waiting)") % {
                "old": obj.display_value,
                "proposed": obj.pending_display_value,
            }
        return obj.display_value

    def get_actions(self, request, action_location=admin.ActionLocation.CHANGE_LIST):
        """Only the steps the person's rights allow, by the workflow's own table."""
        actions = super().get_actions(request, action_location)
        offered = workflow.steps_offered(workflow.actor_of(request.user))
        for name, target in self.STEP_ACTIONS.items():
            if target not in offered:
                actions.pop(name, None)
        return actions

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

    def get_queryset(self, request):
        """A person limited to some cities sees their values only: no change link that would be refused."""
        return super().get_queryset(request).worked_on_by(request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "city":
            kwargs["queryset"] = City.objects.worked_on_by(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

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

    def has_view_permission(self, request, obj=None):
        """A value's page, history, restore page and evidence: for whoever may view values of its city
        (indicators.visibility), so a person limited to some cities reads no other city's drafts."""
        allowed = super().has_view_permission(request, obj)
        return allowed and (obj is None or may_view_city(request.user, obj.city_id))

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
        findings = value_findings(value) if value is not None else {}
        return super().change_view(
            request, object_id, form_url, {**(extra_context or {}), "lock_reason": lock, **findings}
        )

    def get_history_queryset(self, request, history_manager, pk_name, object_id):
        queryset = super().get_history_queryset(request, history_manager, pk_name, object_id)
        return queryset.filter(of_viewable_cities(request.user)).select_related(
            "history_user", "import_batch"
        )

    def get_historical_record_context_helper(self, request, historical_record):
        return HistoryChangeDisplay(self.model, historical_record)

    def history_view_title(self, request, obj):
        return _("History of %(value)s") % {"value": obj}

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        """Besides what changed: each record's figure as the reader types it, and the import file named
        only on the records that import wrote (a later grid or form edit keeps the value's last import)."""
        super().set_history_delta_changes(request, historical_records, foreign_keys_are_objs)
        records = list(historical_records)
        for newer, older in zip(records, [*records[1:], None], strict=True):
            newer.figure_typed = reading(newer.value, newer.text_value, newer.gap)  # a gap by its label
            newer.import_written = newer.import_batch_id is not None and (
                older is None
                or older.import_batch_id != newer.import_batch_id
                or not newer.history_change_reason
                or newer.import_batch.file_name[:40] in newer.history_change_reason  # "imported from …"
            )

    def revert_disabled(self, request, obj=None):
        """simple-history's revert would bypass the service; restore_view goes through it instead."""
        return True

    def save_model(self, request, obj, form, change):
        """Through the service, so the admin records history and status exactly like an import does."""
        save_through_service(
            request,
            obj,
            fields=form.changed_data if change else (*VALUE_FIELDS, *EVIDENCE_FIELDS),
            revision_note=form.cleaned_data.get("correction_note", ""),
            version=form.cleaned_data.get("seen_version"),
            create_only=not change,
        )
        warnings = quality.value_warnings(obj)
        if warnings and not obj.review_note.strip():
            self.message_user(
                request,
                _("%(code)s %(year)s was saved with warnings: %(warnings)s Explain them for reviewers.")
                % {"code": obj.indicator.code, "year": obj.year, "warnings": " ".join(warnings)},
                messages.WARNING,
            )

    def _run_step(self, request, queryset, target, done_message, reason=""):
        """The selected values (all matching ones when "select all" was chosen) take the step at once."""
        result = services.take_step(user=request.user, values=queryset, target=target, reason=reason)
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

    @admin.action(description=_("Mark selected values ready for review"))
    def mark_ready_selected(self, request, queryset):
        self._run_step(
            request, queryset, IndicatorValue.Status.READY, _("%(count)s values marked ready for review.")
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
