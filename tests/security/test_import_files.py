"""Uploaded import files are kept where nothing serves them and deleted after the retention period."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from indicators.models import ImportBatch

from ..indicators.import_helpers import long_sheet, workbook_bytes


@pytest.fixture
def roots(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.IMPORT_FILES_ROOT = tmp_path / "private"
    return settings


def test_an_uploaded_workbook_is_stored_outside_the_media_root(client, statistician, gdansk, roots):
    client.force_login(statistician)
    upload = SimpleUploadedFile("values.xlsx", workbook_bytes({"S": long_sheet(["5.1", 2019, 1])}))
    client.post(reverse("admin:indicators_importbatch_upload"), {"file": upload, "city": gdansk.pk})
    stored = Path(ImportBatch.objects.get().file.path)
    assert stored.is_file()
    assert stored.is_relative_to(roots.IMPORT_FILES_ROOT)
    assert not stored.is_relative_to(roots.MEDIA_ROOT)


def test_an_import_file_has_no_public_address(gdansk, roots):
    batch = ImportBatch(file_name="values.xlsx", checksum="0" * 64)
    batch.file.save("values.xlsx", ContentFile(b"x"))
    with pytest.raises(ValueError, match="never served"):
        batch.file.url  # noqa: B018 - the property is what a template or the admin would read


def test_the_admin_shows_an_import_without_linking_its_file(client, auditor, gdansk, roots):
    batch = ImportBatch(file_name="values.xlsx", checksum="0" * 64)
    batch.file.save("values.xlsx", ContentFile(b"x"))
    client.force_login(auditor)
    response = client.get(reverse("admin:indicators_importbatch_change", args=[batch.pk]))
    assert response.status_code == 200
    assert "values.xlsx" in response.content.decode()


def make_batch(name, age_days):
    batch = ImportBatch(file_name=name, checksum="0" * 64, state=ImportBatch.State.REJECTED)
    batch.file.save(name, ContentFile(b"x"))
    ImportBatch.objects.filter(pk=batch.pk).update(created_at=timezone.now() - timedelta(days=age_days))
    return batch


def test_purge_deletes_files_older_than_the_retention_and_keeps_the_record(gdansk, roots):
    roots.IMPORT_FILE_RETENTION_DAYS = 90
    old, recent = make_batch("old.xlsx", 91), make_batch("recent.xlsx", 89)
    old_path, recent_path = Path(old.file.path), Path(recent.file.path)
    call_command("purge_import_files", verbosity=0)
    old.refresh_from_db()
    assert not old_path.exists()
    assert (old.file.name, old.file_name, old.checksum) == ("", "old.xlsx", "0" * 64)
    assert recent_path.exists()
