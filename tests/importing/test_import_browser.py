"""A statistician imports a file saved by LibreOffice, with warnings and bad rows, through the admin in
Chromium at 1366 px, in Polish, English and German: the preview lists every warning at its cell with the
counts per kind and the refused rows; the valid rows are imported and the refused ones downloaded."""

import io

import pytest
from django.conf import settings
from openpyxl import load_workbook

from indicators.models import ImportBatch, IndicatorValue
from tests.conftest import log_in
from tests.site.browser.test_browser import serious_violations

SCREENSHOTS = settings.BASE_DIR / "artifacts" / "screenshots"
WORKBOOK = settings.BASE_DIR / "tests" / "data" / "workbooks" / "statistician.ods"
PREFIXES = {"pl": "", "en": "/en", "de": "/de"}
WORDS = {  # what each language calls the refused rows' reason column and the warnings' table
    "pl": ("Powód odrzucenia", "Każde ostrzeżenie przy swojej komórce"),
    "en": ("Why refused", "Every warning, at its cell"),
    "de": ("Grund der Ablehnung", "Jede Warnung an ihrer Zelle"),
}

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", PREFIXES)
def test_a_libreoffice_file_with_bad_rows_is_previewed_imported_and_its_refused_rows_downloaded(
    page, live_server, statistician, language
):
    prefix = PREFIXES[language]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1366, "height": 900})
    log_in(page, live_server, statistician, prefix)
    page.goto(f"{live_server.url}{prefix}/admin/indicators/importbatch/upload/")
    page.set_input_files("input[name=file]", str(WORKBOOK))
    page.check("input[name=valid_rows_only]")
    with page.expect_navigation():
        page.click("input[type=submit]")

    counts = page.locator("#import-warning-counts")
    assert counts.locator("tr").count() == 4  # 100 times earlier years, a year's change, population, range
    cells = page.locator("#import-warning-list tbody tr td:first-child").all_inner_texts()
    assert {"'Bezpieczeństwo'!C4", "'Bezpieczeństwo'!C5", "'Bezpieczeństwo'!C6"} == set(cells)
    assert WORDS[language][1] in page.locator("#import-warning-list caption").inner_text()
    assert page.locator("#import-refused li").count() == 2
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert serious_violations(page) == []
    page.screenshot(path=SCREENSHOTS / f"import-preview-{language}-1366.png", full_page=True)

    with page.expect_navigation():
        page.click("form[method=post] input[type=submit]")
    batch = ImportBatch.objects.get()
    assert (batch.state, batch.accepted_count, batch.refused_count) == ("applied", 5, 2)
    assert IndicatorValue.objects.count() == 5
    with page.expect_download() as downloaded:
        page.click("#import-refused-file")
    sheet = load_workbook(io.BytesIO(downloaded.value.path().read_bytes())).active
    rows = list(sheet.values)
    assert rows[0][-1] == WORDS[language][0]
    assert [row[0] for row in rows[1:]] == ["5.1", "9.99"]
    page.screenshot(path=SCREENSHOTS / f"import-applied-{language}-1366.png", full_page=True)
