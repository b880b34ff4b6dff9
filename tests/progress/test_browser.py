"""The progress page in a real Chromium: filtering and sorting, accessible at 390 px and 1366 px."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings

from indicators.models import City, Indicator
from indicators.progress import services
from tests.site.browser.test_browser import LANGUAGES, serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCREENSHOTS = Path(settings.BASE_DIR) / "artifacts/screenshots"
PAGES = ["/progress/", "/progress/method/", "/indicators/5.1/"]
WIDTHS = {"phone": 390, "desktop": 1366}


@pytest.fixture
def site(live_server, demo_values):
    """The demo figures and one published target (unemployment: 2 % by 2030)."""
    services.save_target(
        city=City.objects.home(),
        indicator=Indicator.objects.get(edition=2014, code="5.1"),
        value=Decimal("2"),
        year=2030,
        document="Gdańsk 2030 Plus",
        document_url="https://www.gdansk.pl/strategia",
        status="published",
    )
    return live_server.url


@pytest.mark.parametrize("language", LANGUAGES)
def test_progress_pages_are_accessible_and_fit_a_phone(page, site, language):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    problems, too_wide = {}, {}
    for path in PAGES:
        for name, width in WIDTHS.items():
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(site + LANGUAGES[language] + path)
            shot = path.strip("/").replace("/", "-").replace(".", "_")
            page.screenshot(path=SCREENSHOTS / f"{language}-{shot}-{name}.png", full_page=True)
            if found := serious_violations(page):
                problems[f"{path} {name}"] = found
            if (scrolled := page.evaluate("document.documentElement.scrollWidth")) > width:
                too_wide[f"{path} {name}"] = scrolled
    assert problems == {}
    assert too_wide == {}


def test_a_resident_filters_by_status_and_sorts_by_progress(page, site):
    page.goto(site + "/en/progress/")
    page.get_by_label("Theme").select_option("5")
    page.get_by_label("Status", exact=True).select_option(label="substantial progress")
    page.get_by_label("Order").select_option(label="fastest progress first")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url("**status=substantial**")
    rows = page.locator("table.progress-table tbody tr")
    statuses = rows.locator("td").filter(has_text="progress").all_text_contents()
    assert (rows.count() > 0, all("substantial progress" in text for text in statuses)) == (True, True)
