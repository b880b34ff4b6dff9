"""The year being collected follows the city's open round: the grid and the quality page open on it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from indicators.collection import services
from indicators.collection.models import RoundItem
from indicators.selectors import collection_year

from .conftest import YEAR

ROUND_YEAR = YEAR + 1  # without a round and published figures the city collects last year, a later one


@pytest.fixture
def later_round(owners, gdansk):
    return services.open_round(
        city=gdansk, year=ROUND_YEAR, due_date=timezone.localdate() + timedelta(days=30), user=None
    )


def past_due(collection_round):
    collection_round.due_date = timezone.localdate() - timedelta(days=10)
    collection_round.save()


def test_an_open_round_sets_the_year_being_collected(later_round, gdansk):
    assert collection_year(gdansk) == ROUND_YEAR


def test_a_round_past_its_due_date_with_figures_owed_is_still_collected(later_round, gdansk):
    past_due(later_round)
    assert collection_year(gdansk) == ROUND_YEAR


def test_a_round_past_its_due_date_and_fully_answered_no_longer_sets_the_year(later_round, gdansk):
    past_due(later_round)
    RoundItem.objects.filter(request__round=later_round).update(answered_at=timezone.now())
    assert collection_year(gdansk) == timezone.localdate().year - 1
