from decimal import Decimal

import pytest

from indicators.services import save_value


@pytest.fixture
def draft(gdansk, indicator, statistician):
    value, _ = save_value(
        user=statistician, city=gdansk, indicator=indicator, year=2019, value=Decimal("5.1"), source="GUS"
    )
    return value


@pytest.fixture
def verified(draft, reviewer):
    from indicators.services import verify

    return verify(user=reviewer, value=draft)


@pytest.fixture
def published(verified, reviewer):
    from indicators.services import publish

    return publish(user=reviewer, value=verified)
