"""Targets in the admin: entered, verified, published and sent back through the values' workflow, with
their history, and uploaded from a file."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .. import workflow
from ..admin.value_forms import FIGURES_AS_TYPED, SendBackForm
from ..importing.guards import BadFile
from ..models import City
from ..numbers import typed
from . import services
from .importing import read_targets
from .models import TARGET_FIELDS, Status, Target


class TargetForm(forms.ModelForm):
    user = None  # set by the admin: the workflow's rules are checked in the form

    correction_note = forms.CharField(
        label=_("public revision note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("This target is published: residents will see this note next to the correction."),
    )
    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Target
        fields = ["city", "indicator", *TARGET_FIELDS, "review_note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["seen_version"].initial = self.instance.version if self.instance.pk else None

    def clean(self):
        """Refuse here, with the workflow's message, what the service would refuse on save."""
        cleaned = super().clean()
        target = self.instance
        if target.pk:
            edits = {name: cleaned.get(name) for name in self.changed_data if name in TARGET_FIELDS}
            try:
                workflow.decide(
                    actor=services.actor_for_targets(self.user),
                    stored=target,
                    proposal=workflow.Proposal(
                        fields=edits,
                        revision_note=cleaned.get("correction_note", ""),
                        version=cleaned.get("seen_version"),
                    ),
                    label=services.label_of(target.indicator, target.city),
                    now=timezone.now(),
                    figures=services.TARGET_FIGURES,
                )
            except ValidationError as refused:
                field = "correction_note" if hasattr(refused, "error_dict") else None
                self.add_error(field, refused.messages)
        return cleaned


class TargetUploadForm(forms.Form):
    file = forms.FileField(
        label=_("file"),
        help_text=_(
            "CSV, XLSX, ODS or XLS with the columns indicator, target, year, document; optional city, "
            "base year, link, notes, status."
        ),
    )


@admin.register(Target)
class TargetAdmin(SimpleHistoryAdmin):
    form = TargetForm
    formfield_overrides = FIGURES_AS_TYPED
    list_display = ["indicator_code", "city", "target_value", "year", "base_year", "document", "status"]
    list_display_links = ["indicator_code"]
    list_filter = ["status", "city", "indicator__theme"]
    search_fields = ["indicator__code", "indicator__name_pl", "indicator__name_en", "document"]
    list_select_related = ["city", "indicator"]
    autocomplete_fields = ["indicator", "city"]
    readonly_fields = [
        *("status", "returned_reason", "revision_note", "created_at", "created_by", "updated_at"),
        *("updated_by", "verified_at", "verified_by", "published_at", "published_by", "edited_by"),
        *("pending_correction", "version"),
    ]
    actions = ["verify_selected", "publish_selected", "send_back_selected"]
    change_list_template = "admin/progress/target/change_list.html"

    @admin.display(description=_("code"), ordering="indicator__sort_key")
    def indicator_code(self, obj):
        return obj.indicator.code

    @admin.display(description=_("target value"), ordering="value")
    def target_value(self, obj):
        return typed(obj.value)

    @admin.display(description=_("correction waiting for a second reviewer"))
    def pending_correction(self, obj):
        if obj is None or not obj.has_pending_correction:
            return "—"
        return _("%(figure)s by %(year)s, proposed by %(who)s: “%(note)s”") % {
            "figure": typed(obj.pending_value) if obj.pending_value is not None else "—",
            "year": obj.pending_year,
            "who": obj.pending_by.get_username() if obj.pending_by else _("the system"),
            "note": obj.pending_revision_note,
        }

    def get_queryset(self, request):
        return super().get_queryset(request).worked_on_by(request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "city":
            kwargs["queryset"] = City.objects.worked_on_by(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        return [*(["city", "indicator"] if obj is not None else []), *self.readonly_fields]

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        published = obj is not None and obj.status == Status.PUBLISHED
        if not published or self._lock(request, obj):
            fields = [name for name in fields if name != "correction_note"]
        return fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        return type(form.__name__, (form,), {"user": request.user})

    def _lock(self, request, obj) -> str:
        return workflow.lock_reason(services.actor_for_targets(request.user), obj) if obj is not None else ""

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not self._lock(request, obj)

    def has_delete_permission(self, request, obj=None):
        """A target is withdrawn by sending it back to draft, with a reason; its history stays."""
        return False

    def revert_disabled(self, request, obj=None):
        """simple-history's revert would bypass the workflow."""
        return True

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except services.Refusal as refused:
            self.message_user(request, " ".join(refused.messages), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def save_model(self, request, obj, form, change):
        """Through the service, so the workflow, four eyes and the history apply as for values."""
        saved, _outcome = services.save_target(
            user=request.user,
            city=obj.city,
            indicator=obj.indicator,
            change_reason=_("edited in the admin"),
            review_note=obj.review_note,
            revision_note=form.cleaned_data.get("correction_note", ""),
            version=form.cleaned_data.get("seen_version"),
            create_only=not change,
            **{name: getattr(obj, name) for name in TARGET_FIELDS if not change or name in form.changed_data},
        )
        obj.pk = saved.pk

    def _run(self, request, queryset, step, done_message, **options):
        done, refused = services.apply_to_each(
            step, queryset.select_related("city", "indicator"), user=request.user, **options
        )
        if done:
            self.message_user(request, done_message % {"count": len(done)}, messages.SUCCESS)
        for message in refused:
            self.message_user(request, message, messages.ERROR)

    @admin.action(description=_("Verify selected targets"))
    def verify_selected(self, request, queryset):
        self._run(request, queryset, services.verify, _("%(count)s targets verified."))

    @admin.action(description=_("Publish selected targets"))
    def publish_selected(self, request, queryset):
        self._run(request, queryset, services.publish, _("%(count)s targets published."))

    @admin.action(description=_("Send selected targets back to draft (with a reason)"))
    def send_back_selected(self, request, queryset):
        form = SendBackForm(request.POST if "reason" in request.POST else None)
        if form.is_bound and form.is_valid():
            reason = form.cleaned_data["reason"]
            self._run(request, queryset, services.send_back, _("%(count)s targets sent back."), reason=reason)
            return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Send back to draft"),
            "form": form,
            "values": queryset.select_related("city", "indicator"),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/progress/target/send_back.html", context)

    def get_urls(self):
        upload = self.admin_site.admin_view(self.upload_view)
        return [path("upload/", upload, name="progress_target_upload"), *super().get_urls()]

    def upload_view(self, request):
        """Targets from a file: everything or nothing, each refused row named."""
        if not self.has_add_permission(request):
            return HttpResponseRedirect(reverse("admin:progress_target_changelist"))
        form = TargetUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                outcome = read_targets(upload.read(), upload.name, user=request.user)
            except BadFile as error:
                form.add_error("file", str(error))
            else:
                for message in outcome.errors:
                    self.message_user(request, message, messages.ERROR)
                if not outcome.errors:
                    self.message_user(
                        request,
                        _("Targets created: %(created)s, changed: %(updated)s, unchanged: %(unchanged)s.")
                        % outcome.counts,
                        messages.SUCCESS,
                    )
                    return HttpResponseRedirect(reverse("admin:progress_target_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Upload targets"),
            "form": form,
        }
        return TemplateResponse(request, "admin/progress/target/upload.html", context)
