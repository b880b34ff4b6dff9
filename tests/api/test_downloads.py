import csv
import io
import zipfile

import pytest
from openpyxl import load_workbook

from gdansk_iso.public.views import downloads

from .conftest import SENTINEL

pytestmark = pytest.mark.django_db


def fetch(client, name):
    response = client.get(f"/downloads/{name}")
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def csv_rows(text):
    return list(csv.DictReader(io.StringIO(text)))


def test_downloads_page_lists_the_three_files(client, publish_value):
    publish_value("5.1", 2019, "4")
    page = client.get("/en/downloads/").content.decode()
    for name in downloads.FILES:
        assert f'href="/en/downloads/{name}"' in page
    assert "CC BY 4.0" in page


def test_full_csv_holds_every_published_value_and_no_other(client, publish_value, unpublished):
    publish_value("5.1", 2019, "4")
    publish_value("GEO-01", 2019, text="Pomorskie")
    text = fetch(client, downloads.CSV_NAME).decode()
    rows = csv_rows(text)
    assert [(row["indicator"], row["value"], row["text_value"]) for row in rows] == [
        ("5.1", "4.00", ""),
        ("GEO-01", "", "Pomorskie"),
    ]
    assert SENTINEL not in text


def test_xlsx_has_the_same_rows(client, publish_value, unpublished):
    publish_value("5.1", 2019, "4")
    sheet = load_workbook(io.BytesIO(fetch(client, downloads.XLSX_NAME)), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("city", "indicator", "year", "value")
    assert [row[:4] for row in rows[1:]] == [("gdansk", "5.1", 2019, 4)]


def test_zip_has_one_csv_per_theme_and_metadata(client, publish_value, unpublished):
    publish_value("5.1", 2019, "4")
    publish_value("6.1", 2019, "95")
    publish_value("GEO-01", 2019, text="Pomorskie")
    archive = zipfile.ZipFile(io.BytesIO(fetch(client, downloads.ZIP_NAME)))
    assert sorted(archive.namelist()) == [
        "2014-profile.csv",
        "2014-theme-05-economy.csv",
        "2014-theme-06-education.csv",
        "datapackage.json",
        "metadata.csv",
    ]
    assert SENTINEL not in archive.read("2014-theme-05-economy.csv").decode()
    metadata = {row["code"]: row for row in csv_rows(archive.read("metadata.csv").decode())}
    assert len(metadata) == 139
    unemployment = metadata["5.1"]
    assert unemployment["name_en"] == "City's unemployment rate"
    assert unemployment["name_de"] == "Arbeitslosenquote der Stadt"
    assert (unemployment["unit_pl"], unemployment["source"], unemployment["licence"]) == (
        "%",
        "GUS",
        "CC BY 4.0",
    )
    assert unemployment["definition_pl"]


def test_files_are_rebuilt_when_published_data_change(client, publish_value):
    publish_value("5.1", 2019, "4")
    first = fetch(client, downloads.CSV_NAME)
    publish_value("5.1", 2019, "3")
    second = fetch(client, downloads.CSV_NAME)
    assert first != second
    assert b"3.00" in second
    assert len([d for d in downloads.downloads_root().iterdir() if not d.name.startswith(".")]) == 1


def test_files_are_built_once_per_data_version(client, publish_value, monkeypatch):
    publish_value("5.1", 2019, "4")
    fetch(client, downloads.CSV_NAME)
    monkeypatch.setattr(downloads, "build_files", lambda directory: pytest.fail("rebuilt"))
    fetch(client, downloads.ZIP_NAME)


def test_download_revalidates_with_304(client, publish_value, django_assert_max_num_queries):
    publish_value("5.1", 2019, "4")
    first = client.get(f"/downloads/{downloads.CSV_NAME}")
    assert first["Cache-Control"] == "public, max-age=60"
    with django_assert_max_num_queries(1):  # the data version
        again = client.get(f"/downloads/{downloads.CSV_NAME}", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


def test_unknown_download_is_404(client, catalogue):
    assert client.get("/downloads/passwords.txt").status_code == 404
