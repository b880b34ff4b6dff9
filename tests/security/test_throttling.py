"""API throttling that a client cannot reset by itself, that counts users too, and that lives in the cache."""

import os

import pytest
import redis
from django.core.cache import cache

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def small_rates(settings):
    cache.clear()
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "2/minute", "user": "3/minute"},
    }
    yield
    cache.clear()


def test_a_forged_forwarded_for_header_does_not_reset_the_count(client, catalogue):
    for _ in range(2):
        assert client.get("/api/themes/").status_code == 200
    assert client.get("/api/themes/", HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 429


def test_behind_one_trusted_proxy_each_forwarded_client_is_counted_apart(client, catalogue, settings):
    settings.NUM_PROXIES = 1
    for _ in range(2):
        assert client.get("/api/themes/", HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 200
    assert client.get("/api/themes/", HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 429
    assert client.get("/api/themes/", HTTP_X_FORWARDED_FOR="198.51.100.2").status_code == 200


def test_a_token_user_over_the_user_rate_gets_429(client, statistician):
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=statistician)
    answers = [
        client.get("/api/themes/", HTTP_AUTHORIZATION=f"Token {token.key}").status_code for _ in range(4)
    ]
    assert answers == [200, 200, 200, 429]


def test_a_session_user_over_the_user_rate_gets_429(client, statistician):
    client.force_login(statistician)
    assert [client.get("/api/themes/").status_code for _ in range(4)] == [200, 200, 200, 429]


@pytest.mark.skipif("REDIS_TEST_URL" not in os.environ, reason="needs REDIS_TEST_URL (.ci/run starts Redis)")
def test_throttle_counts_are_shared_through_a_redis_cache(client, catalogue, settings):
    url = os.environ["REDIS_TEST_URL"]
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}}
    shared = redis.Redis.from_url(url)
    shared.flushdb()
    for _ in range(2):
        assert client.get("/api/themes/").status_code == 200
    assert any(b"throttle_anon" in key for key in shared.keys("*"))
    assert client.get("/api/themes/").status_code == 429
    shared.flushdb()
