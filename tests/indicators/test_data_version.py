"""One data version decides whether anything public changed: pages, CSVs, downloads and the API all follow it.

Two server processes are two cache instances over one database: whatever one process has cached, the
other's change must be invisible on neither after it commits.
"""

import io
import json
import zipfile
from contextlib import contextmanager
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from openpyxl import load_workbook

from certification.models import Audit, Certificate, Level
from indicators.importing import apply_import
from indicators.models import DataVersion, Indicator, IndicatorValue, Theme
from indicators.services import save_value

from .import_helpers import long_sheet, plan_of, workbook_bytes

pytestmark = pytest.mark.django_db

SOURCE = "SENT-BACK-SOURCE"
FIGURE = Decimal("43.21")
MARKERS = (SOURCE, "43,21", "43.21")
PUBLIC_URLS = [
    "/",
    "/themes/5/",
    "/indicators/5.1/",
    "/en/indicators/5.1/",
    "/iso-37120/",
    "/indicators/5.1/data.csv",
    "/indicators/5.1/data.xlsx",
    "/iso-37120/data.csv",
    "/iso-37120/data.xlsx",
    "/downloads/iso37120-values.csv",
    "/downloads/iso37120-values.xlsx",
    "/downloads/iso37120-by-theme.zip",
    "/api/values/",
    "/api/values/?indicator=5.1",
    "/api/values/?format=csv",
    "/api/coverage/?city=gdansk&year=2019",
]


@pytest.fixture(autouse=True)
def own_media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@contextmanager
def server_process(name: str):
    """The requests inside are served by a process with its own cache and own copies of pages (same
    database)."""
    backends = {
        alias: {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": f"{alias}-{name}"}
        for alias in settings.CACHES
    }
    with override_settings(CACHES=backends):
        yield


@pytest.fixture
def processes():
    for name in ("a", "b"):
        with server_process(name):
            for alias in settings.CACHES:
                caches[alias].clear()
    yield ("a", "b")
    for name in ("a", "b"):
        with server_process(name):
            for alias in settings.CACHES:
                caches[alias].clear()


def text_of(response) -> str:
    """What a response shows: a page, a CSV, JSON, every cell of a workbook, every file of a zip."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    content_type = response["Content-Type"]
    if "spreadsheetml" in content_type:
        sheets = load_workbook(io.BytesIO(body), read_only=True).worksheets
        return " ".join(
            str(cell) for sheet in sheets for row in sheet.iter_rows(values_only=True) for cell in row
        )
    if content_type == "application/zip":
        archive = zipfile.ZipFile(io.BytesIO(body))
        return " ".join(archive.read(name).decode() for name in archive.namelist())
    return body.decode()


def shows_the_value(client, url) -> bool:
    response = client.get(url)
    assert response.status_code == 200, url
    text = text_of(response)
    return any(marker in text for marker in MARKERS)


def publish_value(city, indicator):
    value, _ = save_value(
        city=city, indicator=indicator, year=2019, value=FIGURE, source=SOURCE, status="published"
    )
    return value


def test_a_value_sent_back_to_draft_is_gone_everywhere_on_the_next_request_to_either_process(
    client, processes, gdansk, indicator
):
    with server_process("b"):
        publish_value(gdansk, indicator)
    for process in processes:
        with server_process(process):
            assert [url for url in PUBLIC_URLS if not shows_the_value(client, url)] == []

    with server_process("a"):
        save_value(
            city=gdansk,
            indicator=indicator,
            year=2019,
            value=FIGURE,
            source=SOURCE,
            status=IndicatorValue.Status.DRAFT,
            change_reason="Figure under review.",
        )

    for process in reversed(processes):
        with server_process(process):
            assert [url for url in PUBLIC_URLS if shows_the_value(client, url)] == []


def test_a_catalogue_change_in_the_shell_reaches_pages_and_api_at_once(client, indicator):
    client.get("/api/indicators/5.1/?lang=en")
    client.get("/en/indicators/5.1/")
    indicator.name_en = "Unemployment rate, renamed in the shell"
    indicator.save()
    assert "renamed in the shell" in client.get("/api/indicators/5.1/?lang=en").json()["name"]
    assert "renamed in the shell" in client.get("/en/indicators/5.1/").text


def test_a_catalogue_fixture_loaded_with_loaddata_reaches_pages_and_api_at_once(client, catalogue, tmp_path):
    client.get("/api/themes/5/?lang=en")
    client.get("/en/themes/5/")
    theme = Theme.objects.get(edition=2014, number=5)
    fixture = tmp_path / "renamed_theme.json"
    fields = {"name_en": "Economy as loaded", "slug": theme.slug, "name": theme.name}
    fixture.write_text(
        json.dumps([{"model": "indicators.theme", "fields": {"edition": 2014, "number": 5, **fields}}])
    )
    call_command("loaddata", str(fixture), verbosity=0)
    assert client.get("/api/themes/5/?lang=en").json()["name"] == "Economy as loaded"
    assert "Economy as loaded" in client.get("/en/themes/5/").text


def test_a_level_changed_in_the_shell_reaches_the_coverage_api_and_the_iso_page(client, gdansk, indicator):
    publish_value(gdansk, indicator)
    url = "/api/coverage/?city=gdansk&year=2019"
    before = client.get(url).json()
    client.get("/en/iso-37120/")
    Level.objects.filter(edition=2014, code="aspirational").update(min_core=0, min_total=0)
    aspirational = Level.objects.get(edition=2014, code="aspirational")
    aspirational.name_en = "Aspiring, as edited in the shell"
    aspirational.save()
    after = client.get(url).json()
    assert after != before
    assert "Aspiring, as edited in the shell" in json.dumps(after)
    assert "Aspiring, as edited in the shell" in client.get("/en/iso-37120/").text


def test_an_audit_recorded_in_the_shell_reaches_the_certificates_api(client, gdansk):
    certificate = Certificate.objects.filter(city=gdansk).first()
    url = f"/api/certificates/{certificate.pk}/"
    audits = client.get(url).json()["audits"]
    Audit.objects.create(certificate=certificate, kind=Audit.Kind.SURVEILLANCE, result=Audit.Result.FAILED)
    assert len(client.get(url).json()["audits"]) == len(audits) + 1


def test_certificates_loaded_by_the_bootstrap_reach_the_cached_home_page(client, gdansk):
    Certificate.objects.filter(city=gdansk).delete()
    assert 'class="certificates"' not in client.get("/en/").text
    call_command("bootstrap_registry", verbosity=0)
    assert 'class="certificates"' in client.get("/en/").text


def test_a_draft_only_import_moves_neither_the_etags_nor_the_last_changed_date(
    client, gdansk, indicator, statistician
):
    publish_value(gdansk, indicator)
    urls = ["/api/values/", "/api/indicators/", "/downloads/iso37120-values.csv"]
    etags = {url: client.get(url)["ETag"] for url in urls}
    last_modified = {url: client.get(url)["Last-Modified"] for url in urls}
    page = client.get("/en/downloads/").text

    drafts = long_sheet(["5.2", 2019, 12.5], ["6.1", 2019, 95])
    apply_import(plan_of(workbook_bytes({"S": drafts}), gdansk, statistician), user=statistician)

    assert IndicatorValue.objects.filter(status="draft").count() == 2
    assert {url: client.get(url)["ETag"] for url in urls} == etags
    assert {url: client.get(url)["Last-Modified"] for url in urls} == last_modified
    assert client.get("/en/downloads/").text == page


def test_an_import_that_publishes_reaches_the_cached_pages(client, gdansk, reviewer):
    verified = Indicator.objects.get(edition=2014, code="5.2")
    save_value(city=gdansk, indicator=verified, year=2019, value=Decimal("12.5"), status="verified")
    client.get("/indicators/5.2/")
    rows = long_sheet(["5.2", 2019, 12.5, "published"], header=("Wskaźnik", "Rok", "Wartość", "Status"))
    apply_import(plan_of(workbook_bytes({"S": rows}), gdansk, reviewer), user=reviewer)
    assert IndicatorValue.objects.get().status == "published"
    assert "12,5" in client.get("/indicators/5.2/").text


def test_demo_values_loaded_by_the_command_reach_the_cached_pages(client, gdansk, tmp_path):
    assert "DEMO FIGURE" not in client.get("/indicators/5.1/").text
    fixture = tmp_path / "demo.json"
    fields = {"city": ["gdansk"], "indicator": [2014, "5.1"], "year": 2016, "value": "4.34"}
    fields |= {"source": "DEMO FIGURE", "status": "published"}
    fixture.write_text(json.dumps([{"model": "indicators.indicatorvalue", "fields": fields}]))
    call_command("load_demo_data", "--fixture", str(fixture), verbosity=0)
    assert "DEMO FIGURE" in client.get("/indicators/5.1/").text


def test_saving_a_draft_leaves_every_etag_as_it_was(client, gdansk, indicator):
    publish_value(gdansk, indicator)
    etag = client.get("/api/values/")["ETag"]
    save_value(city=gdansk, indicator=Indicator.objects.get(edition=2014, code="5.2"), year=2019, value=1)
    assert client.get("/api/values/")["ETag"] == etag


def test_an_indicator_added_in_the_shell_is_in_the_sitemap_at_once(client, catalogue):
    assert "/indicators/99.1/" not in client.get("/sitemap.xml").text
    theme = Theme.objects.get(edition=2014, number=5)
    Indicator.objects.create(code="99.1", theme=theme, kind="supporting", name="Added in the shell")
    assert "/indicators/99.1/" in client.get("/sitemap.xml").text


def test_a_rolled_back_publication_leaves_the_data_version(gdansk, indicator):
    before = DataVersion.objects.current().tag
    with transaction.atomic():
        publish_value(gdansk, indicator)
        transaction.set_rollback(True)
    assert DataVersion.objects.current().tag == before


def test_a_database_flushed_of_the_counter_starts_it_again(gdansk, indicator):
    DataVersion.objects.all().delete()
    assert DataVersion.objects.current().number == 0
    publish_value(gdansk, indicator)
    assert DataVersion.objects.current().number == 1


@pytest.mark.parametrize("path", ["/en/", "/en/themes/5/", "/en/indicators/5.1/", "/en/search/?q=5.1"])
def test_a_renamed_home_city_renames_the_site_in_every_process_at_once(
    client, gdansk, indicator, processes, path
):
    for name in processes:
        with server_process(name):
            assert "Gdańsk in numbers" in client.get(path).text
    with server_process("a"):
        gdansk.name_en = "Gdansk by the Sea"
        gdansk.save()
    with server_process("b"):
        assert "Gdansk by the Sea in numbers" in client.get(path).text
