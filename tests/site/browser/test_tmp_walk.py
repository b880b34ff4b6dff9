"""Temporary walk (not committed): the real GCIF data set, Toronto as home city, screenshots of the pages."""

from pathlib import Path

import pytest
from django.db.models import Count

from indicators.models import City, Indicator, IndicatorValue
from tests.comparison import real_data

from .test_browser import LANGUAGES, serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
OUT = Path("/tmp/cmp/shots")


def test_walk(page, live_server, catalogue, settings):
    settings.HOME_CITY_SLUG = "toronto"
    real_data.load()
    home = City.objects.get(slug="toronto")
    own = IndicatorValue.objects.filter(city=home).values_list("indicator_id", flat=True)
    best = (
        IndicatorValue.objects.filter(indicator_id__in=own)
        .values("indicator_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    indicator = Indicator.objects.get(pk=best["indicator_id"])
    print("indicator", indicator.code, best["n"], "theme", indicator.theme.number)
    pages = {
        "indicator": f"/indicators/{indicator.code}/",
        "compare": f"/indicators/{indicator.code}/compare/?group=all-cities",
        "theme": f"/themes/{indicator.theme.number}/compare/?group=all-cities",
    }
    OUT.mkdir(parents=True, exist_ok=True)
    problems = {}
    for language, prefix in LANGUAGES.items():
        for width in (390, 1366):
            page.set_viewport_size({"width": width, "height": 900})
            for name, path in pages.items():
                page.goto(live_server.url + prefix + path)
                page.screenshot(path=OUT / f"real-{language}-{name}-{width}.png")
                for anchor in ("history-title", "quadrant-title", "comparison-title"):
                    if page.locator(f"#{anchor}").count():
                        page.locator(f"#{anchor}").scroll_into_view_if_needed()
                        page.screenshot(path=OUT / f"real-{language}-{name}-{width}-{anchor}.png")
                found = serious_violations(page)
                if found:
                    problems[f"{language}-{name}-{width}"] = found
                scroll = page.evaluate("document.documentElement.scrollWidth")
                if scroll > width:
                    problems[f"{language}-{name}-{width}-wide"] = scroll
    print(problems)
    real_data.remove()
