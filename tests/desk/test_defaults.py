"""The desk opens where the work is: the year being collected, the home city; and the quality page
tells a year without figures from a year without problems."""

from decimal import Decimal

import pytest
from django.urls import reverse

from indicators.services import save_value

pytestmark = pytest.mark.usefixtures("english")


def test_the_grid_opens_on_the_year_after_the_latest_published_one(client, statistician, gdansk, indicator):
    save_value(city=gdansk, indicator=indicator, year=2020, value=Decimal(4), status="published")
    client.force_login(statistician)
    response = client.get(reverse("admin:indicators_year_entry"))
    assert response.context["year"] == 2021


def test_the_quality_page_opens_on_the_year_being_collected(client, statistician, gdansk, indicator):
    save_value(city=gdansk, indicator=indicator, year=2020, value=Decimal(4), status="published")
    client.force_login(statistician)
    assert client.get(reverse("admin:indicators_quality")).context["year"] == 2021


def test_a_year_without_figures_says_so_instead_of_no_problems(client, statistician, gdansk):
    client.force_login(statistician)
    page = client.get(reverse("admin:indicators_quality"), {"city": "gdansk", "year": 2019}).content.decode()
    assert "No problems found" not in page
    assert "No figures yet" in page


def test_the_quality_page_lists_the_missing_indicators(client, statistician, gdansk, indicator):
    save_value(city=gdansk, indicator=indicator, year=2019, value=Decimal(4))
    client.force_login(statistician)
    page = client.get(reverse("admin:indicators_quality"), {"city": "gdansk", "year": 2019}).content.decode()
    missing = page.split('id="missing"')[1].split("</details>")[0]
    assert "5.2" in missing
    assert ">5.1<" not in missing
