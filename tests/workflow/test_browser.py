from decimal import Decimal
from pathlib import Path

import pytest

from indicators.models import Indicator, IndicatorValue
from indicators.numbers import format_number
from indicators.selectors import published_values
from tests.conftest import log_in

SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"


def run_action(page, action, values):
    for value in values:
        page.check(f"input[name=_selected_action][value='{value.pk}']")
    page.select_option("select[name=action]", action)
    with page.expect_navigation():
        page.click("button[name=index]")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_statistician_enters_a_year_by_keyboard_and_a_reviewer_publishes_it(
    page, live_server, catalogue, statistician, reviewer
):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    rate, long_term = Indicator.objects.filter(code__in=["5.1", "5.2"]).order_by("sort_key")
    log_in(page, live_server, statistician)
    page.goto(
        f"{live_server.url}/admin/indicators/indicatorvalue/year-entry/?year=2019&theme={rate.theme_id}"
    )

    page.focus(f"#i{rate.pk}-value")
    for keys in ["4,2", "Tab", "GUS BAEL", "Tab", "annual average", "Tab", "120", "Tab", "PUP Gdańsk"]:
        page.keyboard.press(keys) if keys == "Tab" else page.keyboard.type(keys)
    with page.expect_navigation():
        page.keyboard.press("Enter")

    row = page.locator("#row-5\\.2")
    assert "powyżej najwyższej możliwej wartości" in row.inner_text()  # the Polish back office
    assert page.input_value(f"#i{long_term.pk}-value") == "120"
    page.screenshot(path=SCREENSHOTS / "year-entry-with-error.png", full_page=False)

    page.fill(f"#i{long_term.pk}-value", "12")
    with page.expect_navigation():
        page.press(f"#i{long_term.pk}-value", "Enter")
    assert page.locator(".errorlist").count() == 0
    saved = list(IndicatorValue.objects.filter(year=2019).order_by("indicator__sort_key"))
    assert [(value.indicator.code, value.value) for value in saved] == [
        ("5.1", Decimal("4.2")),
        ("5.2", Decimal("12")),
    ]

    log_in(page, live_server, reviewer)
    page.goto(f"{live_server.url}/admin/indicators/indicatorvalue/?status__exact=draft")
    run_action(page, "verify_selected", saved)
    page.goto(f"{live_server.url}/admin/indicators/indicatorvalue/?status__exact=verified")
    run_action(page, "publish_selected", saved)
    page.goto(f"{live_server.url}/admin/indicators/indicatorvalue/")
    page.screenshot(path=SCREENSHOTS / "value-list-after-publishing.png", full_page=False)

    assert {value.indicator.code for value in published_values(city=saved[0].city)} == {"5.1", "5.2"}
    page.goto(f"{live_server.url}/en/indicators/5.2/")
    figure = format_number(Decimal(12), long_term.decimal_places, "en")
    assert (
        page.locator("table", has_text="PUP Gdańsk").locator("tr", has_text="2019").inner_text().count(figure)
    )


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_screenshots_of_the_quality_history_and_locked_pages(
    page, live_server, catalogue, statistician, reviewer, make_user
):
    from indicators import roles, services
    from indicators.models import City, ImportBatch
    from indicators.services import save_value

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    rate = Indicator.objects.get(code="5.1")
    city = City.objects.get(slug="gdansk")
    batch = ImportBatch.objects.create(file_name="gus-bael-2019.xlsx", checksum="0" * 64)
    save_value(city=city, indicator=rate, year=2018, value=Decimal("4.0"), status="published")
    value, _ = save_value(
        user=statistician, import_batch=batch, city=city, indicator=rate, year=2019, value=Decimal("6.5")
    )
    value = services.verify(user=reviewer, value=value, note="Plant closures in 2019")
    value = services.publish(user=reviewer, value=value)
    value, _ = save_value(
        user=reviewer,
        city=city,
        indicator=rate,
        year=2019,
        value=Decimal("6.4"),
        revision_note="GUS revised the survey weights",
    )
    value = services.publish(user=make_user("rev2", roles.REVIEWERS), value=value)  # four eyes
    log_in(page, live_server, statistician)
    page.goto(f"{live_server.url}/admin/indicators/indicatorvalue/quality/?city=gdansk&year=2019")
    assert "+60,0 %" in page.content()  # the Polish decimal comma
    page.screenshot(path=SCREENSHOTS / "data-quality.png", full_page=True)
    page.goto(f"{live_server.url}/admin/indicators/indicatorvalue/{value.pk}/change/")
    assert page.locator(".errornote").count() == 1
    page.screenshot(path=SCREENSHOTS / "locked-published-value.png", full_page=True)
    page.goto(f"{live_server.url}/admin/indicators/indicatorvalue/{value.pk}/history/")
    assert page.locator("#change-history tbody tr").count() == 5  # with the second reviewer's publication
    page.screenshot(path=SCREENSHOTS / "value-history.png", full_page=True)
