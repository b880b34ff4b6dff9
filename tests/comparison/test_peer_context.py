"""Change in peer context: the home city's rank and the group's median year by year (indicator and
comparison pages), and the theme's level-against-change quadrant of the group."""

from decimal import Decimal

import pytest
from django.core.cache import cache

from indicators.comparison import builders
from indicators.comparison.models import PeerGroup
from indicators.models import City, Indicator, Theme


@pytest.fixture
def years(gdansk, add_city, store_figure):
    """5.1 (lower is better), same year only: 2018 Gdańsk 4.0, Gdynia 2.65, Sopot 2.70, Rostock 5.0;
    2020 Gdańsk 1.0, Gdynia 2.0, Sopot 3.0 (Rostock none)."""
    gdynia, sopot = add_city("gdynia", name="Gdynia"), add_city("sopot", name="Sopot")
    rostock = add_city("rostock", country="DE", name="Rostock")
    for city, figure in ((gdansk, "4.0"), (gdynia, "2.65"), (sopot, "2.70"), (rostock, "5.0")):
        store_figure(city, "5.1", 2018, figure)
    for city, figure in ((gdansk, "1.0"), (gdynia, "2.0"), (sopot, "3.0")):
        store_figure(city, "5.1", 2020, figure)


def history_table(text: str) -> str:
    start = text.index('id="history-title"')
    return text[start : text.index("</table>", start)]


def test_the_comparison_page_gives_the_home_citys_rank_and_the_groups_median_year_by_year(
    client, years, english
):
    table = history_table(client.get("/en/indicators/5.1/compare/?group=all-cities&same_year=1").text)
    rows = [row.split("</tr>")[0] for row in table.split('<th scope="row">')[1:]]
    assert [row[:4] for row in rows] == ["2018", "2019", "2020"]
    assert '<td class="num" data-label="Median of the group">3.35</td>' in rows[0]  # (2.70 + 4.0) / 2
    assert "3 of 4" in rows[0]
    assert "—" in rows[1]  # no figure of any city in 2019
    assert '<td class="num" data-label="Median of the group">2.00</td>' in rows[2]
    assert "1 of 3" in rows[2]


def test_the_history_median_is_exact_and_rounded_half_up_only_where_written(
    client, gdansk, add_city, store_figure, english
):
    for year, figures in ((2019, ("2.65", "2.70")), (2020, ("2.65", "2.70"))):
        store_figure(gdansk, "5.1", year, figures[0])
        store_figure(
            City.objects.get_or_create(slug="gdynia", name="Gdynia", country="PL")[0], "5.1", year, figures[1]
        )
    indicator = Indicator.objects.get(edition=2014, code="5.1")
    comparison = builders.indicator_comparison(indicator, PeerGroup.objects.get(slug="all-cities"), gdansk)
    assert [point.median for point in comparison.history] == [Decimal("2.675"), Decimal("2.675")]
    table = history_table(client.get("/en/indicators/5.1/compare/?group=all-cities").text)
    assert table.count('data-label="Median of the group">2.68</td>') == 2


def test_the_history_chart_reads_out_the_same_years_as_its_table(client, years, english):
    text = client.get("/en/indicators/5.1/compare/?group=all-cities&same_year=1").text
    chart = text[text.index('<svg class="chart history-chart"') :]
    chart = chart[: chart.index("</svg>")]
    assert 'role="img"' in chart
    assert "2018: median of 4 cities 3.35, Gdańsk 4.00, rank 3 of 4; 2019: no figure;" in chart
    assert "2020: median of 3 cities 2.00, Gdańsk 1.00, rank 1 of 3." in chart


@pytest.mark.parametrize(
    ("prefix", "heading", "median"),
    [
        ("", "Zmiany na tle innych miast", 'data-label="Mediana grupy">2,70</td>'),
        ("/en", "Change in peer context", 'data-label="Median of the group">2.70</td>'),
        ("/de", "Entwicklung im Vergleich mit anderen Städten", 'data-label="Median der Gruppe">2,70</td>'),
    ],
)
def test_the_indicator_page_shows_the_change_in_peer_context_in_the_pages_language(
    client, years, settings, prefix, heading, median
):
    settings.COMPARISON_YEAR_WINDOW = 0
    text = client.get(f"{prefix}/indicators/5.1/").text
    assert f'<h3 id="history-title">{heading}</h3>' in text
    assert median in history_table(text)


def test_a_home_city_with_a_single_year_has_no_history_to_show(
    client, gdansk, add_city, store_figure, english
):
    store_figure(gdansk, "5.1", 2020, "3.0")
    store_figure(add_city("gdynia"), "5.1", 2018, "2.0")
    assert 'id="history-title"' not in client.get("/en/indicators/5.1/compare/?group=all-cities").text


def seed(cities, years):
    """Two indicators of theme 5 in every year for the cities (a figure that grows with the city)."""
    from indicators.models import IndicatorValue

    indicators = list(Indicator.objects.filter(edition=2014, code__in=["5.1", "5.4"]))
    IndicatorValue.objects.bulk_create(
        IndicatorValue(
            city=city, indicator=indicator, year=year, value=Decimal(city.pk + year % 5), status="published"
        )
        for city in cities
        for indicator in indicators
        for year in years
    )


def peers(first: int, last: int) -> list[City]:
    return City.objects.bulk_create(
        City(slug=f"peer-{number:03d}", name=f"Peer {number:03d}", country="PL")
        for number in range(first, last)
    )


@pytest.mark.parametrize(
    "path",
    ["/indicators/5.1/", "/indicators/5.1/compare/?group=all-cities", "/themes/5/compare/?group=all-cities"],
)
def test_the_peer_context_reads_as_many_queries_for_many_cities_and_years_as_for_few(
    client, gdansk, path, django_assert_max_num_queries
):
    few_cities = peers(0, 3)
    seed([gdansk, *few_cities], range(2018, 2021))
    with django_assert_max_num_queries(20) as few:
        text = client.get(path).text
    assert "history-chart" in text or "quadrant-chart" in text
    seed([gdansk, *few_cities], range(2003, 2018))
    seed(peers(3, 40), range(2003, 2021))
    cache.clear()
    with django_assert_max_num_queries(len(few.captured_queries)):
        text = client.get(path).text
    assert "history-chart" in text or "quadrant-chart" in text


@pytest.fixture
def moving(gdansk, add_city, store_figure):
    """5.1 (lower is better) and 5.4 (higher is better) in 2018 and 2020. In 2020 the spreads are 4 (5.1)
    and 20 (5.4): Gdańsk gains 2 and 10 in two years (+25 points a year on both), Sopot loses 1 on 5.1
    (−12.5) and keeps 5.4 (0): −6.25; Gdynia keeps both: 0."""
    gdynia, sopot = add_city("gdynia", name="Gdynia"), add_city("sopot", name="Sopot")
    for city, before, after, employed_before, employed_after in (
        (gdansk, "4", "2", "50", "60"),
        (gdynia, "4", "4", "50", "50"),
        (sopot, "5", "6", "70", "70"),
    ):
        store_figure(city, "5.1", 2018, before)
        store_figure(city, "5.1", 2020, after)
        store_figure(city, "5.4", 2018, employed_before)
        store_figure(city, "5.4", 2020, employed_after)
    return {"gdynia": gdynia, "sopot": sopot}


def test_each_citys_theme_score_is_set_against_its_exact_change_over_the_window(moving, gdansk):
    theme = Theme.objects.get(edition=2014, number=5)
    comparison = builders.theme_comparison(theme, PeerGroup.objects.get(slug="polish-cities"), gdansk)
    changes = {row["name"]: (row["score"], row["change"], row["changes"]) for row in comparison.quadrant}
    assert changes == {
        "Gdańsk": (Decimal(75), Decimal(25), 2),
        "Sopot": (Decimal(50), Decimal("-6.25"), 2),
        "Gdynia": (Decimal(25), Decimal(0), 2),
    }
    assert comparison.score_median == Decimal(50)


def test_the_theme_page_draws_the_quadrant_with_the_home_city_marked_and_the_change_in_the_table(
    client, moving, english
):
    text = client.get("/en/themes/5/compare/?group=polish-cities").text
    chart = text[text.index('<svg class="chart quadrant-chart"') :]
    chart = chart[: chart.index("</svg>")]
    assert (
        "3 cities; median theme score 50.0. At or above the median: 1 improving, 1 not improving; "
        "below it: 0 improving, 1 not improving. Gdańsk: theme score 75.0, change +25.0 points a year."
    ) in chart
    assert chart.count('class="peer"') == 2
    assert '<text class="home-label"' in chart
    assert '<td class="num" data-label="Change a year (points)">−6.3</td>' in text  # −6.25, half-up
    assert '<a href="/en/cities/sopot/?group=polish-cities">Sopot</a>' in text


def test_the_quadrant_is_drawn_in_every_language_with_its_numbers_in_that_language(client, moving):
    for prefix, change in (("", "+25,0"), ("/de", "+25,0"), ("/en", "+25.0")):
        text = client.get(f"{prefix}/themes/5/compare/?group=polish-cities").text
        assert 'class="chart quadrant-chart"' in text
        assert f">{change}</td>" in text


def test_without_a_window_no_change_can_be_shown_and_the_page_says_so(client, moving, english):
    text = client.get("/en/themes/5/compare/?group=polish-cities&same_year=1").text
    assert "quadrant-chart" not in text
    assert "Too few cities have two figures within the window" in text
