"""Uploaded import files: kept where no URL serves them, and only for IMPORT_FILE_RETENTION_DAYS.

They may hold figures that were never published (a rejected or planned import), so they live under
IMPORT_FILES_ROOT, outside MEDIA_ROOT, and have no public address. The import record (file name,
SHA-256, counts, report) stays after its file is deleted.
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from .private_storage import PrivateStorage


class PrivateImportStorage(PrivateStorage):
    """Under settings.IMPORT_FILES_ROOT; its files have no URL."""

    root_setting = "IMPORT_FILES_ROOT"

    def url(self, name):
        raise ValueError("Import files are never served.")


def import_file_storage() -> PrivateImportStorage:
    """The storage of ImportBatch.file (a callable, so migrations name it rather than its location)."""
    return PrivateImportStorage()


def purge_expired_files(*, now=None) -> int:
    """Delete the files of imports older than the retention period; keep their records. Returns how many."""
    from .models import ImportBatch

    cutoff = (now or timezone.now()) - timedelta(days=settings.IMPORT_FILE_RETENTION_DAYS)
    purged = 0
    for batch in ImportBatch.objects.filter(created_at__lt=cutoff).exclude(file=""):
        batch.file.delete(save=False)
        ImportBatch.objects.filter(pk=batch.pk).update(file="")
        purged += 1
    return purged
