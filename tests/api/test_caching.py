import pytest

from indicators.models import IndicatorValue
from indicators.services import save_value

pytestmark = pytest.mark.django_db


def test_public_get_carries_validators_and_cache_control(client_api, publish_value):
    publish_value("5.1", 2019, "4")
    response = client_api.get("/api/values/")
    assert response["ETag"].startswith('"')
    assert response["Last-Modified"].endswith("GMT")
    assert response["Cache-Control"] == "public, max-age=60"
    assert "Accept-Language" in response["Vary"]


def test_revalidation_with_the_etag_gives_304(client_api, publish_value):
    publish_value("5.1", 2019, "4")
    etag = client_api.get("/api/values/?indicator=5.1")["ETag"]
    response = client_api.get("/api/values/?indicator=5.1", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag


def test_revalidation_with_last_modified_gives_304(client_api, publish_value):
    publish_value("5.1", 2019, "4")
    last_modified = client_api.get("/api/indicators/")["Last-Modified"]
    assert client_api.get("/api/indicators/", HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304


def test_revalidation_costs_no_more_than_the_data_version(
    client_api, publish_value, django_assert_max_num_queries
):
    publish_value("5.1", 2019, "4")
    etag = client_api.get("/api/values/")["ETag"]
    with django_assert_max_num_queries(1):
        assert client_api.get("/api/values/", HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_a_published_change_gives_a_new_etag(client_api, publish_value, gdansk, indicator):
    value = publish_value("5.1", 2019, "4")
    etag = client_api.get("/api/values/")["ETag"]
    save_value(
        city=gdansk,
        indicator=indicator,
        year=2019,
        value=value.value,
        source=value.source,
        status=IndicatorValue.Status.DRAFT,
        change_reason="withdrawn for checking",
    )
    response = client_api.get("/api/values/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response.json()["count"] == 0


def test_a_deleted_value_gives_a_new_etag(client_api, publish_value):
    value = publish_value("5.1", 2019, "4")
    etag = client_api.get("/api/values/")["ETag"]
    value.delete()
    assert client_api.get("/api/values/", HTTP_IF_NONE_MATCH=etag).status_code == 200


@pytest.mark.parametrize("other", ["?format=csv", "?lang=en", "?page=1"])
def test_each_representation_has_its_own_etag(client_api, publish_value, other):
    publish_value("5.1", 2019, "4")
    assert client_api.get("/api/values/")["ETag"] != client_api.get(f"/api/values/{other}")["ETag"]


def test_errors_carry_no_cache_validators(client_api, catalogue):
    response = client_api.get("/api/indicators/99.9/")
    assert response.status_code == 404
    assert not response.has_header("ETag")
