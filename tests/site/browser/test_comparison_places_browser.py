"""The comparison's pages in a real Chromium, in every language, on a phone (390 px) and a laptop
(1366 px): accessible, never wider than the screen, the figure column inside it; screenshots kept."""

from pathlib import Path

import pytest
from django.conf import settings

from indicators.models import City, Indicator, IndicatorValue

from .test_browser import LANGUAGES, serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(settings.BASE_DIR) / "artifacts/screenshots/comparison"
WIDTHS = {"phone": 390, "laptop": 1366}
PAGES = {
    "indicator": "/indicators/5.1/",
    "ranking": "/indicators/5.1/compare/?group=all-cities",
    "theme": "/themes/5/compare/?group=all-cities",
    "pair": "/compare/gdansk/demo-gdynia/",
    "several": "/compare/?cities=gdansk,demo-gdynia,demo-sopot",
    "cities": "/cities/",
    "city": "/cities/demo-gdynia/?group=all-cities",
    "peer-groups": "/peer-groups/",
    "peer-group": "/peer-groups/all-cities/",
    "method": "/comparison/method/",
}
LONG_REASON = "The statistical office has not published this figure for the city in the year asked " * 4


@pytest.fixture
def site(live_server, demo_values_with_neighbours):
    """The demo cities, one of them with a long gap reason beside a figure of the home city."""
    gdynia, indicator = City.objects.get(slug="demo-gdynia"), Indicator.objects.get(edition=2014, code="5.3")
    IndicatorValue.objects.filter(city=gdynia, indicator=indicator).delete()
    IndicatorValue.objects.create(
        city=gdynia,
        indicator=indicator,
        year=2020,
        gap=IndicatorValue.Gap.NOT_AVAILABLE,
        gap_reason=LONG_REASON,
        status=IndicatorValue.Status.PUBLISHED,
    )
    return live_server.url


def figures_outside(page, width) -> list[str]:
    """The figure cells (td.num) and charts whose right edge lies beyond the screen."""
    edges = page.eval_on_selector_all(
        "table.data td.num, svg.chart", "cells => cells.map(cell => cell.getBoundingClientRect().right)"
    )
    return [f"{edge:.0f}" for edge in edges if edge > width + 0.5]


def years_broken(page) -> list[str]:
    """The years in table cells that break across lines ("202" above "2")."""
    return page.eval_on_selector_all(
        "table.data td",
        """cells => cells.flatMap(cell => [...cell.childNodes]
            .filter(node => node.nodeType === Node.TEXT_NODE && /^\\s*\\d{4}\\s*$/.test(node.textContent))
            .filter(node => { const range = document.createRange(); range.selectNodeContents(node);
                              return range.getClientRects().length > 1; })
            .map(node => node.textContent.trim()))""",
    )


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("screen", WIDTHS)
def test_comparison_pages_are_accessible_and_keep_the_figures_on_screen(page, site, language, screen):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    width = WIDTHS[screen]
    page.set_viewport_size({"width": width, "height": 900})
    problems, too_wide, hidden, broken, charts = {}, {}, {}, {}, set()
    for name, path in PAGES.items():
        page.goto(site + LANGUAGES[language] + path)
        assert page.locator("h1").count() == 1, name
        page.screenshot(path=SCREENSHOTS / f"{language}-{name}-{screen}.png", full_page=screen == "phone")
        if found := serious_violations(page):
            problems[name] = found
        if (scroll := page.evaluate("document.documentElement.scrollWidth")) > width:
            too_wide[name] = scroll
        if outside := figures_outside(page, width):
            hidden[name] = outside[:3]
        if years := years_broken(page):
            broken[name] = years[:3]
        charts.update(page.eval_on_selector_all("svg.chart", "svgs => svgs.map(svg => svg.classList[1])"))
    assert {"history-chart", "quadrant-chart"} <= charts  # the peer context and the quadrant, on screen
    assert problems == {}
    assert too_wide == {}
    assert hidden == {}
    assert broken == {}


def test_a_resident_finds_a_city_and_opens_its_page(page, site):
    page.goto(site + "/en/cities/")
    page.get_by_label("Find a city (name, country code or region)").fill("gdynia")
    page.get_by_role("button", name="Find").click()
    page.get_by_role("link", name="Gdynia").first.click()
    page.get_by_role("heading", level=1).wait_for()
    assert "Gdynia" in page.get_by_role("heading", level=1).text_content()
