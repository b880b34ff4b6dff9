"""Progress in the API (JSON, CSV, schema), the open data package and the coverage report."""

import csv
import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from frictionless import validate
from openpyxl import load_workbook
from pypdf import PdfReader
from rest_framework.test import APIClient

from certification.coverage import build_report, period_for_year
from certification.reports import render
from gdansk_iso.public.views import downloads
from indicators.models import City, Indicator
from indicators.progress import services
from indicators.services import save_value


@pytest.fixture(autouse=True)
def own_media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def publish(city, code, year, figure):
    indicator = Indicator.objects.get(edition=2014, code=code)
    save_value(city=city, indicator=indicator, year=year, value=Decimal(figure), status="published")


@pytest.fixture
def unemployment(gdansk):
    publish(gdansk, "5.1", 2016, "10")
    publish(gdansk, "5.1", 2018, "8.1")
    services.save_target(
        city=gdansk,
        indicator=Indicator.objects.get(edition=2014, code="5.1"),
        value=Decimal("4"),
        year=2022,
        document="Gdańsk 2030 Plus",
        status="published",
    )


def test_the_api_gives_every_component_as_decimal_strings(unemployment):
    data = APIClient().get("/api/progress/?theme=5&lang=en").json()
    row = next(row for row in data["indicators"] if row["indicator"] == "5.1")
    assert {key: row[key] for key in ("status", "base", "latest", "rate", "target", "target_year")} == {
        "status": "moderate",
        "base": "10.00",
        "latest": "8.10",
        "rate": "-0.1",
        "target": "4.00",
        "target_year": 2022,
    }


def test_the_api_counts_indicators_per_status(unemployment):
    data = APIClient().get("/api/progress/?theme=5").json()
    assert (data["counts"]["moderate"], sum(data["counts"].values())) == (1, 7)


def test_the_api_gives_a_csv(unemployment):
    text = APIClient().get("/api/progress/?theme=5&format=csv").content.decode()
    rows = {row["indicator"]: row for row in csv.DictReader(io.StringIO(text))}
    needed = "-0.141626"  # (4 / 10) ^ (1 / 6) − 1, to six places
    assert (rows["5.1"]["status"], rows["5.1"]["required_rate"]) == ("moderate", needed)


def test_the_api_revalidates_with_the_data_version(unemployment):
    client = APIClient()
    etag = client.get("/api/progress/").headers["ETag"]
    assert client.get("/api/progress/", HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_a_new_published_figure_changes_the_api_etag(unemployment, gdansk):
    client = APIClient()
    etag = client.get("/api/progress/").headers["ETag"]
    publish(gdansk, "5.1", 2019, "7")
    assert client.get("/api/progress/", HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_the_api_takes_another_city(catalogue):
    other = City.objects.create(name="Gdynia", slug="gdynia", country="PL")
    publish(other, "5.1", 2015, "5")
    publish(other, "5.1", 2016, "6")
    row = APIClient().get("/api/progress/?city=gdynia&theme=5").json()["indicators"][0]
    assert (row["city"], row["status"]) == ("gdynia", "deterioration")


@pytest.mark.parametrize(("query", "status"), [("city=atlantis", 404), ("theme=x", 400), ("theme=99", 404)])
def test_the_api_refuses_what_it_cannot_read(catalogue, query, status):
    assert APIClient().get(f"/api/progress/?{query}").status_code == status


def test_the_schema_documents_the_progress_endpoint(tmp_path, db):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))
    assert "/api/progress/" in (tmp_path / "schema.yaml").read_text()


def test_the_data_package_has_a_progress_resource_that_validates(client, unemployment, tmp_path):
    for name in (downloads.DATAPACKAGE_NAME, downloads.PROGRESS_NAME, *downloads.PACKAGED_FILES):
        response = client.get(f"/downloads/{name}")
        (tmp_path / name).write_bytes(b"".join(response.streaming_content))
    package = json.loads((tmp_path / downloads.DATAPACKAGE_NAME).read_text())
    report = validate(str(tmp_path / downloads.DATAPACKAGE_NAME))
    assert (downloads.PROGRESS_NAME in [r["path"] for r in package["resources"]], report.valid) == (
        True,
        True,
    )


def test_the_open_data_progress_file_speaks_english(client, unemployment):
    response = client.get(f"/downloads/{downloads.PROGRESS_NAME}")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    row = next(row for row in rows if row["indicator"] == "5.1")
    assert (row["city"], row["status_label"]) == ("gdansk", "moderate progress")


@pytest.fixture
def report(unemployment, gdansk):
    return build_report(period_for_year(gdansk, 2018))


def test_the_report_keeps_the_progress_of_its_period(report):
    progress = report["progress"]
    assert (progress["until"], progress["counts"]["moderate"], progress["rows"]["5.1"]["rate"]) == (
        2018,
        1,
        "-0.1",
    )


def test_the_report_leaves_out_figures_after_its_period(gdansk, unemployment):
    publish(gdansk, "5.1", 2019, "3")  # the target reached, but after the report's year
    assert build_report(period_for_year(gdansk, 2018))["progress"]["rows"]["5.1"]["status"] == "moderate"


def test_the_report_workbook_has_a_progress_sheet(report):
    workbook = load_workbook(io.BytesIO(render(report, "xlsx", "en")), read_only=True)
    cells = [cell for row in workbook["Progress"].iter_rows(values_only=True) for cell in row if cell]
    assert "moderate progress (-10.0\u00a0% a year since 2016; target 4.00 by 2022)" in cells


def test_the_report_csv_has_a_progress_column(report):
    text = render(report, "csv", "de").decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][-1] == "Fortschritt zum Ziel"
    assert any(row[0] == "5.1" and row[-1].startswith("mäßiger Fortschritt") for row in rows)


def test_the_report_pdf_has_a_progress_section(report):
    pdf = PdfReader(io.BytesIO(render(report, "pdf", "pl")))
    text = " ".join(page.extract_text() for page in pdf.pages)
    assert "Postęp w kierunku celów" in text


def test_a_report_frozen_before_progress_still_renders(report):
    report.pop("progress")
    assert render(report, "csv", "en")
