import csv
import io

import pytest
from django.core.cache import cache

from indicators.models import City

from .conftest import SENTINEL

pytestmark = pytest.mark.django_db


def results(response):
    return response.json()["results"]


def test_themes_lists_the_17_themes_of_the_2014_edition(client_api, catalogue):
    body = client_api.get("/api/themes/").json()
    assert body["count"] == 17
    assert body["results"][0] == {"edition": 2014, "number": 5, "slug": "economy", "name": "Gospodarka"}


def test_theme_is_found_by_its_number(client_api, catalogue):
    assert client_api.get("/api/themes/5/?lang=en").json()["name"] == "Economy"


def test_indicator_is_found_by_a_dotted_code(client_api, catalogue):
    body = client_api.get("/api/indicators/5.1/?lang=en").json()
    assert (body["code"], body["theme"], body["unit"]) == ("5.1", 5, "%")
    assert body["max_value"] == "100"


def test_indicator_of_an_edition_without_it_is_not_found(client_api, catalogue):
    assert client_api.get("/api/indicators/5.1/?edition=2018").status_code == 404


def test_unknown_edition_is_a_clear_400(client_api, catalogue):
    response = client_api.get("/api/indicators/5.1/?edition=1999")
    assert response.status_code == 400
    assert "edition" in response.json()


@pytest.mark.parametrize(
    ("query", "expected_codes"),
    [
        ("theme=5", {"5.1", "5.2", "5.3", "5.4", "5.5", "5.6", "5.7"}),
        ("theme=5&kind=core", {"5.1", "5.2", "5.3"}),
        ("code=16.10", {"16.10"}),
        ("edition=2018", set()),
    ],
)
def test_indicators_filter(client_api, catalogue, query, expected_codes):
    codes = {row["code"] for row in results(client_api.get(f"/api/indicators/?{query}&page_size=200"))}
    assert codes == expected_codes


def test_indicator_search_uses_the_lang_parameter(client_api, catalogue):
    codes = [row["code"] for row in results(client_api.get("/api/indicators/?search=unemployment&lang=en"))]
    assert "5.1" in codes


def test_indicator_search_and_names_follow_accept_language(client_api, catalogue):
    response = client_api.get("/api/indicators/?search=Arbeitslosen", HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9")
    assert response["Content-Language"] == "de"
    assert results(response)[0]["name"] == "Arbeitslosenquote der Stadt"


def test_names_are_polish_by_default(client_api, catalogue):
    assert client_api.get("/api/indicators/5.1/").json()["name"] == "Stopa bezrobocia w mieście"


def test_unknown_lang_is_a_clear_400_naming_the_languages(client_api, catalogue):
    response = client_api.get("/api/themes/?lang=fr")
    assert response.status_code == 400
    assert response.json()["lang"][0].endswith(": pl, en, de.")


def test_cities_are_listed_and_found_by_slug(client_api, gdansk):
    assert [city["slug"] for city in results(client_api.get("/api/cities/"))] == ["gdansk"]
    assert client_api.get("/api/cities/gdansk/").json()["country"] == "PL"


def test_value_numbers_are_decimal_strings_at_the_indicators_places(client_api, publish_value):
    publish_value("5.1", 2019, "4.5")
    row = results(client_api.get("/api/values/"))[0]
    assert row["value"] == "4.50"
    assert (row["city"], row["indicator"], row["year"], row["theme"]) == ("gdansk", "5.1", 2019, 5)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("indicator=5.1", {("5.1", 2018), ("5.1", 2019)}),
        ("year=2019", {("5.1", 2019), ("6.1", 2019)}),
        ("year_from=2019&year_to=2019", {("5.1", 2019), ("6.1", 2019)}),
        ("year_to=2018", {("5.1", 2018)}),
        ("theme=6", {("6.1", 2019)}),
        ("kind=core&indicator=6.1", {("6.1", 2019)}),
        ("city=warszawa", {("5.1", 2019)}),
        ("edition=2018", set()),
    ],
)
def test_values_filter(client_api, publish_value, query, expected):
    warszawa = City.objects.create(name="Warszawa", slug="warszawa", country="PL")
    publish_value("5.1", 2018, "5")
    publish_value("5.1", 2019, "4")
    publish_value("6.1", 2019, "95")
    publish_value("5.1", 2019, "3", city=warszawa)
    rows = results(client_api.get(f"/api/values/?{query}"))
    found = {
        (row["indicator"], row["year"]) for row in rows if row["city"] == "warszawa" or "city" not in query
    }
    assert found == expected


def test_values_are_paginated_and_ordered(client_api, publish_value):
    for year in (2015, 2016, 2017):
        publish_value("5.1", year, "5")
    body = client_api.get("/api/values/?page_size=2&ordering=-year").json()
    assert body["count"] == 3
    assert [row["year"] for row in body["results"]] == [2017, 2016]
    assert body["next"] is not None


def test_values_list_as_csv_has_every_row_and_the_json_columns(client_api, publish_value):
    publish_value("PPL-09", 2000, "-1.5")  # population change: may be negative
    for year in range(2001, 2005):
        publish_value("5.1", year, "5")
    response = client_api.get("/api/values/?format=csv&page_size=2")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 5
    assert rows[-1]["value"] == "-1.50"  # a negative number is not escaped like a formula
    assert list(rows[0]) == list(client_api.get("/api/values/").json()["results"][0])


def test_empty_csv_still_has_its_header(client_api, catalogue):
    assert client_api.get("/api/values/?format=csv").content.decode().startswith('"id","city","indicator",')


def test_csv_escapes_text_that_a_spreadsheet_would_run(client_api, publish_value):
    publish_value("5.1", 2019, "5", source="=HYPERLINK(1)")
    row = next(csv.DictReader(io.StringIO(client_api.get("/api/values/?format=csv").content.decode())))
    assert row["source"] == "'=HYPERLINK(1)"


def test_single_objects_are_not_offered_as_csv(client_api, catalogue):
    assert client_api.get("/api/indicators/5.1/?format=csv").status_code == 404


PUBLIC_URLS = [
    "/api/values/",
    "/api/values/?format=csv",
    "/api/values/?indicator=5.1",
    "/api/values/?indicator=5.1&format=csv",
    "/api/values/?year=2020",
    "/api/values/?year=2021&format=csv",
    "/api/values/?theme=5&year_from=2020",
    "/api/values/?indicator=5.1&year_from=2019&ordering=-year",
]


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_no_unpublished_value_through_any_list_or_format(client_api, publish_value, unpublished, url):
    publish_value("5.1", 2019, "4")
    response = client_api.get(url)
    assert response.status_code == 200
    assert SENTINEL not in response.content.decode()


@pytest.mark.parametrize("method", ["get", "head"])
def test_unpublished_value_is_not_found_by_id(client_api, unpublished, method):
    for value in unpublished:
        assert getattr(client_api, method)(f"/api/values/{value.pk}/").status_code == 404


def test_published_value_is_found_by_id(client_api, publish_value):
    value = publish_value("5.1", 2019, "4")
    assert client_api.get(f"/api/values/{value.pk}/").json()["value"] == "4.00"


def test_staff_reading_the_api_sees_no_draft_either(client_api, statistician, unpublished):
    client_api.force_authenticate(statistician)
    assert client_api.get("/api/values/").json()["count"] == 0


@pytest.mark.parametrize(
    "url", ["/api/values/?page_size=1000", "/api/indicators/?page_size=1000", "/api/themes/", "/api/cities/"]
)
def test_list_query_count_does_not_grow_with_rows(
    client_api, publish_value, django_assert_max_num_queries, url
):
    for code in ("5.1", "5.2", "6.1", "7.1", "8.1"):
        for year in range(2010, 2020):
            publish_value(code, year, "5")
    client_api.get(url)  # content types are cached after the first request, as in a running server
    cache.clear()  # measure the work, not the rendered-response cache
    with django_assert_max_num_queries(3):  # data version + count + page
        assert client_api.get(url).status_code == 200


def test_repeated_request_is_served_from_the_cache_with_the_same_body(
    client_api, publish_value, django_assert_max_num_queries
):
    publish_value("5.1", 2019, "4")
    first = client_api.get("/api/values/?format=csv")
    with django_assert_max_num_queries(1):  # the data version only
        again = client_api.get("/api/values/?format=csv")
    assert (again.content, again["Content-Type"], again["ETag"]) == (
        first.content,
        first["Content-Type"],
        first["ETag"],
    )


def test_a_published_gap_is_listed_with_its_reason(client_api, publish_value):
    publish_value("19.3", 2021, gap="not_applicable", gap_reason="Brak osiedli nieformalnych.")
    [item] = results(client_api.get("/api/values/?indicator=19.3"))
    assert (item["value"], item["gap"], item["gap_reason"]) == (
        None,
        "not_applicable",
        "Brak osiedli nieformalnych.",
    )
