"""The places compared: the cities, one city's indicators, the peer groups, several cities side by side,
the method page, and the year notes of the indicator page."""

import pytest
from django.core.cache import cache

from indicators.models import City


@pytest.fixture
def peers(gdansk, add_city, store_figure):
    """5.1 (lower is better): Gdańsk 3.0 (2020), Gdynia 2.0 (2020), Sopot 4.0 (2019), Toronto 6.0 (2012)."""
    gdynia, sopot = add_city("gdynia", name="Gdynia", region="pomorskie"), add_city("sopot", name="Sopot")
    toronto = add_city("toronto", country="CA", name="Toronto")
    store_figure(gdansk, "5.1", 2020, "3.0")
    store_figure(gdynia, "5.1", 2020, "2.0")
    store_figure(sopot, "5.1", 2019, "4.0")
    store_figure(toronto, "5.1", 2012, "6.0")
    store_figure(toronto, "PPL-01", 2012, "2615060")
    return {"gdynia": gdynia, "sopot": sopot, "toronto": toronto}


def test_the_cities_page_lists_every_city_with_country_population_and_groups(client, peers, english):
    text = client.get("/en/cities/").text
    assert '<a href="/en/cities/toronto/">Toronto</a>' in text
    assert "2,615,060" in text
    assert '<a href="/en/peer-groups/polish-cities/">Polish cities</a>' in text


def test_the_cities_page_finds_a_city_by_name_country_or_region(client, peers, english):
    assert "Toronto" in client.get("/en/cities/?q=toro").text
    assert "Gdynia" not in client.get("/en/cities/?q=CA").text
    assert "Gdynia" in client.get("/en/cities/?q=pomorskie").text


def test_a_city_page_shows_each_indicator_with_its_latest_figure_year_and_rank(client, peers, english):
    text = client.get("/en/cities/sopot/?group=polish-cities").text
    assert "4.00" in text
    assert "2019" in text
    assert "3 of 3" in text


def test_a_city_page_ranks_a_city_among_figures_comparable_with_its_own(client, peers, english):
    text = client.get("/en/cities/toronto/?group=all-cities").text
    assert "1 of 1" in text  # Toronto's 2012 figure: no other city has one within the window


def test_the_peer_group_pages_say_who_belongs_and_why(client, peers, english):
    assert '<a href="/en/peer-groups/polish-cities/">Polish cities</a>' in client.get("/en/peer-groups/").text
    text = client.get("/en/peer-groups/polish-cities/").text
    assert "country PL" in text
    assert "Gdynia" in text
    assert "Toronto" not in text


def test_several_cities_side_by_side_in_the_order_asked(client, peers, english):
    text = client.get("/en/compare/?cities=gdynia,gdansk,toronto").text
    assert text.index(">Gdynia<") < text.index(">Gdańsk<") < text.index(">Toronto<")
    assert "not comparable" in text  # Toronto's 2012 against Gdynia's 2020


@pytest.mark.parametrize("cities", ["gdansk", "gdansk,atlantis", ",".join(f"c{n}" for n in range(11))])
def test_several_cities_need_two_to_ten_known_cities(client, peers, cities):
    assert client.get(f"/compare/?cities={cities}").status_code == 404


def test_the_method_page_works_its_example_with_the_scores_own_functions(client, catalogue, english):
    text = client.get("/en/comparison/method/").text
    assert "(max − x) / (max − min)" in text
    assert '<td class="num" data-label="Theme score">100.0</td>' in text
    assert '<td class="num" data-label="Theme score">25.0</td>' in text


def test_by_default_the_page_says_how_many_cities_have_only_older_figures_and_offers_them(
    client, peers, english
):
    text = client.get("/en/indicators/5.1/compare/?group=all-cities").text
    assert "1 city of the group has only figures older than this window." in text
    assert 'href="?group=all-cities&amp;year=2012"' in text


def test_the_home_city_without_a_figure_in_the_chosen_year_links_its_nearest_year(client, peers, english):
    text = client.get("/en/indicators/5.1/compare/?group=all-cities&year=2012").text
    assert "Gdańsk has no published figure for 2012." in text
    assert 'href="?group=all-cities&amp;year=2020"' in text


def test_same_year_only_leaves_out_figures_of_nearby_years(client, peers, english):
    text = client.get("/en/indicators/5.1/compare/?group=all-cities&year=2020&same_year=1").text
    assert "Sopot" not in text
    assert "Rank of Gdańsk</dt><dd>2 of 2" in text


def test_the_theme_page_offers_a_year_choice(client, peers, english):
    text = client.get("/en/themes/5/compare/?group=all-cities&year=2019").text
    assert '<option value="2019" selected>2019</option>' in text


def add_cities(count, store_figure):
    for n in range(count):
        city = City.objects.create(slug=f"peer-{n}", name=f"Peer {n}", country="PL")
        store_figure(city, "5.1", 2020, str(n))
        store_figure(city, "PPL-01", 2020, str(1000 + n))


@pytest.mark.parametrize(
    "path",
    [
        "/cities/",
        "/cities/gdansk/",
        "/peer-groups/",
        "/peer-groups/polish-cities/",
        "/compare/?cities=gdansk,peer-0,peer-1",
        "/indicators/5.1/compare/?group=polish-cities",
        "/themes/5/compare/?group=polish-cities",
    ],
)
def test_the_pages_read_as_many_queries_for_many_cities_as_for_few(
    client, gdansk, store_figure, path, django_assert_max_num_queries
):
    add_cities(3, store_figure)
    with django_assert_max_num_queries(15) as few:
        assert client.get(path).status_code == 200
    for n in range(30):
        store_figure(City.objects.create(slug=f"more-{n}", name=f"More {n}", country="PL"), "5.1", 2020, "1")
    cache.clear()
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(path).status_code == 200


def test_a_long_ranking_jumps_to_the_page_of_the_city_asked(client, gdansk, store_figure, english):
    add_cities(60, store_figure)
    response = client.get("/en/indicators/5.1/compare/?group=polish-cities&find=peer-59")
    assert response.status_code == 302
    assert response["Location"].endswith("page=2#city-peer-59")
    assert 'id="city-peer-59"' in client.get(response["Location"]).text


def test_a_ranking_of_a_few_cities_has_a_bar_chart_with_their_names(client, peers, english):
    text = client.get("/en/indicators/5.1/compare/?group=polish-cities").text
    chart = text[text.index('<svg class="chart bar-chart"') :]
    chart = chart[: chart.index("</svg>")]
    assert ">Gdynia</text>" in chart
    assert "Logarithmic" not in chart


def test_figures_spanning_more_than_two_orders_of_magnitude_are_drawn_on_a_log_scale(
    client, gdansk, store_figure, english
):
    for n, value in enumerate(("1", "5", "2000")):
        city = City.objects.create(slug=f"span-{n}", name=f"Span {n}", country="PL")
        store_figure(city, "5.1", 2020, value)
    store_figure(gdansk, "5.1", 2020, "3")
    text = client.get("/en/indicators/5.1/compare/?group=polish-cities").text
    assert "Logarithmic scale" in text
