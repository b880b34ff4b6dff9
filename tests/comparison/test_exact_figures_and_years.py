"""Statistics written exactly (no binary noise; rounded half-up only where written), and years read one
way on every comparison address."""

import re
from decimal import Decimal

import pytest

from indicators.comparison import builders
from indicators.comparison.models import PeerGroup
from indicators.numbers import format_number

COMPARISON_URLS = [
    "/indicators/5.1/compare/",
    "/en/indicators/5.1/compare/",
    "/themes/5/compare/",
    "/de/themes/5/compare/",
    "/api/comparison/?indicator=5.1",
]


@pytest.fixture
def halves(gdansk, add_city, store_figure):
    """5.1 in 2020: two medians exactly between two figures, 2.675 (Gdańsk and Gdynia) and, in 2021,
    84.595 (Sopot and Rostock)."""
    gdynia, sopot, rostock = add_city("gdynia"), add_city("sopot"), add_city("rostock", country="DE")
    store_figure(gdansk, "5.1", 2020, "2.65")
    store_figure(gdynia, "5.1", 2020, "2.70")
    store_figure(sopot, "5.1", 2016, "84.59")
    store_figure(rostock, "5.1", 2016, "84.60")


@pytest.mark.parametrize("url", COMPARISON_URLS)
def test_a_year_not_written_with_four_ascii_digits_is_refused_on_every_comparison_address(
    client, catalogue, url
):
    joiner = "&" if "?" in url else "?"
    for year in ("²²²²", "٢٠١٩", "20x0", "-2020"):
        assert client.get(f"{url}{joiner}year={year}").status_code == 400, year


def test_the_api_writes_the_exact_median_without_binary_noise(client, halves):
    data = client.get("/api/comparison/?indicator=5.1&group=all-cities&year=2020&same_year=1").json()
    assert data["summary"]["median"] == "2.675"
    assert data["summary"]["q1"] == "2.6625"


def test_no_api_statistic_carries_binary_noise(client, gdansk, add_city, store_figure):
    for number, value in enumerate(("7.1", "7.7", "8.18", "15.6", "15.600001", "0.3")):
        store_figure(add_city(f"city-{number}"), "5.1", 2020, value)
    summary = client.get("/api/comparison/?indicator=5.1&group=all-cities&year=2020").json()["summary"]
    for name in ("minimum", "q1", "median", "q3", "maximum"):
        assert re.fullmatch(r"-?[0-9]+(\.[0-9]{1,8})?", summary[name]), (name, summary[name])


def test_a_page_rounds_the_exact_median_half_up(client, halves):
    text = client.get("/indicators/5.1/compare/?group=all-cities&year=2020&same_year=1").text
    assert "<dt>Mediana</dt><dd>2,68</dd>" in text
    text = client.get("/indicators/5.1/compare/?group=all-cities&year=2016&same_year=1").text
    assert "<dt>Mediana</dt><dd>84,60</dd>" in text


def test_the_comparison_keeps_medians_exact(halves, gdansk):
    group = PeerGroup.objects.get(slug="all-cities")
    comparison = builders.indicator_comparison(
        builders.Indicator.objects.get(edition=2014, code="5.1"), group, gdansk, 2016, same_year=True
    )
    assert comparison.summary.median == Decimal("84.595")


def test_pages_round_half_up_not_half_to_even():
    assert format_number(Decimal("2.625"), 2, "pl") == "2,63"
    assert format_number(Decimal("-2.625"), 2, "en") == "-2.63"
    assert format_number(Decimal("0.125"), 2, "de") == "0,13"
