"""An import of a file: its record (name, checksum, counts, report) outlives the file."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..import_files import import_file_storage
from .base import user_stamp


class ImportBatch(models.Model):
    """One uploaded workbook: who brought it, what it was (checksum), what it did."""

    class State(models.TextChoices):
        PLANNED = "planned", _("planned (dry run)")
        APPLIED = "applied", _("applied")
        REJECTED = "rejected", _("rejected")

    file_name = models.CharField(_("file name"), max_length=255)
    checksum = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    file = models.FileField(_("file"), upload_to="imports/%Y/%m/", storage=import_file_storage, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State, default=State.PLANNED)
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    created_by = user_stamp(_("uploaded by"), indexed=True)
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)
    created_count = models.PositiveIntegerField(_("created"), default=0)
    updated_count = models.PositiveIntegerField(_("updated"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unchanged"), default=0)
    skipped_count = models.PositiveIntegerField(_("skipped"), default=0)
    error_count = models.PositiveIntegerField(_("errors"), default=0)
    valid_rows_only = models.BooleanField(
        _("valid rows only"),
        default=False,
        help_text=_("The valid rows are imported; the refused ones are given back as a file."),
    )
    accepted_count = models.PositiveIntegerField(_("rows imported"), default=0)
    refused_count = models.PositiveIntegerField(_("rows refused"), default=0)
    refused_file = models.FileField(
        _("refused rows"), upload_to="imports/%Y/%m/", storage=import_file_storage, blank=True
    )
    report = models.JSONField(
        _("report"), default=dict, blank=True, help_text=_("The plan shown in the preview: errors, changes.")
    )

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.file_name} ({self.created_at:%Y-%m-%d %H:%M})" if self.created_at else self.file_name
