"""An owner answers through their link in a real Chromium, on a phone; the statistician's board."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache

from indicators.collection.answers import owner_actor
from indicators.collection.models import RoundItem
from indicators.models import IndicatorValue
from indicators.services import save_value, take_step

from ..site.browser.test_browser import serious_violations
from .conftest import YEAR

SCREENSHOTS = Path(settings.BASE_DIR) / "artifacts/screenshots"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def fresh_throttle():
    cache.clear()


@pytest.mark.parametrize("language", ["pl", "en", "de"])
def test_an_owner_answers_on_a_phone_and_the_page_is_accessible(
    page, live_server, owners, answer_url, language
):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + answer_url(owners["water"], language))
    assert serious_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    items = {item.indicator.code: item for item in RoundItem.objects.filter(request__owner=owners["water"])}
    page.fill(f"#i{items['8.1'].pk}-value", "-3")
    page.click("button[value=check]")
    assert page.locator(f"#row-i{items['8.1'].pk} .errors").count() == 1
    assert serious_violations(page) == []
    page.fill(f"#i{items['8.1'].pk}-value", "11,5" if language != "en" else "11.5")
    page.fill(f"#i{items['8.1'].pk}-source", "WIOŚ Gdańsk")
    page.click("button[value=send]")
    page.locator(".status.ok").wait_for()
    page.screenshot(path=SCREENSHOTS / f"collection-answer-{language}-phone.png", full_page=True)
    assert serious_violations(page) == []
    value = IndicatorValue.objects.get(indicator__code="8.1", year=YEAR, city__slug="gdansk")
    assert (str(value.value), value.status, value.source) == ("11.500000", "draft", "WIOŚ Gdańsk")


def test_the_board_as_a_statistician_sees_it(
    page, live_server, owners, collection_round, statistician, client
):
    from django.utils import timezone

    water = collection_round.requests.get(owner=owners["water"])
    for code, figure in (("20.1", Decimal("97.5")), ("8.1", Decimal("11.5"))):
        item = water.items.get(indicator__code=code)
        draft, _outcome = save_value(
            actor=owner_actor(water),
            city=collection_round.city,
            indicator=item.indicator,
            year=YEAR,
            value=figure,
        )
        RoundItem.objects.filter(pk=item.pk).update(answered_at=timezone.now(), draft=draft)
    taken = IndicatorValue.objects.filter(indicator__code="8.1", year=YEAR)
    assert take_step(user=statistician, values=taken, target="ready").refused == []
    RoundItem.objects.filter(request__owner=owners["registry"], indicator__code="PPL-01").update(
        answered_at=timezone.now()
    )
    collection_round.requests.update(sent_at=timezone.now())
    collection_round.requests.filter(owner=owners["police"]).update(
        last_reminded_at=timezone.now(), reminders=1
    )
    client.force_login(statistician)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(f"{live_server.url}/admin/collection/collectionround/{collection_round.pk}/board/")
    assert page.locator("#content-main table tbody tr").count() == 3
    assert page.locator("#content-main table tbody tr").first.locator("td").nth(3).inner_text() == "1"
    assert dates_broken_across_lines(page) == []
    assert page.evaluate(
        "(table => table.scrollWidth <= table.clientWidth)(document.querySelector('.board-table'))"
    )
    page.screenshot(path=SCREENSHOTS / "collection-board.png", full_page=True)


def dates_broken_across_lines(page) -> list[str]:
    """The parts of the board's dates and times (sent, last answered, last reminded) broken across lines."""
    return page.evaluate(
        """() => [...document.querySelectorAll(
            '#content-main tbody td:nth-of-type(6), #content-main tbody td:nth-of-type(7),'
            + ' #content-main tbody td:nth-of-type(8)')]
          .flatMap(cell => {
            const broken = [];
            const texts = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
            for (let node = texts.nextNode(); node; node = texts.nextNode()) {
              for (const part of node.textContent.matchAll(/\\S+/g)) {
                const range = document.createRange();
                range.setStart(node, part.index);
                range.setEnd(node, part.index + part[0].length);
                const lines = new Set([...range.getClientRects()].map(rect => Math.round(rect.top)));
                if (lines.size > 1) broken.push(part[0]);
              }
            }
            return broken;
          })"""
    )
