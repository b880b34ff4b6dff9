"""Imports and exports in the admin: upload → preview → confirm, and downloads of values or a template.

The uploaded workbook is kept with its ImportBatch (state "planned") between the preview and the
confirmation, so the confirmation applies exactly the file that was previewed, planned again
against the registry as it is then.
"""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..exporting import XLSX_CONTENT_TYPE, export_file, template_file, values_for_export
from ..importing import BadFile, PlanOutdated, apply_import, plan_import, read_import
from ..models import FIRST_YEAR, LAST_STORABLE_YEAR, City, ImportBatch, IndicatorValue
from ..quality import WARNING_KINDS
from ..visibility import may_view_city, of_viewable_cities


def home_city(user=None):
    """The form's first choice of city (for a person limited to other cities, the first of theirs);
    none on a registry whose home city is not loaded yet."""
    try:
        return City.objects.home_for(user)
    except City.DoesNotExist:
        return None


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Workbook (.xlsx, .ods, .xls) or CSV file"))
    city = forms.ModelChoiceField(
        City.objects.all(),
        label=gettext_lazy("City"),
        help_text=gettext_lazy("For rows without a city column."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["city"].queryset = City.objects.worked_on_by(user)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.IMPORT_MAX_BYTES:  # checked before a byte is read into memory
            raise forms.ValidationError(
                _("The file is %(size)s MB; the limit is %(limit)s MB.")
                % {"size": f"{upload.size / 2**20:.1f}", "limit": f"{settings.IMPORT_MAX_BYTES / 2**20:.1f}"}
            )
        return upload


class ExportForm(forms.Form):
    format = forms.ChoiceField(label=gettext_lazy("Format"), choices=[("xlsx", "XLSX"), ("csv", "CSV")])
    city = forms.ModelChoiceField(City.objects.all(), label=gettext_lazy("City"), required=False)
    year = forms.IntegerField(
        label=gettext_lazy("Year"), required=False, min_value=FIRST_YEAR, max_value=LAST_STORABLE_YEAR
    )
    status = forms.ChoiceField(
        label=gettext_lazy("Status"), choices=[("", "—"), *IndicatorValue.Status.choices], required=False
    )


class TemplateForm(forms.Form):
    city = forms.ModelChoiceField(City.objects.all(), label=gettext_lazy("City"))
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=FIRST_YEAR, max_value=LAST_STORABLE_YEAR)


def written_count(field: str):
    """A list column of what an import wrote, counted only once it was applied: a dry run or a refused
    file wrote nothing, whatever its plan would have done."""

    @admin.display(description=ImportBatch._meta.get_field(field).verbose_name, ordering=field)
    def column(self, batch):
        return getattr(batch, field) if batch.state == ImportBatch.State.APPLIED else "—"

    return column


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    change_list_template = "admin/indicators/importbatch_change_list.html"
    list_display = [
        "file_name",
        "created_at",
        "created_by",
        "state",
        "created",
        "updated",
        "unchanged",
        "skipped",
        "error_count",
    ]
    list_filter = ["state"]
    list_select_related = ["created_by"]
    exclude = ["report", "file"]
    readonly_fields = [
        "stored_file" if field.name == "file" else field.name
        for field in ImportBatch._meta.fields
        if field.name != "report"
    ]

    created = written_count("created_count")
    updated = written_count("updated_count")
    unchanged = written_count("unchanged_count")
    skipped = written_count("skipped_count")

    @admin.display(description=gettext_lazy("stored file"))
    def stored_file(self, batch):
        """The stored file's name, never a link: import files are not served."""
        return batch.file.name or _("deleted after the retention period")

    def has_add_permission(self, request):
        return False  # imports start from the upload page, never from an empty form

    def has_change_permission(self, request, obj=None):
        return False

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("upload/", view(self.upload_view), name="indicators_importbatch_upload"),
            path("<int:pk>/preview/", view(self.preview_view), name="indicators_importbatch_preview"),
            path("export/", view(self.export_view), name="indicators_importbatch_export"),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "may_import": may_import(request.user)}
        return super().changelist_view(request, extra_context)

    def upload_view(self, request):
        if not may_import(request.user):
            raise PermissionDenied
        form = UploadForm(
            request.POST or None,
            request.FILES or None,
            user=request.user,
            initial={"city": home_city(request.user)},
        )
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            data = upload.read()
            try:
                plan = plan_import(
                    data, upload.name, user=request.user, default_city=form.cleaned_data["city"]
                )
            except BadFile as error:
                form.add_error("file", str(error))
            else:
                batch = ImportBatch(
                    file_name=upload.name[:255],
                    checksum=plan.checksum,
                    created_by=request.user,
                    state=ImportBatch.State.PLANNED if plan.is_valid else ImportBatch.State.REJECTED,
                    report=plan.report(),
                )
                record_counts(batch, plan)
                batch.file.save(upload.name, ContentFile(data), save=False)
                batch.save()
                return redirect("admin:indicators_importbatch_preview", batch.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Import values from Excel"),
            "form": form,
        }
        return TemplateResponse(request, "admin/indicators/import_upload.html", context)

    def preview_view(self, request, pk):
        batch = get_object_or_404(ImportBatch.objects.select_related("created_by"), pk=pk)
        if not may_import(request.user):
            raise PermissionDenied
        if request.method == "POST":
            return self._confirm(request, batch)
        earlier = ImportBatch.objects.filter(checksum=batch.checksum, state=ImportBatch.State.APPLIED).first()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Preview of %(file)s") % {"file": batch.file_name},
            "batch": batch,
            "report": batch.report,
            "earlier": earlier if earlier != batch else None,
            "changes_anything": bool(batch.created_count or batch.updated_count),
            "warning_kinds": warning_kinds(batch.report.get("warning_counts", {})),
            "warnings_cut": len(batch.report.get("warnings", []))
            < sum(batch.report.get("warning_counts", {}).values()),
            "may_confirm": batch.state == ImportBatch.State.PLANNED
            and bool(batch.created_count or batch.updated_count)
            and may_confirm(request.user, batch),
        }
        return TemplateResponse(request, "admin/indicators/import_preview.html", context)

    def _confirm(self, request, batch: ImportBatch):
        """Apply the previewed file once: the batch row is locked, so a second confirmation waits for
        the first and is then told the import was applied, leaving the batch's log as the first wrote it."""
        with transaction.atomic():
            batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
            if batch.state == ImportBatch.State.APPLIED:
                messages.info(
                    request,
                    _("This import was already applied on %(when)s; nothing was done again.")
                    % {"when": date_format(timezone.localtime(batch.applied_at), "DATETIME_FORMAT")},
                )
                return redirect(reverse("admin:indicators_importbatch_changelist"))
            if batch.state != ImportBatch.State.PLANNED or not may_confirm(request.user, batch):
                raise PermissionDenied
            return self._apply_locked(request, batch)

    def _apply_locked(self, request, batch: ImportBatch):
        city = City.objects.filter(slug=batch.report.get("default_city")).first() or home_city()
        with batch.file.open("rb") as stored:
            data = stored.read()
        try:
            plan = read_import(data, batch.file_name, default_city=city)
            batch_applied = apply_import(
                plan, user=request.user, batch=batch, expected_digest=batch.report.get("digest")
            )
        except BadFile as error:
            messages.error(request, str(error))
            return redirect("admin:indicators_importbatch_preview", batch.pk)
        except PlanOutdated:
            batch_applied = None
        if batch_applied is None:  # the registry changed since the preview: show the new plan
            messages.warning(request, _("Values changed in the registry since the preview: review it again."))
            if plan.is_valid:
                plan = plan_import(data, batch.file_name, user=request.user, default_city=city)
            batch.refresh_from_db()
            batch.report = plan.report()
            batch.state = ImportBatch.State.PLANNED if plan.is_valid else ImportBatch.State.REJECTED
            record_counts(batch, plan)
            batch.save()
            return redirect("admin:indicators_importbatch_preview", batch.pk)
        messages.success(request, _("Imported: %(summary)s.") % {"summary": plan.summary()})
        return redirect(reverse("admin:indicators_importbatch_changelist"))

    def export_view(self, request):
        if not request.user.has_perm("indicators.view_indicatorvalue"):
            raise PermissionDenied
        export_form = ExportForm(request.GET if "format" in request.GET else None)
        template_form = TemplateForm(
            request.GET if "template" in request.GET else None, initial={"city": home_city()}
        )
        if export_form.is_bound and export_form.is_valid():
            data = export_form.cleaned_data
            values = values_for_export(city=data["city"], year=data["year"], status=data["status"])
            values = values.filter(of_viewable_cities(request.user))
            if data["format"] == "csv":
                return download(export_file("csv", values), "values.csv", "text/csv; charset=utf-8")
            return download(export_file("xlsx", values), "values.xlsx", XLSX_CONTENT_TYPE)
        if template_form.is_bound and template_form.is_valid():
            city, year = template_form.cleaned_data["city"], template_form.cleaned_data["year"]
            if not may_view_city(request.user, city.pk):  # the template holds last year's figures
                raise PermissionDenied
            return download(template_file(city, year), f"template-{city.slug}-{year}.xlsx", XLSX_CONTENT_TYPE)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Export values"),
            "export_form": export_form,
            "template_form": template_form,
        }
        return TemplateResponse(request, "admin/indicators/export_values.html", context)


def may_import(user) -> bool:
    return user.has_perm("indicators.add_importbatch") and user.has_perm("indicators.add_indicatorvalue")


def may_confirm(user, batch: ImportBatch) -> bool:
    """The person who previewed confirms: the status rules were checked against their permissions."""
    return user.is_superuser or batch.created_by_id == user.pk


def warning_kinds(counts: dict) -> list[dict]:
    """The warnings' counts per kind, named for people, in the order the checks run."""
    return [
        {"label": label, "count": counts[check]} for check, label in WARNING_KINDS.items() if check in counts
    ]


def record_counts(batch: ImportBatch, plan) -> None:
    batch.created_count = plan.counts["created"]
    batch.updated_count = plan.counts["updated"]
    batch.unchanged_count = plan.counts["unchanged"]
    batch.skipped_count = plan.counts["skipped"]
    batch.error_count = plan.counts["errors"]


def download(content: bytes, file_name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    return response
