from decimal import Decimal

import pytest
from django.core.management import call_command

from indicators.management.commands.load_demo_data import HOME_DEMO
from indicators.models import Indicator
from indicators.services import save_value

DRAFT_SENTINEL = Decimal("987654.321")
SENTINEL_SPELLINGS = ("987654", "987 654", "987\u00a0654", "987,654", "987.654", "SENTINEL SOURCE")


@pytest.fixture(autouse=True)
def fresh_page_cache(empty_cache):
    """Pages are cached across requests; every test here starts from an empty cache."""


@pytest.fixture
def demo_values(catalogue):
    """The home city's demo values (the neighbours' are loaded only where a test compares cities)."""
    call_command("load_demo_data", "--fixture", str(HOME_DEMO), verbosity=0)


@pytest.fixture
def demo_values_with_neighbours(catalogue):
    call_command("load_demo_data", verbosity=0)


@pytest.fixture
def draft_sentinel(demo_values, gdansk):
    """A draft figure on 7.1 (a home-page headline) for the next year: it must appear nowhere in public."""
    indicator = Indicator.objects.get(edition=2014, code="7.1")
    value, _ = save_value(
        city=gdansk, indicator=indicator, year=2023, value=DRAFT_SENTINEL, source="SENTINEL SOURCE"
    )
    return value
