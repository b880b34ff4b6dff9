"""The year-entry grid by sections: a theme per section, ratio rows with numerator and denominator,
valid HTML, the unsaved-input question served by the app."""

import shutil
from decimal import Decimal

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from indicators.models import Indicator, IndicatorValue
from indicators.services import save_value

from .html_checks import dangling_references, w3c_errors

GRID = "admin:indicators_year_entry"


@pytest.fixture
def per_100_000(catalogue):
    return Indicator.objects.get(edition=2014, code="10.1")


def test_the_grid_shows_one_section_per_theme(client, statistician, gdansk):
    client.force_login(statistician)
    page = client.get(reverse(GRID), {"city": "gdansk", "year": 2019}).content.decode()
    assert page.count('class="grid-section"') >= 17
    assert page.count("<table") == page.count('class="grid-section"')


def test_a_per_100_000_row_takes_its_numerator_and_denominator(client, statistician, gdansk, per_100_000):
    client.force_login(statistician)
    url = reverse(GRID) + f"?city=gdansk&year=2019&theme={per_100_000.theme_id}"
    page = client.get(url).content.decode()
    assert f'id="i{per_100_000.pk}-numerator"' in page
    client.post(
        url,
        {
            f"i{per_100_000.pk}-value": "250",
            f"i{per_100_000.pk}-numerator": "1 160",
            f"i{per_100_000.pk}-denominator": "464 000",
        },
    )
    value = IndicatorValue.objects.get(indicator=per_100_000)
    assert (value.value, value.numerator, value.denominator) == (Decimal(250), Decimal(1160), Decimal(464000))


def test_a_percentage_row_asks_for_no_numerator_until_it_holds_one(client, statistician, gdansk, indicator):
    client.force_login(statistician)
    url = reverse(GRID) + f"?city=gdansk&year=2019&theme={indicator.theme_id}"
    assert f'id="i{indicator.pk}-numerator"' not in client.get(url).content.decode()
    save_value(
        city=gdansk,
        indicator=indicator,
        year=2019,
        value=Decimal(5),
        numerator=Decimal(5),
        denominator=Decimal(100),
    )
    assert f'id="i{indicator.pk}-numerator"' in client.get(url).content.decode()


@pytest.fixture
def grid_with_everything(client, statistician, gdansk, catalogue):
    """A theme's grid with a saved row, a warning, an error and a locked row of another status."""
    enrolment = Indicator.objects.get(edition=2014, code="6.6")
    save_value(
        city=gdansk,
        indicator=Indicator.objects.get(code="6.1"),
        year=2019,
        value=Decimal(90),
        status="published",
    )
    client.force_login(statistician)
    url = reverse(GRID) + f"?city=gdansk&year=2019&theme={enrolment.theme_id}"
    other = Indicator.objects.get(edition=2014, code="6.2")
    return client.post(url, {f"i{enrolment.pk}-value": "104", f"i{other.pk}-value": "abc"}).content.decode()


def test_every_label_and_description_of_the_grid_names_an_element_that_exists(grid_with_everything):
    assert dangling_references(grid_with_everything) == {
        "labels": [],
        "described_by": [],
        "duplicate_ids": [],
    }


@pytest.mark.skipif(shutil.which("java") is None, reason="the W3C checker needs java")
def test_the_grid_has_no_w3c_errors(grid_with_everything, tmp_path):
    assert w3c_errors(grid_with_everything, tmp_path) == []


def test_the_unsaved_input_question_is_a_script_served_by_the_app(client, statistician, gdansk):
    client.force_login(statistician)
    page = client.get(reverse(GRID), {"city": "gdansk", "year": 2019}).content.decode()
    assert "js/unsaved-input.js" in page
    assert "data-unsaved-message" in page
    assert finders.find("js/unsaved-input.js")
