import csv
import gzip
import io
from decimal import Decimal
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import OperationalError, connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook
from simple_history.utils import bulk_create_with_history

from gdansk_iso.error_pages import server_error
from indicators import data_version, site_cache
from indicators.models import City, Indicator, IndicatorValue
from indicators.services import save_value
from tests.wsgi import answer

from .conftest import SENTINEL_SPELLINGS

PAGE_QUERY_LIMIT = 13
# the ISO 37120 page adds the cycle summary (6 queries), the year's coverage (4) and its list of years
ISO_PAGE_QUERY_LIMIT = 16
PAGES = [
    "/",
    "/themes/5/",
    "/themes/7/",
    "/indicators/5.1/",
    "/indicators/7.1/",
    "/iso-37120/",
    "/search/?q=energy",
]


def publish(city, code, year, value, **fields):
    indicator = Indicator.objects.get(edition=2014, code=code)
    return save_value(
        city=city, indicator=indicator, year=year, value=Decimal(value), status="published", **fields
    )[0]


def assert_no_sentinel(text):
    for spelling in SENTINEL_SPELLINGS:
        assert spelling not in text


@pytest.mark.parametrize("path", PAGES)
def test_every_page_renders_in_every_language(client, demo_values, path):
    for language, prefix in (("pl", ""), ("en", "/en"), ("de", "/de")):
        response = client.get(prefix + path)
        assert response.status_code == 200
        assert f'<html lang="{language}">' in response.text


@pytest.mark.parametrize("path", PAGES)
def test_a_draft_value_appears_on_no_page(client, draft_sentinel, path):
    for prefix in ("", "/en", "/de"):
        assert_no_sentinel(client.get(prefix + path).text)


@pytest.mark.parametrize(
    "path",
    ["/indicators/7.1/data.csv", "/de/indicators/7.1/data.csv", "/iso-37120/data.csv", "/sitemap.xml"],
)
def test_a_draft_value_is_in_no_download_or_sitemap(client, draft_sentinel, path):
    assert_no_sentinel(client.get(path).content.decode())


def test_a_draft_value_is_in_no_workbook(client, draft_sentinel):
    workbook = load_workbook(io.BytesIO(client.get("/iso-37120/data.xlsx").content), read_only=True)
    cells = [cell for row in workbook.active.iter_rows(values_only=True) for cell in row]
    assert Decimal("987654") not in {round(Decimal(c)) for c in cells if isinstance(c, (int, float))}
    assert 2023 not in cells


def test_search_for_the_draft_year_shows_no_draft(client, draft_sentinel):
    assert_no_sentinel(client.get("/search/?q=7.1").text)


@pytest.mark.parametrize("path", PAGES)
def test_page_queries_stay_bounded_as_years_indicators_and_cities_grow(
    client, demo_values, gdansk, django_assert_max_num_queries, path
):
    limit = ISO_PAGE_QUERY_LIMIT if path == "/iso-37120/" else PAGE_QUERY_LIMIT
    with django_assert_max_num_queries(limit):
        client.get(path)
    other = City.objects.create(name="Gdynia", slug="gdynia", country="PL")
    grown = [
        IndicatorValue(
            city=city, indicator=indicator, year=year, value=figure, status="published", source="GUS"
        )
        for indicator in Indicator.objects.filter(edition=2014, code__in=["5.1", "5.2", "7.1", "6.1"])
        for year in range(1995, 2016)
        for city, figure in ((gdansk, Decimal("1.5")), (other, Decimal("2.5")))
    ]
    bulk_create_with_history(grown, IndicatorValue, default_change_reason="more years and cities")
    cache.clear()
    with django_assert_max_num_queries(limit):
        client.get(path)


def test_a_cached_page_costs_one_query_for_the_data_version(client, demo_values, django_assert_num_queries):
    client.get("/indicators/5.1/")
    with django_assert_num_queries(1):
        assert client.get("/indicators/5.1/").status_code == 200


def test_a_process_serves_its_own_copy_of_a_page_the_shared_cache_lost(
    client, demo_values, process_copies_of_pages, django_assert_num_queries
):
    client.get("/indicators/5.1/")
    cache.clear()
    with django_assert_num_queries(1):
        assert client.get("/indicators/5.1/").status_code == 200


def test_a_published_change_reaches_a_process_holding_a_copy_of_the_page(
    client, demo_values, gdansk, process_copies_of_pages
):
    client.get("/indicators/5.1/")
    publish(gdansk, "5.1", 2023, "7.77")
    assert "7,77" in client.get("/indicators/5.1/").text


def test_a_cached_page_is_answered_in_front_of_django_with_the_headers_django_gave_it(
    demo_values, keep_test_connection, django_assert_num_queries
):
    from gdansk_iso.wsgi import application

    def request():
        return RequestFactory().get("/en/indicators/5.1/").environ

    rendered = answer(application, request())
    refused = mock.Mock(side_effect=AssertionError("Django reached for a cached page"))
    with mock.patch.object(application, "application", refused), django_assert_num_queries(1):
        status, headers, content = answer(application, request())
    assert (status, headers, content) == rendered
    assert headers["Content-Language"] == "en"
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "DENY"
    assert not refused.called


def test_a_reader_taking_gzip_gets_the_page_compressed_and_a_reader_who_does_not_gets_it_plain(
    client, demo_values
):
    plain = client.get("/indicators/5.1/")
    compressed = client.get("/indicators/5.1/", HTTP_ACCEPT_ENCODING="gzip, deflate")
    again_plain = client.get("/indicators/5.1/")
    assert compressed["Content-Encoding"] == "gzip"
    assert gzip.decompress(compressed.content) == plain.content == again_plain.content
    assert "Content-Encoding" not in again_plain


def test_a_page_whose_data_version_cannot_be_read_first_is_left_to_django(client, demo_values):
    with mock.patch.object(
        data_version, "read_before_the_request", side_effect=OperationalError("restarting")
    ):
        response = client.get("/indicators/5.1/")
    assert response.status_code == 200
    assert "Content-Encoding" not in response


def test_a_signed_in_person_gets_the_page_rendered_for_them(client, demo_values, django_user_model):
    client.get("/indicators/5.1/")
    client.force_login(django_user_model.objects.create_user("reader"))
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/indicators/5.1/").status_code == 200
    assert len(queries) > 1


def test_a_published_change_reaches_the_cached_page(client, demo_values, gdansk):
    client.get("/indicators/5.1/")
    publish(gdansk, "5.1", 2023, "7.77")
    assert "7,77" in client.get("/indicators/5.1/").text


def test_numbers_use_decimal_comma_and_space_grouping_in_polish_and_german(client, demo_values, gdansk):
    publish(gdansk, "7.1", 2023, "12345")
    assert "12\u00a0345" in client.get("/indicators/7.1/").text
    assert "12\u00a0345" in client.get("/de/indicators/7.1/").text
    assert "12,345" in client.get("/en/indicators/7.1/").text


def test_home_shows_certificates_from_the_data(client, demo_values):
    text = client.get("/en/").text
    assert "<strong>ISO 37120</strong> since 2017" in text
    assert "<strong>ISO 9001</strong> since 2002" in text


def test_home_has_a_tile_for_each_of_the_17_themes(client, demo_values):
    assert client.get("/").text.count('class="tile"') == 17


def test_theme_lists_its_indicators_in_the_standards_order(client, demo_values):
    text = client.get("/en/themes/16/").text
    positions = [text.index(f'<span class="code">16.{n}</span>') for n in range(1, 11)]
    assert positions == sorted(positions)


def test_indicator_chart_leaves_a_missing_year_as_a_gap(client, catalogue, gdansk):
    publish(gdansk, "5.1", 2016, "4")
    publish(gdansk, "5.1", 2017, "5")
    publish(gdansk, "5.1", 2019, "6")
    text = client.get("/en/indicators/5.1/").text
    chart = text[text.index('<svg class="chart"') : text.index("</svg>", text.index('<svg class="chart"'))]
    assert chart.count("<polyline") == 1  # 2016–2017 joined; 2019 stands alone after the gap
    assert "2018: no data" in chart
    assert 'role="img"' in chart


def test_indicator_shows_a_revision_with_the_earlier_figure(client, catalogue, gdansk):
    publish(gdansk, "5.1", 2019, "5.1")
    save_value(
        city=gdansk,
        indicator=Indicator.objects.get(code="5.1"),
        year=2019,
        value=Decimal("4.8"),
        revision_note="GUS corrected the labour force survey.",
    )
    assert "earlier figure 5.10" in client.get("/en/indicators/5.1/").text


def test_indicator_summarises_how_it_compares_with_other_cities(client, catalogue, gdansk):
    publish(gdansk, "5.1", 2020, "4")
    publish(City.objects.create(name="Gdynia", slug="gdynia", country="PL"), "5.1", 2020, "3.5")
    text = client.get("/en/indicators/5.1/").text
    assert "Other cities" in text
    assert "In 2020 Gdańsk ranks 2 of 2 in the group “Polish cities”" in text


def test_iso_page_states_the_coverage_of_the_year(client, demo_values):
    text = client.get("/en/iso-37120/?year=2019").text
    assert "46 of 46 core, 46 of 54 supporting indicators reported for 2019" in text


def test_the_demo_iso_page_of_2021_reads_94_reported_and_gives_the_six_reasons(client, demo_values):
    text = client.get("/en/iso-37120/?year=2021").text
    assert "46 of 46 core, 48 of 54 supporting indicators reported for 2021" in text
    gaps = text[text.index('id="coverage-gaps-title"') :].split("</ul>")[0]
    assert [code for code in ("5.7", "8.8", "11.4", "12.6", "15.3", "19.3") if f">{code} " in gaps] == [
        "5.7",
        "8.8",
        "11.4",
        "12.6",
        "15.3",
        "19.3",
    ]
    assert "not applicable — W Gdańsku nie ma osiedli nieformalnych (DEMO)." in gaps


def test_iso_page_filters_by_kind(client, demo_values):
    text = client.get("/en/iso-37120/?kind=core").text
    assert "badge-core" in text
    assert "badge-supporting" not in text


def test_iso_page_refuses_a_year_that_is_not_one(client, demo_values):
    assert client.get("/iso-37120/?year=abc").status_code == 400


def test_search_ignores_accents_in_the_current_language(client, demo_values):
    text = client.get("/search/?q=ludnosc").text
    assert "ludno" in text
    assert 'class="results"' in text


def test_search_finds_an_indicator_by_code(client, demo_values):
    assert reverse("indicators:indicator", args=["5.1"]) in client.get("/en/search/?q=5.1").text


def test_csv_download_writes_polish_decimal_commas_with_semicolons(client, demo_values):
    text = client.get("/indicators/5.1/data.csv").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:4] == ["city", "indicator", "year", "value"]
    assert rows[1][3] == "4,34"


def test_csv_download_writes_english_decimal_points(client, demo_values):
    text = client.get("/en/indicators/5.1/data.csv").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1][3] == "4.34"


def test_xlsx_download_holds_numbers(client, demo_values):
    response = client.get("/en/indicators/5.1/data.xlsx")
    rows = list(
        load_workbook(io.BytesIO(response.content), read_only=True).active.iter_rows(values_only=True)
    )
    assert rows[1][1] == "5.1"
    assert rows[1][3] == pytest.approx(4.34)


def test_unknown_download_format_is_not_found(client, demo_values):
    assert client.get("/indicators/5.1/data.pdf").status_code == 404


def test_unknown_page_is_a_friendly_404_in_the_language(client, catalogue):
    response = client.get("/de/nothing-here/")
    assert response.status_code == 404
    assert '<html lang="de">' in response.text


def test_language_switcher_links_to_the_same_page(client, demo_values):
    text = client.get("/indicators/5.1/").text
    assert 'href="http://testserver/en/indicators/5.1/"' in text
    assert 'href="http://testserver/de/indicators/5.1/"' in text


def test_robots_points_to_the_sitemap(client):
    text = client.get("/robots.txt").text
    assert "Sitemap: http://testserver/sitemap.xml" in text


def test_sitemap_lists_each_language_of_a_theme(client, catalogue):
    text = client.get("/sitemap.xml").text
    assert "http://testserver/de/themes/5/" in text
    assert "http://testserver/themes/5/" in text


@pytest.mark.parametrize(("language", "heading"), [("pl", "Coś poszło nie tak"), ("de", "Bei uns ist etwas")])
def test_server_error_page_speaks_the_language_without_the_database(
    rf, db, django_assert_num_queries, language, heading
):
    with translation.override(language), django_assert_num_queries(0):
        response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert heading in response.content.decode()


@pytest.mark.parametrize("failing", ["get", "set"])
def test_a_page_is_answered_when_the_page_cache_cannot_be_reached(
    client, demo_values, monkeypatch, caplog, failing
):
    unreachable = mock.Mock(wraps=cache)
    setattr(unreachable, failing, mock.Mock(side_effect=ConnectionError("the cache server is down")))
    monkeypatch.setattr(site_cache, "cache", unreachable)
    response = client.get("/indicators/5.1/")
    assert response.status_code == 200
    assert "5.1" in response.text
    assert "the cache server is down" in caplog.text
