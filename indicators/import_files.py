"""Uploaded import files: kept where no URL serves them, and only for IMPORT_FILE_RETENTION_DAYS.

They may hold figures that were never published (a rejected or planned import), so they live under
IMPORT_FILES_ROOT, outside MEDIA_ROOT, and have no public address. The import record (file name,
SHA-256, counts, report) stays after its file is deleted.
"""

from .private_storage import PrivateStorage


class PrivateImportStorage(PrivateStorage):
    """Under settings.IMPORT_FILES_ROOT; its files have no URL."""

    root_setting = "IMPORT_FILES_ROOT"

    def url(self, name):
        raise ValueError("Import files are never served.")


def import_file_storage() -> PrivateImportStorage:
    """The storage of ImportBatch.file (a callable, so migrations name it rather than its location)."""
    return PrivateImportStorage()
