"""Details real clients tripped on: a form's empty action, a <time> with microseconds, /favicon.ico."""

import re

import pytest
from django.core.cache import cache

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_page_cache(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    yield
    cache.clear()


@pytest.mark.parametrize("path", ["/en/indicators/5.1/compare/", "/en/themes/5/compare/"])
def test_the_comparison_forms_have_no_empty_action(client, catalogue, path):
    response = client.get(path)
    assert response.status_code == 200
    assert "<form" in response.content.decode()
    assert 'action=""' not in response.content.decode()


def test_the_downloads_page_dates_its_data_without_microseconds(client, catalogue):
    from decimal import Decimal

    from indicators.models import City, Indicator
    from indicators.services import save_value

    save_value(
        city=City.objects.get(slug="gdansk"),
        indicator=Indicator.objects.get(edition=2014, code="5.1"),
        year=2019,
        value=Decimal(4),
        status="published",
    )
    page = client.get("/en/downloads/").content.decode()
    stamps = re.findall(r'<time datetime="([^"]+)"', page)
    assert stamps
    for stamp in stamps:
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,3})?([+-]\d\d:?\d\d|Z)", stamp), stamp


def test_favicon_ico_is_served(client):
    response = client.get("/favicon.ico")
    assert response.status_code in (200, 301, 302)
    if response.status_code != 200:
        response = client.get(response["Location"])
    assert response.status_code == 200
