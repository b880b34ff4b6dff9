import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_per_minute(settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": "2/minute"}}


def test_anonymous_client_over_the_rate_gets_429_with_retry_after(client_api, catalogue, two_per_minute):
    for _ in range(2):
        assert client_api.get("/api/themes/?lang=en").status_code == 200
    response = client_api.get("/api/themes/?lang=en")
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    assert "throttled" in response.json()["detail"]


def test_authenticated_clients_are_not_throttled_as_anonymous(client_api, statistician, two_per_minute):
    client_api.force_authenticate(statistician)
    assert all(client_api.get("/api/themes/").status_code == 200 for _ in range(4))


def test_default_rate_lets_an_ordinary_client_through(client_api, catalogue):
    assert all(client_api.get("/api/cities/").status_code == 200 for _ in range(10))
