"""Open data machines read right: a Frictionless Data Package beside the files and inside the zip."""

import csv
import io
import json
import stat
import zipfile

import pytest
from frictionless import validate

from gdansk_iso.public.views import downloads

from .test_downloads import fetch

pytestmark = pytest.mark.django_db


@pytest.fixture
def published_mix(publish_value):
    """A percentage, a code that pandas would turn into a number, a text value, a profile figure and a gap."""
    publish_value("5.1", 2019, "4.5")
    publish_value(
        "5.7", 2019, gap="not_available", gap_reason="Brak danych o patentach w podziale na miasta."
    )
    publish_value("16.10", 2019, "1.25")
    publish_value("GEO-01", 2019, text="Pomorskie")
    publish_value("PPL-01", 2019, "470907")


def fetched_directory(client, tmp_path, names):
    for name in names:
        (tmp_path / name).write_bytes(fetch(client, name))
    return tmp_path


def errors_of(report) -> list[str]:
    return [error.message for task in report.tasks for error in task.errors] + [
        error.message for error in report.errors
    ]


@pytest.mark.usefixtures("published_mix")
def test_frictionless_validates_the_package_beside_the_downloads(client, tmp_path):
    directory = fetched_directory(client, tmp_path, [downloads.DATAPACKAGE_NAME, *downloads.PACKAGED_FILES])
    report = validate(str(directory / downloads.DATAPACKAGE_NAME))
    assert errors_of(report) == []
    assert report.valid


@pytest.mark.usefixtures("published_mix")
def test_frictionless_validates_the_package_inside_the_zip(client, tmp_path):
    zipfile.ZipFile(io.BytesIO(fetch(client, downloads.ZIP_NAME))).extractall(tmp_path)
    report = validate(str(tmp_path / "datapackage.json"))
    assert errors_of(report) == []
    assert len(report.tasks) == 4  # three theme files and metadata.csv


@pytest.mark.usefixtures("published_mix")
def test_the_package_types_codes_as_strings_figures_as_numbers_and_text_apart(client):
    package = json.loads(fetch(client, downloads.DATAPACKAGE_NAME))
    [values] = [r for r in package["resources"] if r["path"] == downloads.CSV_NAME]
    types = {field["name"]: field["type"] for field in values["schema"]["fields"]}
    assert (types["indicator"], types["value"], types["text_value"], types["year"]) == (
        "string",
        "number",
        "string",
        "integer",
    )
    assert package["licenses"][0]["name"] == "CC-BY-4.0"


@pytest.mark.usefixtures("published_mix")
def test_a_gap_is_in_its_own_column_with_its_reason_and_no_figure(client):
    rows = csv.DictReader(io.StringIO(fetch(client, downloads.CSV_NAME).decode()))
    row = next(row for row in rows if row["indicator"] == "5.7")
    assert (row["value"], row["text_value"], row["gap"], row["gap_reason"]) == (
        "",
        "",
        "not_available",
        "Brak danych o patentach w podziale na miasta.",
    )


@pytest.mark.usefixtures("published_mix")
def test_the_package_is_served_as_json_beside_the_csvs(client):
    response = client.get(f"/downloads/{downloads.DATAPACKAGE_NAME}")
    assert response["Content-Type"] == "application/json"
    package = json.loads(b"".join(response.streaming_content))
    for resource in package["resources"]:
        assert client.get(f"/downloads/{resource['path']}").status_code == 200


@pytest.mark.usefixtures("published_mix")
def test_files_in_the_zip_unpack_readable_by_everyone(client):
    archive = zipfile.ZipFile(io.BytesIO(fetch(client, downloads.ZIP_NAME)))
    for member in archive.infolist():
        mode = member.external_attr >> 16
        assert stat.S_IMODE(mode) == 0o644, member.filename
        assert stat.S_ISREG(mode)


def test_the_downloads_page_shows_how_to_read_codes_as_text_and_recommends_xlsx(
    client, english, publish_value
):
    publish_value("5.1", 2019, "4")
    page = client.get("/en/downloads/").content.decode()
    assert "pd.read_csv(" in page
    assert 'dtype={"indicator": str}' in page
    assert downloads.DATAPACKAGE_NAME in page
    assert "XLSX" in page
