from decimal import Decimal

import pytest

from indicators.models import City, Indicator, IndicatorValue

PUBLISHED = IndicatorValue.Status.PUBLISHED


@pytest.fixture(autouse=True)
def fresh_page_cache(empty_cache):
    """Pages are cached across requests; every test here starts from an empty cache."""


@pytest.fixture
def add_city(catalogue):
    def add(slug, country="PL", region="", name=None):
        return City.objects.create(slug=slug, name=name or slug.title(), country=country, region=region)

    return add


@pytest.fixture
def store_figure(catalogue):
    """Figures written straight to the table, published by default: the comparison reads what is
    stored, whatever wrote it (the api tests' `publish_value` goes through the service instead)."""

    def store(city, code, year, value, status=PUBLISHED, source="", edition=2014):
        indicator = Indicator.objects.get(edition=edition, code=code)
        return IndicatorValue.objects.create(
            city=city, indicator=indicator, year=year, value=Decimal(value), status=status, source=source
        )

    return store
