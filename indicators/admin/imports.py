"""Imports and exports in the admin: upload → preview → confirm, and downloads of values or a template.

The uploaded workbook is kept with its ImportBatch (state "planned") between the preview and the
confirmation, so the confirmation applies exactly the file that was previewed, planned again
against the registry as it is then.
"""

from pathlib import PurePath

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..exporting import XLSX_CONTENT_TYPE, export_file, template_file, values_for_export
from ..importing import (
    BadFile,
    PlanOutdated,
    apply_import,
    apply_valid_rows,
    plan_import,
    plan_valid_rows,
    read_import,
)
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
    valid_rows_only = forms.BooleanField(
        label=gettext_lazy("Import the valid rows, give me the refused ones as a file"),
        required=False,
        help_text=gettext_lazy(
            "Without it nothing is imported while any row is wrong. With it the valid rows are imported "
            "and the refused ones come back in a file of the same layout, with a column saying why."
        ),
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
        "refused",
    ]
    list_filter = ["state"]
    list_select_related = ["created_by"]
    exclude = ["report", "file", "refused_file"]
    readonly_fields = [
        {"file": "stored_file", "refused_file": "refused_rows_file"}.get(field.name, field.name)
        for field in ImportBatch._meta.fields
        if field.name != "report"
    ]

    created = written_count("created_count")
    updated = written_count("updated_count")
    unchanged = written_count("unchanged_count")
    skipped = written_count("skipped_count")
    refused = written_count("refused_count")

    @admin.display(description=ImportBatch._meta.get_field("refused_file").verbose_name)
    def refused_rows_file(self, batch):
        if not batch.refused_file:
            return "—"
        url = reverse("admin:indicators_importbatch_refused", args=[batch.pk])
        return format_html('<a href="{}">{}</a>', url, _("Download the refused rows"))

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
            path("<int:pk>/refused/", view(self.refused_view), name="indicators_importbatch_refused"),
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
            valid_rows_only = form.cleaned_data["valid_rows_only"]
            try:
                plan = planned(data, upload.name, request.user, form.cleaned_data["city"], valid_rows_only)
            except BadFile as error:
                form.add_error("file", str(error))
            else:
                batch = ImportBatch(
                    file_name=upload.name[:255],
                    checksum=plan.checksum,
                    created_by=request.user,
                    state=ImportBatch.State.PLANNED if plan.is_valid else ImportBatch.State.REJECTED,
                    report=plan.report(),
                    valid_rows_only=valid_rows_only,
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
            "title": (
                _("Import of %(file)s")
                if batch.state == ImportBatch.State.APPLIED
                else _("Preview of %(file)s")
            )
            % {"file": batch.file_name},
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

    def refused_view(self, request, pk):
        """The file of the rows an import of the valid rows refused, for whoever brought the file."""
        batch = get_object_or_404(ImportBatch, pk=pk)
        if not may_import(request.user) or not may_confirm(request.user, batch):
            raise PermissionDenied
        if not batch.refused_file:
            raise Http404(
                _("This import refused no rows, or its file was deleted after the retention period.")
            )
        name = PurePath(batch.refused_file.name).name
        return FileResponse(
            batch.refused_file.open("rb"), as_attachment=True, filename=refused_name(batch, name)
        )

    def _apply_locked(self, request, batch: ImportBatch):
        city = City.objects.filter(slug=batch.report.get("default_city")).first() or home_city()
        with batch.file.open("rb") as stored:
            data = stored.read()
        digest = batch.report.get("digest")
        try:
            plan = read_import(data, batch.file_name, default_city=city)
            if batch.valid_rows_only:
                batch_applied = apply_valid_rows(
                    plan, data=data, user=request.user, batch=batch, expected_digest=digest
                ).batch
            else:
                batch_applied = apply_import(plan, user=request.user, batch=batch, expected_digest=digest)
        except BadFile as error:
            messages.error(request, str(error))
            return redirect("admin:indicators_importbatch_preview", batch.pk)
        except PlanOutdated:
            batch_applied = None
        if batch_applied is None:  # the registry changed since the preview: show the new plan
            messages.warning(request, _("Values changed in the registry since the preview: review it again."))
            if plan.is_valid:
                plan = planned(data, batch.file_name, request.user, city, batch.valid_rows_only)
            batch.refresh_from_db()
            batch.report = plan.report()
            batch.state = ImportBatch.State.PLANNED if plan.is_valid else ImportBatch.State.REJECTED
            record_counts(batch, plan)
            batch.save()
            return redirect("admin:indicators_importbatch_preview", batch.pk)
        messages.success(request, _("Imported: %(summary)s.") % {"summary": plan.summary()})
        if batch_applied.refused_count:  # the preview of the applied batch offers the refused rows' file
            return redirect("admin:indicators_importbatch_preview", batch.pk)
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


def planned(data: bytes, file_name: str, user, city: City, valid_rows_only: bool):
    """The preview's plan: of the whole file, or of its valid rows with the refused ones set aside."""
    if not valid_rows_only:
        return plan_import(data, file_name, user=user, default_city=city)
    plan = read_import(data, file_name, default_city=city)
    plan_valid_rows(plan, user=user)
    return plan


def refused_name(batch: ImportBatch, stored_name: str) -> str:
    """The refused rows' file named after the uploaded one (storage may have added a suffix)."""
    suffix = PurePath(stored_name).suffix
    return f"{PurePath(batch.file_name).stem}-{_('refused')}{suffix}"


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
    batch.error_count = plan.counts["errors"] + sum(len(reasons) for reasons in plan.refused.values())
    batch.refused_count = len(plan.refused)


def download(content: bytes, file_name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    return response
