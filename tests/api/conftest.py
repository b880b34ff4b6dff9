from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from indicators.models import Indicator, IndicatorValue
from indicators.services import save_value

SENTINEL = "UNPUBLISHED-SENTINEL"


@pytest.fixture(autouse=True)
def fresh_throttle_and_files(settings, tmp_path, empty_cache):
    """Throttle counters live in the cache and downloads under MEDIA_ROOT: isolate both per test."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def client_api():
    return APIClient()


@pytest.fixture
def publish_value(gdansk):
    """Save a value through the service and publish it (as the workflow would)."""

    def make(code, year, number=None, *, city=None, text="", source="GUS", edition=2014, **gap):
        indicator = Indicator.objects.get(edition=edition, code=code)
        value, _outcome = save_value(
            city=city or gdansk,
            indicator=indicator,
            year=year,
            value=None if number is None else Decimal(number),
            text_value=text,
            source=source,
            **gap,
            status=IndicatorValue.Status.PUBLISHED,
            revision_note="Corrected figure.",  # used only when a published figure changes
        )
        return value

    return make


@pytest.fixture
def unpublished(gdansk, indicator):
    """A draft and a verified value whose source is a sentinel no public response may ever contain."""
    draft, _ = save_value(city=gdansk, indicator=indicator, year=2020, value=Decimal("7.77"), source=SENTINEL)
    verified, _ = save_value(
        city=gdansk,
        indicator=indicator,
        year=2021,
        value=Decimal("8.88"),
        source=SENTINEL,
        status=IndicatorValue.Status.VERIFIED,
    )
    return [draft, verified]
