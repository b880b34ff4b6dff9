from decimal import Decimal

import pytest
from django.core.cache import cache

from indicators.models import City, Indicator, IndicatorValue

PUBLISHED = IndicatorValue.Status.PUBLISHED


@pytest.fixture(autouse=True)
def fresh_page_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def add_city(catalogue):
    def add(slug, country="PL", region="", name=None):
        return City.objects.create(slug=slug, name=name or slug.title(), country=country, region=region)

    return add


@pytest.fixture
def publish(catalogue):
    """Figures written straight to the table: the comparison reads what is stored, whatever wrote it."""

    def publish(city, code, year, value, status=PUBLISHED, source="", edition=2014):
        indicator = Indicator.objects.get(edition=edition, code=code)
        return IndicatorValue.objects.create(
            city=city, indicator=indicator, year=year, value=Decimal(value), status=status, source=source
        )

    return publish
