"""Residents and reusers: embeds, citation, licence, percentage points, language links, compression."""

import gzip
import re

import pytest

from .test_pages import publish


@pytest.fixture
def unemployment(gdansk, catalogue):
    publish(gdansk, "5.1", 2020, "4.00", source="GUS")
    publish(gdansk, "5.1", 2021, "5.50", source="GUS")


@pytest.mark.parametrize(("prefix", "points"), [("", "p.p."), ("/en", "pp"), ("/de", "Pp.")])
@pytest.mark.usefixtures("unemployment")
def test_a_change_of_a_percentage_is_written_in_percentage_points(client, prefix, points):
    page = client.get(f"{prefix}/indicators/5.1/").text
    change = re.search(r'<span class="change change-up">(.*?)</span></span>', page, re.S).group(1)
    assert f"{points}" in change
    assert "%" not in change


@pytest.mark.usefixtures("unemployment")
def test_language_alternates_are_absolute_urls_and_the_page_names_its_canonical_url(client):
    page = client.get("/en/indicators/5.1/").text
    alternates = dict(re.findall(r'<link rel="alternate" hreflang="([a-z-]+)" href="([^"]+)">', page))
    assert alternates["pl"] == "http://testserver/indicators/5.1/"
    assert alternates["de"] == "http://testserver/de/indicators/5.1/"
    assert alternates["x-default"] == "http://testserver/indicators/5.1/"
    assert '<link rel="canonical" href="http://testserver/en/indicators/5.1/">' in page


@pytest.mark.usefixtures("unemployment")
def test_the_canonical_link_leaves_out_the_query_string(client):
    page = client.get("/en/indicators/5.1/?utm_source=x").text
    assert '<link rel="canonical" href="http://testserver/en/indicators/5.1/">' in page


def test_search_results_are_not_indexed(client, catalogue):
    assert '<meta name="robots" content="noindex">' in client.get("/en/search/?q=energy").text
    assert 'name="robots"' not in client.get("/en/").text


@pytest.mark.parametrize("path", ["/iso-37120/", "/search/?q=energy"])
@pytest.mark.usefixtures("unemployment")
def test_forms_have_no_empty_action(client, path):
    page = client.get(path).text
    assert '<form class="filters" method="get"' in page
    assert 'action=""' not in page


@pytest.mark.usefixtures("unemployment")
def test_the_indicator_page_offers_citation_text_and_states_the_licence(client, english):
    page = client.get("/en/indicators/5.1/").text
    cite = re.search(r'<p class="cite-text"[^>]*>(.*?)</p>', page, re.S).group(1)
    assert "Gdańsk" in cite
    assert "5.1" in cite
    assert "2020–2021" in cite
    assert "http://testserver/en/indicators/5.1/" in cite
    assert "accessed" in cite
    assert "CC BY 4.0" in page


@pytest.mark.usefixtures("unemployment")
def test_the_embed_shows_the_chart_latest_figure_source_and_a_link_back(client, english):
    response = client.get("/en/embed/indicators/5.1/")
    page = response.text
    assert "<svg" in page
    assert "5.50" in page
    assert "GUS" in page
    assert 'href="http://testserver/en/indicators/5.1/"' in page


@pytest.mark.usefixtures("unemployment")
def test_only_the_embed_may_be_framed_by_other_sites(client):
    embed = client.get("/embed/indicators/5.1/")
    assert "X-Frame-Options" not in embed
    assert "frame-ancestors *" in embed["Content-Security-Policy"]
    page = client.get("/indicators/5.1/")
    assert page["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in page["Content-Security-Policy"]


def test_an_embed_of_an_unknown_indicator_is_404(client, catalogue):
    assert client.get("/embed/indicators/99.99/").status_code == 404


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("/en/indicators/5.1/", "text/html"),
        ("/en/iso-37120/data.csv", "text/csv"),
        ("/api/themes/", "json"),
    ],
)
@pytest.mark.usefixtures("demo_values")
def test_html_csv_and_json_responses_are_compressed(client, path, content_type):
    response = client.get(path, HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    assert content_type in response["Content-Type"]
    assert gzip.decompress(response.content)


@pytest.mark.parametrize("prefix", ["", "/de", "/en"])
@pytest.mark.usefixtures("unemployment")
def test_spreadsheet_csv_starts_with_a_byte_order_mark(client, prefix):
    assert client.get(f"{prefix}/indicators/5.1/data.csv").content.startswith(b"\xef\xbb\xbf")
