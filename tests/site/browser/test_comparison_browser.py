"""The comparison pages in a real Chromium: choosing a group and a year, accessible, phone-sized."""

import pytest

from .test_browser import LANGUAGES, serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COMPARISON_PAGES = ["/indicators/5.1/compare/", "/themes/5/compare/", "/compare/gdansk/demo-gdynia/"]


@pytest.fixture
def site(live_server, demo_values_with_neighbours):
    return live_server.url


def test_a_resident_switches_group_and_year_on_a_comparison(page, site):
    page.goto(site + "/en/indicators/5.1/")
    page.get_by_role("link", name="Compare with other cities").click()
    page.get_by_role("heading", level=1).wait_for()
    assert "Gdańsk among its peers" in page.get_by_role("heading", level=1).text_content()
    page.get_by_label("Peer group").select_option(label="Tricity (DEMO)")
    page.get_by_label("Year", exact=True).select_option("2020")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url("**group=demo-tricity**")
    assert "year=2020" in page.url
    table = page.locator("[aria-labelledby=peers-title] table.data tbody")
    assert table.locator("tr").count() == 3
    assert (
        page.locator("svg.strip-chart title").text_content()
        == "City's unemployment rate — Tricity (DEMO), 2020"
    )
    assert "rank" in page.locator("svg.strip-chart desc").text_content()
    assert serious_violations(page) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_comparison_pages_are_accessible_and_fit_a_phone(page, site, language):
    problems, too_wide = {}, {}
    for path in COMPARISON_PAGES:
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(site + LANGUAGES[language] + path)
        if found := serious_violations(page):
            problems[path] = found
        page.set_viewport_size({"width": 390, "height": 844})
        page.goto(site + LANGUAGES[language] + path)
        if (width := page.evaluate("document.documentElement.scrollWidth")) > 390:
            too_wide[path] = width
    assert problems == {}
    assert too_wide == {}
