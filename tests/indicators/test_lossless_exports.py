"""Exports, downloads and the API carry a figure exactly as stored; only pages (and an XLSX cell's number
format) round it to its indicator's decimal places. 5.2 shows one decimal place; 39.95 is stored."""

import csv
import io
from decimal import Decimal

import pytest
from django.core.cache import cache
from openpyxl import load_workbook

from gdansk_iso.public.views import downloads
from indicators.exporting import export_file, values_for_export
from indicators.models import Indicator, IndicatorValue
from indicators.services import save_value

from .import_helpers import plan_of

STORED = Decimal("39.95")


@pytest.fixture
def one_place(catalogue):
    indicator = Indicator.objects.get(edition=2014, code="5.2")
    assert indicator.decimal_places == 1
    return indicator


@pytest.fixture
def draft(gdansk, one_place):
    value, _ = save_value(city=gdansk, indicator=one_place, year=2019, value=STORED)
    return value


@pytest.fixture
def published(gdansk, one_place):
    cache.clear()
    value, _ = save_value(city=gdansk, indicator=one_place, year=2019, value=STORED, status="published")
    return value


def csv_values(text: str, delimiter: str = ",") -> list[str]:
    return [row["value"] for row in csv.DictReader(io.StringIO(text), delimiter=delimiter)]


@pytest.mark.usefixtures("draft")
def test_the_csv_export_carries_the_figure_as_stored():
    assert csv_values(export_file("csv", values_for_export()).decode()) == ["39.95"]


@pytest.mark.usefixtures("draft")
def test_the_xlsx_export_holds_the_figure_and_formats_it_to_the_indicators_places():
    sheet = load_workbook(io.BytesIO(export_file("xlsx", values_for_export()))).active
    assert (sheet["D2"].value, sheet["D2"].number_format) == (39.95, "0.0")


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.usefixtures("draft")
def test_exporting_and_importing_a_draft_changes_nothing(fmt, gdansk, statistician):
    plan = plan_of(export_file(fmt, values_for_export()), gdansk, statistician, name=f"values.{fmt}")
    assert plan.counts == {"created": 0, "updated": 0, "unchanged": 1, "skipped": 0, "errors": 0}
    assert IndicatorValue.objects.get().value == STORED


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.usefixtures("published")
def test_exporting_and_importing_a_published_value_changes_nothing(fmt, gdansk, statistician):
    plan = plan_of(export_file(fmt, values_for_export()), gdansk, statistician, name=f"values.{fmt}")
    assert plan.counts == {"created": 0, "updated": 0, "unchanged": 1, "skipped": 0, "errors": 0}


def test_a_figure_a_spreadsheet_number_cannot_hold_is_exported_as_text_and_read_back(
    gdansk, statistician, catalogue
):
    population = Indicator.objects.get(edition=2014, code="PPL-01")
    save_value(city=gdansk, indicator=population, year=2019, value=Decimal("12345678901234.123456"))
    data = export_file("xlsx", values_for_export())
    assert load_workbook(io.BytesIO(data)).active["D2"].value == "12345678901234.123456"
    plan = plan_of(data, gdansk, statistician)
    assert plan.counts["unchanged"] == 1


@pytest.mark.usefixtures("published")
def test_the_open_data_downloads_carry_the_figure_as_stored(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    downloads.build_files(tmp_path)
    assert csv_values((tmp_path / downloads.CSV_NAME).read_text()) == ["39.95"]
    assert load_workbook(tmp_path / downloads.XLSX_NAME).active["D2"].value == 39.95


@pytest.mark.usefixtures("published")
def test_the_api_carries_the_figure_as_stored(client):
    assert client.get("/api/values/").json()["results"][0]["value"] == "39.95"
    assert csv_values(client.get("/api/values/?format=csv").content.decode()) == ["39.95"]


@pytest.mark.usefixtures("published")
def test_the_pages_csv_download_carries_the_figure_as_stored_in_the_pages_language(client):
    assert csv_values(client.get("/indicators/5.2/data.csv").text, ";") == ["39,95"]
    assert csv_values(client.get("/en/indicators/5.2/data.csv").text) == ["39.95"]


@pytest.mark.usefixtures("published")
def test_the_page_rounds_the_figure_to_the_indicators_places(client):
    text = client.get("/en/indicators/5.2/").text
    assert "40.0" in text
    assert "39.95" not in text
