"""Every CSV the registry writes, fed hostile text: no spreadsheet may run a cell of it as a formula.

A spreadsheet may split a line on any of "," ";" or tab (Polish Excel splits a comma file on ";"), and
a bare CR starts a new row for some readers: a formula character may start no piece of any line.
"""

import csv
import io
import re
import zipfile
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from gdansk_iso.public.views import downloads
from indicators.exporting import xlsx_bytes
from indicators.history import history_csv, history_of
from indicators.models import Indicator, IndicatorValue
from indicators.numbers import exact_text
from indicators.services import save_value

HOSTILE_NOTE = "N:\r=1+1;x;=1+cmd|' /C calc'!A0,@SUM(1)\t-2+3\n+HYPERLINK(\"http://x\")"
HOSTILE_SOURCE = 'GUS, "=2+2"'
FORMULA_START = re.compile(r"^[=+@\t\r]|^-(?!\d)")


def formula_pieces(text: str) -> list[str]:
    """Every piece of every line, split as any spreadsheet might, that a spreadsheet would run."""
    pieces = []
    for line in re.split(r"\r\n|\r|\n", text):
        for separator in (",", ";", "\t"):
            for piece in line.split(separator):
                piece = piece.strip(' "')
                if FORMULA_START.match(piece):
                    pieces.append(piece)
    return pieces


def assert_harmless(text: str, delimiter: str = ","):
    assert formula_pieces(text) == []
    assert "\r" not in text
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    assert all(len(row) == len(rows[0]) for row in rows)


@pytest.fixture(autouse=True)
def fresh_cache(settings, tmp_path):
    cache.clear()
    settings.MEDIA_ROOT = tmp_path / "media"
    yield
    cache.clear()


@pytest.fixture
def hostile(gdansk, indicator):
    """A published value whose notes and source try every trick; a negative figure beside it."""
    value, _ = save_value(
        city=gdansk,
        indicator=indicator,
        year=2019,
        value=Decimal("4.20"),
        source=HOSTILE_SOURCE,
        notes=HOSTILE_NOTE,
        status=IndicatorValue.Status.PUBLISHED,
    )
    return value


@pytest.fixture
def negative(gdansk):
    """A published negative figure, on an indicator whose range allows it."""
    indicator = Indicator.objects.filter(edition=2014, value_type="number", min_value__isnull=True).first()
    value, _ = save_value(
        city=gdansk,
        indicator=indicator,
        year=2019,
        value=Decimal("-5"),
        status=IndicatorValue.Status.PUBLISHED,
    )
    return value


def test_public_indicator_csv_in_polish_is_harmless(client, hostile):
    text = client.get("/indicators/5.1/data.csv").content.decode()
    assert_harmless(text, ";")


def test_public_iso_table_csv_in_english_is_harmless(client, hostile):
    text = client.get("/en/iso-37120/data.csv").content.decode()
    assert_harmless(text)


def test_downloads_csv_zip_and_metadata_are_harmless(client, hostile):
    full = b"".join(client.get(f"/downloads/{downloads.CSV_NAME}").streaming_content).decode()
    assert_harmless(full)
    archive = zipfile.ZipFile(
        io.BytesIO(b"".join(client.get(f"/downloads/{downloads.ZIP_NAME}").streaming_content))
    )
    for name in archive.namelist():
        if name.endswith(".csv"):
            assert_harmless(archive.read(name).decode())


def test_api_csv_is_harmless(client, hostile):
    text = client.get("/api/values/?format=csv").content.decode()
    assert HOSTILE_SOURCE.split(",")[0] in text
    assert_harmless(text)


def test_admin_export_of_drafts_is_harmless(client, gdansk, indicator, statistician):
    save_value(city=gdansk, indicator=indicator, year=2020, value=Decimal("1"), notes=HOSTILE_NOTE)
    client.force_login(statistician)
    response = client.get(
        reverse("admin:indicators_importbatch_export"), {"format": "csv", "status": "draft"}
    )
    assert_harmless(
        b"".join(response.streaming_content if response.streaming else [response.content]).decode()
    )


def test_history_export_is_harmless(hostile):
    assert_harmless(history_csv(history_of(value_ids=[hostile.pk])))


def test_export_values_command_is_harmless(hostile):
    out = io.StringIO()
    call_command("export_values", "--format", "csv", stdout=out)
    assert_harmless(out.getvalue())


def test_coverage_report_csv_is_harmless(hostile, tmp_path):
    target = tmp_path / "coverage.csv"
    call_command(
        "coverage_report", "--city", "gdansk", "--year", "2019", "--format", "csv", "-o", str(target)
    )
    assert_harmless(target.read_text(encoding="utf-8-sig"))


def test_catalogue_export_is_harmless(indicator):
    Indicator.objects.filter(pk=indicator.pk).update(unit_en="%;=1+1", name_en="@SUM(1)")
    out = io.StringIO()
    call_command("export_catalogue", "--format", "csv", stdout=out)
    assert_harmless(out.getvalue())


def as_exported(value, language=None) -> str:
    return exact_text(value.value, min_places=value.indicator.decimal_places, language=language)


def test_a_negative_figure_stays_a_number_in_machine_csv(client, negative):
    rows = list(csv.DictReader(io.StringIO(client.get("/api/values/?format=csv").content.decode())))
    assert [row["value"] for row in rows] == [as_exported(negative)]


def test_a_negative_figure_is_exported_as_a_number_without_an_apostrophe(negative):
    out = io.StringIO()
    call_command("export_values", "--format", "csv", stdout=out)
    [row] = csv.DictReader(io.StringIO(out.getvalue()))
    assert row["value"] == as_exported(negative)
    assert row["value"].startswith("-")


def test_a_negative_figure_in_the_downloads_csv_has_no_apostrophe(client, negative):
    text = b"".join(client.get(f"/downloads/{downloads.CSV_NAME}").streaming_content).decode()
    [row] = csv.DictReader(io.StringIO(text))
    assert row["value"] == as_exported(negative)


def test_a_negative_figure_in_the_polish_page_csv_has_no_apostrophe(client, negative):
    text = client.get(f"/indicators/{negative.indicator.code}/data.csv").content.decode()
    [row] = csv.DictReader(io.StringIO(text), delimiter=";")
    assert row["value"] == as_exported(negative, "pl")


def test_the_notes_survive_the_csv_round_trip_up_to_the_escapes(hostile):
    out = io.StringIO()
    call_command("export_values", "--format", "csv", stdout=out)
    [row] = csv.DictReader(io.StringIO(out.getvalue()))
    assert row["notes"].replace("'", "") == HOSTILE_NOTE.replace("\r", "\n").replace("'", "")


def test_xlsx_keeps_hostile_text_as_plain_text():
    content = xlsx_bytes({"values": (["notes"], [["=1+1"], ["x;=1+cmd"], ["-2"]])})
    sheet = load_workbook(io.BytesIO(content)).active
    cells = [sheet["A2"], sheet["A3"], sheet["A4"]]
    assert [cell.data_type for cell in cells] == ["s", "s", "s"]
    assert [cell.value for cell in cells] == ["'=1+1", "x;=1+cmd", "'-2"]
