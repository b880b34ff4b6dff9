"""The public site in a real Chromium: every page in every language, accessible and phone-sized."""

import codecs
import csv
import io
from pathlib import Path

import pytest
from django.conf import settings

from tests.conftest import AXE_SCRIPT

from ..conftest import SENTINEL_SPELLINGS

SCREENSHOTS = Path(settings.BASE_DIR) / "artifacts/screenshots"
LANGUAGES = {"pl": "", "en": "/en", "de": "/de"}
PAGES = {
    "home": "/",
    "theme": "/themes/7/",
    "indicator": "/indicators/5.1/",
    "iso-37120": "/iso-37120/",
    "search": "/search/?q=ludnosc",
    "not-found": "/no-such-page/",
}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
# Rules whose findings axe-core 4.14 (the Makefile's) rates at most "moderate" (hidden-content: only "needs
# review") can never fail the serious-or-critical check below; on the long ISO 37120 page they are among
# the slowest, so they are not run.
NEVER_SERIOUS_RULES = ["region", "hidden-content", "scope-attr-valid", "empty-table-header"]

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(live_server, draft_sentinel):
    return live_server.url


def serious_violations(page) -> list[str]:
    if not AXE_SCRIPT.exists():
        pytest.fail(f"axe-core is missing at {AXE_SCRIPT}: run `make axe`")
    if page.evaluate("typeof axe === 'undefined'"):  # a page not from the `page` fixture
        page.evaluate(AXE_SCRIPT.read_text())  # evaluate, not a <script> tag: the CSP allows no inline script
    result = page.evaluate(
        """([tags, skipped]) => axe.run(document, {
            runOnly: {type: 'tag', values: tags},
            rules: Object.fromEntries(skipped.map(rule => [rule, {enabled: false}])),
        })""",
        [AXE_TAGS, NEVER_SERIOUS_RULES],
    )
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_has_no_serious_accessibility_violations(page, site, language):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    problems = {}
    for name, path in PAGES.items():
        page.goto(site + LANGUAGES[language] + path)
        assert page.locator("html").get_attribute("lang") == language
        page.screenshot(path=SCREENSHOTS / f"{language}-{name}-desktop.png")
        if found := serious_violations(page):
            problems[name] = found
    assert problems == {}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_fits_a_phone_without_horizontal_scrolling(page, site, language):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 390, "height": 844})
    too_wide = {}
    for name, path in PAGES.items():
        page.goto(site + LANGUAGES[language] + path)
        page.screenshot(path=SCREENSHOTS / f"{language}-{name}-phone.png", full_page=True)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 390:
            too_wide[name] = width
    assert too_wide == {}


def test_the_draft_sentinel_is_on_no_page(page, site):
    for prefix in LANGUAGES.values():
        for path in PAGES.values():
            page.goto(site + prefix + path)
            text = page.content()
            assert not [spelling for spelling in SENTINEL_SPELLINGS if spelling in text]


def test_a_resident_goes_from_home_to_theme_to_indicator_and_downloads_it(page, site):
    page.goto(site + "/en/")
    page.get_by_role("link", name="5. Economy").click()
    page.get_by_role("heading", level=1, name="5. Economy").wait_for()
    page.get_by_role("link", name="City's unemployment rate").click()
    assert page.url.endswith("/en/indicators/5.1/")
    assert page.locator("svg.chart title").first.text_content().startswith("City's unemployment rate")
    with page.expect_download() as download:
        page.get_by_role("link", name="5.1 as CSV").click()
    content = Path(download.value.path()).read_bytes()
    assert content.startswith(codecs.BOM_UTF8)  # a CSV for people: Excel shows the Polish letters
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["city", "indicator", "year", "value"]
    assert {row[1] for row in rows[1:]} == {"5.1"}


def test_switching_language_keeps_the_same_page(page, site):
    page.goto(site + "/indicators/5.1/")
    page.get_by_role("link", name="Deutsch").click()
    assert page.url.endswith("/de/indicators/5.1/")
    assert page.locator("html").get_attribute("lang") == "de"


def test_keyboard_users_can_skip_to_the_content(page, site):
    page.goto(site + "/en/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    assert skip.evaluate("element => element === document.activeElement")
    page.keyboard.press("Enter")
    assert page.url.endswith("#content")
