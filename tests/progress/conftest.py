import pytest
from django.core.cache import cache
from django.core.management import call_command

from indicators.management.commands.load_demo_data import HOME_DEMO


@pytest.fixture(autouse=True)
def fresh_page_cache():
    """Pages are cached across requests; every test starts from an empty cache."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def demo_values(catalogue):
    """The home city's demo values."""
    call_command("load_demo_data", "--fixture", str(HOME_DEMO), verbosity=0)
