from decimal import Decimal

import pytest
from django.core.cache import cache

from indicators.comparison.models import PeerGroup
from indicators.models import City, Indicator, IndicatorValue, Theme

QUERY_LIMIT = 10
LANGUAGES = {"pl": "", "en": "/en", "de": "/de"}


@pytest.fixture
def peers(gdansk, add_city, store_figure):
    """5.1 (unemployment, lower is better): Gdańsk 3.0, Gdynia 2.0, Sopot 4.0 in 2020; Rostock 5.0 in 2019."""
    gdynia, sopot = add_city("gdynia", name="Gdynia"), add_city("sopot", name="Sopot")
    rostock = add_city("rostock", country="DE", name="Rostock")
    store_figure(gdansk, "5.1", 2020, "3.0", source="GUS")
    store_figure(gdynia, "5.1", 2020, "2.0", source="GUS Gdynia")
    store_figure(sopot, "5.1", 2020, "4.0")
    store_figure(rostock, "5.1", 2019, "5.0", source="Statistik Rostock")
    return {"gdynia": gdynia, "sopot": sopot, "rostock": rostock}


def test_indicator_comparison_shows_rank_and_quartiles_of_the_group(client, peers, english):
    text = client.get("/en/indicators/5.1/compare/?group=polish-cities&year=2020").text
    assert "Rank of Gdańsk</dt><dd>2 of 3" in text
    assert "<dt>Median</dt><dd>3.00</dd>" in text
    assert "<dt>First quartile</dt><dd>2.50</dd>" in text
    assert "Rostock" not in text


def test_indicator_comparison_takes_a_figure_within_the_window_and_flags_its_year(client, peers, english):
    text = client.get("/en/indicators/5.1/compare/?group=all-cities&year=2020").text
    assert "Rank of Gdańsk</dt><dd>2 of 4" in text
    assert '2019 <span class="off-year">other year</span>' in text
    assert "1 city has no figure for 2020" in text


def test_figures_outside_the_window_are_left_out(client, peers, english, settings):
    settings.COMPARISON_YEAR_WINDOW = 0
    text = client.get("/en/indicators/5.1/compare/?group=all-cities&year=2020").text
    assert "Rank of Gdańsk</dt><dd>2 of 3" in text
    assert "Rostock" not in text


def test_the_default_year_is_the_home_citys_latest_published_year(
    client, peers, store_figure, gdansk, english
):
    store_figure(peers["gdynia"], "5.1", 2023, "1.0")
    store_figure(gdansk, "5.1", 2023, "9.0", status="draft")
    text = client.get("/en/indicators/5.1/compare/").text
    assert "<dt>Year</dt><dd>2020</dd>" in text


def test_a_draft_figure_of_any_city_is_never_compared(client, peers, store_figure, gdansk, english):
    store_figure(peers["sopot"], "5.1", 2021, "987654.321", status="draft")
    store_figure(gdansk, "5.1", 2021, "987654.321", status="verified")
    for prefix in LANGUAGES.values():
        for year in (2020, 2021):
            text = client.get(f"{prefix}/indicators/5.1/compare/?group=all-cities&year={year}").text
            assert "987" not in text


def test_the_table_lists_cities_best_first_with_country_source_and_link(client, peers, english):
    text = client.get("/en/indicators/5.1/compare/?group=all-cities&year=2020").text
    order = [text.index(f">{name}</a>") for name in ("Gdynia", "Gdańsk", "Sopot", "Rostock")]
    assert order == sorted(order)
    assert '<a href="/en/cities/gdynia/indicators/5.1/">Gdynia</a>' in text
    assert "GUS Gdynia" in text
    assert "<td>DE</td>" in text


def test_the_chart_is_an_svg_with_title_description_and_the_home_city_marked(client, peers, english):
    text = client.get("/en/indicators/5.1/compare/?group=polish-cities&year=2020").text
    chart = text[text.index('<svg class="chart strip-chart"') : text.index("</svg>")]
    assert 'role="img"' in chart
    assert "<title" in chart
    assert (
        "3 cities; minimum 2.00, first quartile 2.50, median 3.00, third quartile 3.50, maximum 4.00."
        in chart
    )
    assert "Gdańsk: 3.00, rank 2 of 3." in chart
    assert chart.count('class="peer"') == 2
    assert 'class="quartiles"' in chart


def test_numbers_follow_the_language(client, peers):
    assert "<dt>Mediana</dt><dd>3,00</dd>" in client.get("/indicators/5.1/compare/?year=2020").text
    assert "<dt>Median</dt><dd>3,00</dd>" in client.get("/de/indicators/5.1/compare/?year=2020").text


def test_a_group_without_the_home_city_still_compares_it(client, peers, english):
    group = PeerGroup.objects.create(name="Neighbours", slug="neighbours")
    group.members.set([peers["gdynia"], peers["sopot"]])
    text = client.get("/en/indicators/5.1/compare/?group=neighbours&year=2020").text
    assert "Gdańsk is not a member of this group" in text
    assert "Rank of Gdańsk</dt><dd>2 of 3" in text


def test_no_peer_figures_say_so(client, catalogue, english):
    text = client.get("/en/indicators/5.1/compare/").text
    assert "No city of this group has a published figure for this indicator yet." in text


def test_an_unknown_group_is_not_found(client, peers):
    assert client.get("/en/indicators/5.1/compare/?group=nope").status_code == 404


def test_figures_of_another_edition_are_left_out_with_a_note(client, peers, english):
    theme = Theme.objects.create(edition=2018, number=5, slug="economy", name="Economy")
    other = Indicator.objects.create(edition=2018, code="5.1", theme=theme, kind="core", name="Unemployment")
    IndicatorValue.objects.create(
        city=peers["sopot"], indicator=other, year=2020, value=1, status="published"
    )
    text = client.get("/en/indicators/5.1/compare/?group=polish-cities&year=2020").text
    assert "1 figures of another edition of the standard left out." in text
    assert "Rank of Gdańsk</dt><dd>2 of 3" in text


def test_a_long_table_is_split_into_pages(client, gdansk, add_city, store_figure, english):
    store_figure(gdansk, "5.1", 2020, "3")
    for number in range(60):
        store_figure(add_city(f"city-{number:02d}"), "5.1", 2020, str(number))
    first = client.get("/en/indicators/5.1/compare/?year=2020").text
    second = client.get("/en/indicators/5.1/compare/?year=2020&page=2").text
    assert "Page 1 of 2" in first
    assert first.count('<th scope="row">') == 50
    assert second.count('<th scope="row">') == 11


def seed(gdansk, cities: int):
    """Every indicator of theme 5 for six years, for the home city and cities - 1 peers."""
    indicators = list(Indicator.objects.filter(theme__number=5, edition=2014))
    peers = City.objects.bulk_create(
        [
            City(slug=f"peer-{number:02d}", name=f"Peer {number:02d}", country="PL")
            for number in range(1, cities)
        ]
    )
    IndicatorValue.objects.bulk_create(
        IndicatorValue(
            city=city, indicator=indicator, year=year, value=Decimal(number + year % 7), status="published"
        )
        for number, city in enumerate([gdansk, *peers])
        for indicator in indicators
        for year in range(2015, 2021)
    )


@pytest.mark.parametrize("cities", [3, 30])
@pytest.mark.parametrize(
    "path", ["/indicators/5.1/compare/?group=all-cities", "/themes/5/compare/?group=all-cities"]
)
def test_comparison_pages_read_a_bounded_number_of_queries(
    client, gdansk, django_assert_max_num_queries, cities, path
):
    seed(gdansk, cities)
    cache.clear()
    with django_assert_max_num_queries(QUERY_LIMIT):
        assert client.get(path).status_code == 200


def test_theme_comparison_shows_rank_score_and_its_backing(client, gdansk, add_city, store_figure, english):
    # 5.1 lower is better, 5.4 higher is better: Gdańsk best on 5.1 (z 1), middle on 5.4 (z 0.5)
    gdynia = add_city("gdynia", name="Gdynia")
    sopot = add_city("sopot", name="Sopot")
    for city, unemployment, employment in ((gdansk, "2", "60"), (gdynia, "4", "50"), (sopot, "6", "70")):
        store_figure(city, "5.1", 2020, unemployment)
        store_figure(city, "5.4", 2020, employment)
    text = client.get("/en/themes/5/compare/?group=polish-cities").text
    assert "<strong>75.0</strong>" in text
    assert "theme score of Gdańsk from 2 indicators; rank 1 of 3" in text
    assert "1 of 3" in text
    assert "2 of 3" in text


def test_city_pair_shows_both_figures_and_the_difference_in_the_good_direction(client, peers, english):
    text = client.get("/en/compare/gdansk/gdynia/").text
    assert "Gdańsk and Gdynia side by side" in text
    assert "+1.00" in text
    assert '<span class="verdict-worse">worse</span>' in text


def test_city_pair_flags_figures_of_different_years(client, peers, english):
    text = client.get("/en/compare/gdansk/rostock/").text
    assert "different years" in text
    assert '<span class="verdict-better">better</span>' in text


def test_a_city_page_for_an_indicator_shows_only_its_published_figures(client, peers, store_figure, english):
    store_figure(peers["gdynia"], "5.1", 2021, "987654.321", status="draft")
    text = client.get("/en/cities/gdynia/indicators/5.1/").text
    assert "Gdynia" in text
    assert "GUS Gdynia" in text
    assert "987" not in text


def test_indicator_page_summarises_the_comparison_and_links_to_it(client, peers, english):
    text = client.get("/en/indicators/5.1/").text
    assert "In 2020 Gdańsk ranks 2 of 3 in the group “Polish cities”" in text
    assert 'href="/en/indicators/5.1/compare/"' in text


def test_theme_page_links_to_its_comparison(client, peers, english):
    assert 'href="/en/themes/5/compare/"' in client.get("/en/themes/5/").text


@pytest.mark.parametrize(
    "path",
    [
        "/indicators/5.1/compare/",
        "/themes/5/compare/",
        "/compare/gdansk/gdynia/",
        "/cities/gdynia/indicators/5.1/",
    ],
)
def test_comparison_pages_render_in_every_language(client, peers, path):
    for language, prefix in LANGUAGES.items():
        response = client.get(prefix + path)
        assert response.status_code == 200
        assert f'<html lang="{language}">' in response.text


def test_a_year_written_with_other_digits_is_refused_with_a_400_page(client, catalogue):
    assert client.get("/indicators/5.1/compare/?year=²²²²").status_code == 400
