"""The year walked in Chromium at 1366 × 900, in Polish: a statistician enters a theme by keyboard only,
sees a warning on its row at once and explains it, marks the theme ready; a reviewer finds it in the
inbox, confirms and publishes; a pending correction is found through its filter. Every page fits the
width and has no serious accessibility finding."""

import time
from decimal import Decimal

import pytest
from django.conf import settings

from indicators import roles
from indicators.models import City, Indicator, IndicatorValue
from indicators.services import save_value
from tests.conftest import log_in
from tests.site.browser.test_browser import serious_violations

SCREENSHOTS = settings.BASE_DIR / "artifacts" / "screenshots"
FIGURES = {"6.1": "95", "6.2": "90", "6.3": "88", "6.4": "15", "6.5": "97", "6.6": "104", "6.7": "2500"}

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fits_the_width(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def focused_name(page) -> str:
    return page.evaluate("document.activeElement.name || document.activeElement.value || ''")


@pytest.fixture
def pending_correction(catalogue, reviewer, make_user):
    """5.1 of 2024 published at 5,1; another reviewer proposed 5,3, waiting for a second reviewer."""
    city, rate = City.objects.get(slug="gdansk"), Indicator.objects.get(edition=2014, code="5.1")
    save_value(city=city, indicator=rate, year=2024, value=Decimal("5.1"), status="published")
    proposer = make_user("rev2", roles.REVIEWERS)
    value, _ = save_value(
        user=proposer, city=city, indicator=rate, year=2024, value=Decimal("5.3"), revision_note="GUS"
    )
    assert value.has_pending_correction
    return value


def test_the_year_walked_from_entry_to_publication(
    page, live_server, statistician, reviewer, pending_correction
):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1366, "height": 900})
    education = Indicator.objects.get(edition=2014, code="6.6").theme
    started = time.monotonic()

    log_in(page, live_server, statistician)
    page.goto(f"{live_server.url}/admin/indicators/indicatorvalue/year-entry/?theme={education.pk}")
    assert page.locator("html").get_attribute("lang") == "pl"
    ids = {i.code: i.pk for i in Indicator.objects.filter(edition=2014, theme=education)}
    page.focus(f"#i{ids['6.1']}-value")
    by_name = {f"i{pk}-value": FIGURES[code] for code, pk in ids.items()}
    for _step in range(80):  # every input of the section, in the keyboard's order, to the save button
        name = focused_name(page)
        if name in by_name:
            page.keyboard.type(by_name[name])
        elif name.endswith("-source"):
            page.keyboard.type("GUS, SIO")
        if name == "Zapisz":
            break
        page.keyboard.press("Tab")
    assert focused_name(page) == "Zapisz"
    with page.expect_navigation():
        page.keyboard.press("Enter")

    row = page.locator("#row-6\\.6")
    assert "powyżej najwyższej zwykłej wartości" in row.inner_text()  # the warning, on its row at once
    assert fits_the_width(page)
    assert serious_violations(page) == []
    page.screenshot(path=SCREENSHOTS / "desk-entry-warning-pl-1366.png")
    explanation = page.locator(f"#i{ids['6.6']}-explanation")
    explanation.focus()
    page.keyboard.type("Szkoły ponadpodstawowe przyjmują uczniów spoza miasta.")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "has-warnings" in page.locator("#row-6\\.6").get_attribute("class")
    assert page.locator("#grid-summary").count() == 0  # nothing left unexplained
    page.focus("#mark-ready")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    theme_values = IndicatorValue.objects.filter(indicator__theme=education)
    assert set(theme_values.values_list("status", flat=True)) == {"ready"}
    assert theme_values.count() == len(FIGURES)

    page.goto(f"{live_server.url}/admin/indicators/indicatorvalue/quality/")
    assert fits_the_width(page)
    assert serious_violations(page) == []

    log_in(page, live_server, reviewer)
    page.goto(f"{live_server.url}/admin/")
    assert page.locator("#completeness-gdansk").count() == 1
    page.click("#completeness-gdansk a[href$='/inbox/']")
    assert "Szkoły ponadpodstawowe" in page.locator("#inbox").inner_text()
    assert fits_the_width(page)
    assert serious_violations(page) == []
    page.screenshot(path=SCREENSHOTS / "desk-inbox-pl-1366.png", full_page=True)
    page.uncheck(f"#choose-{pending_correction.pk}")  # the correction is looked at on its own
    with page.expect_navigation():
        page.click("button[formaction$='/inbox/publish/']")
    assert page.locator("#going-public tbody tr").count() == len(FIGURES)
    assert not IndicatorValue.objects.filter(status="published", indicator__theme=education).exists()
    with page.expect_navigation():
        page.click("input[type=submit][value='Opublikuj te wartości']")
    assert set(theme_values.values_list("status", flat=True)) == {"published"}

    page.goto(f"{live_server.url}/admin/indicators/indicatorvalue/")
    with page.expect_navigation():
        page.click("#changelist-filter a[href*='pending=yes']")
    assert page.locator("#result_list tbody tr").count() == 1
    assert "5,1 → 5,3" in page.locator("#result_list tbody").inner_text()
    elapsed = time.monotonic() - started
    (SCREENSHOTS / "desk-walk-seconds.txt").write_text(f"{elapsed:.1f}\n")
    print(f"the walk took {elapsed:.1f} s")


def test_a_page_with_unsaved_input_asks_before_it_is_left(page, live_server, statistician):
    page.set_viewport_size({"width": 1366, "height": 900})
    log_in(page, live_server, statistician)
    rate = Indicator.objects.get(edition=2014, code="5.1")
    page.goto(f"{live_server.url}/admin/indicators/indicatorvalue/year-entry/?theme={rate.theme_id}")
    asked = []
    page.on("dialog", lambda dialog: (asked.append(dialog.type), dialog.dismiss()))
    page.click(f"#i{rate.pk}-value")
    page.keyboard.type("4,2")
    page.evaluate("window.location.href = '/admin/'")
    page.wait_for_timeout(500)
    assert asked == ["beforeunload"]
    assert page.url.endswith(f"theme={rate.theme_id}")
