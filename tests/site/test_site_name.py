"""The site's name is the home city's in the reader's language (indicators.brand), on every page and on the
500 page, which never asks the database."""

import pytest
from django.utils import translation

from gdansk_iso.error_pages import server_error
from indicators.models import City

pytestmark = pytest.mark.django_db

NAMES = [("/", "Gdańsk w liczbach"), ("/en/", "Gdańsk in numbers"), ("/de/", "Danzig in Zahlen")]


@pytest.fixture(autouse=True)
def fresh_cache(empty_cache):
    """The names are kept in the cache: each test starts without them."""


def brand_of(html: str) -> str:
    return html.split('class="brand"', 1)[1].split("<span>", 1)[1].split("<small>", 1)[0]


@pytest.mark.parametrize(("address", "name"), NAMES)
def test_the_site_is_named_after_the_home_city_in_the_readers_language(client, catalogue, address, name):
    assert brand_of(client.get(address).text) == name


@pytest.mark.parametrize(("address", "name"), NAMES)
def test_a_page_without_the_home_city_names_it_too(client, catalogue, address, name):
    page = client.get(address + "iso-37120/" if address != "/" else "/iso-37120/")
    assert page.status_code == 200
    assert f"· {name}</title>" in page.text


def test_a_renamed_home_city_renames_the_site(client, gdansk):
    client.get("/de/")  # the names are now in the cache
    gdansk.name_de = "Gdańsk (Danzig)"
    gdansk.save()
    assert brand_of(client.get("/de/").text) == "Gdańsk (Danzig) in Zahlen"


def test_another_home_city_names_the_site_after_itself(client, catalogue, settings):
    City.objects.create(
        slug="sopot", name="Sopot", name_pl="Sopot", name_en="Sopot", name_de="Zoppot", country="PL"
    )
    settings.HOME_CITY_SLUG = "sopot"
    assert brand_of(client.get("/de/iso-37120/").text) == "Zoppot in Zahlen"


@pytest.mark.parametrize(("language", "name"), [("pl", "Gdańsk w liczbach"), ("de", "Danzig in Zahlen")])
def test_server_error_page_names_the_city_without_asking_the_database(
    rf, client, catalogue, django_assert_num_queries, language, name
):
    client.get("/")  # any page shown before keeps the names
    with translation.override(language), django_assert_num_queries(0):
        response = server_error(rf.get("/"))
    assert f'<span class="brand">{name}</span>' in response.content.decode()


def test_server_error_page_before_any_page_names_the_registry_without_a_city(
    rf, db, django_assert_num_queries
):
    with translation.override("en"), django_assert_num_queries(0):
        response = server_error(rf.get("/"))
    assert '<span class="brand">ISO 37120 indicators</span>' in response.content.decode()
