"""A parameter that is not a plain year (or id) gets a 400 page in the visitor's language, never a 500."""

import pytest
from django.urls import reverse

from indicators.models import IndicatorValue

NOT_PLAIN = ["²", "٢٠١٩", "2019.5", "-2019", "abc", "1e3"]


@pytest.mark.parametrize("year", NOT_PLAIN)
def test_the_iso_table_download_answers_400_to_a_year_that_is_not_plain(client, catalogue, year):
    response = client.get("/iso-37120/data.csv", {"year": year})
    assert response.status_code == 400
    assert "Nieprawidłowe żądanie" in response.content.decode()


def test_the_400_page_speaks_english_under_en(client, catalogue):
    response = client.get("/en/iso-37120/data.csv", {"year": "²"})
    assert response.status_code == 400
    assert "Bad request" in response.content.decode()


def test_the_iso_table_answers_400_to_a_year_that_is_not_plain(client, catalogue):
    assert client.get("/iso-37120/", {"year": "²"}).status_code == 400


def test_a_plain_year_without_data_still_shows_the_latest_year(client, catalogue):
    assert client.get("/iso-37120/", {"year": "1850"}).status_code == 200


@pytest.mark.parametrize(
    ("view", "query"),
    [
        ("admin:indicators_quality", {"year": "²"}),
        ("admin:indicators_year_entry", {"year": "²"}),
        ("admin:indicators_year_entry", {"theme": "²"}),
    ],
)
def test_admin_pages_answer_400_to_a_parameter_that_is_not_plain(client, statistician, view, query):
    client.force_login(statistician)
    assert client.get(reverse(view), query).status_code == 400


@pytest.mark.parametrize("query", [{"year": "²"}, {"ids": "1,²"}])
def test_the_history_export_answers_400_to_a_parameter_that_is_not_plain(client, auditor, query):
    client.force_login(auditor)
    url = reverse("admin:indicators_history_export", args=["csv"])
    assert client.get(url, query).status_code == 400


@pytest.mark.parametrize("seen_version", ["٣", "²", "1.0"])
def test_the_year_entry_grid_answers_400_to_a_seen_version_that_is_not_plain_and_saves_nothing(
    client, statistician, indicator, seen_version
):
    client.force_login(statistician)
    url = reverse("admin:indicators_year_entry") + f"?city=gdansk&year=2019&theme={indicator.theme_id}"
    prefix = f"i{indicator.pk}"
    response = client.post(url, {f"{prefix}-value": "5", f"{prefix}-seen-version": seen_version})
    assert response.status_code == 400
    assert not IndicatorValue.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/values/", "/api/values/bulk/"])
def test_a_deeply_nested_json_body_is_a_400_not_a_server_error(client, statistician, path):
    client.force_login(statistician)
    depth = 100_000
    response = client.post(path, "[" * depth + "]" * depth, content_type="application/json")
    assert response.status_code == 400
