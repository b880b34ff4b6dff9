"""Residents read why a published figure was corrected, where the README promises it."""

from decimal import Decimal

import pytest

from indicators.models import Indicator
from indicators.services import save_value

NOTE = "GUS corrected the <labour force> survey."


@pytest.fixture
def corrected(catalogue, gdansk):
    indicator = Indicator.objects.get(edition=2014, code="5.1")
    save_value(city=gdansk, indicator=indicator, year=2019, value=Decimal("5.1"), status="published")
    save_value(city=gdansk, indicator=indicator, year=2019, value=Decimal("4.8"), revision_note=NOTE)


def test_the_indicator_page_shows_the_public_revision_note(client, corrected):
    assert "GUS corrected the &lt;labour force&gt; survey." in client.get("/en/indicators/5.1/").text


def test_the_iso_table_shows_the_public_revision_note(client, corrected):
    assert "GUS corrected the &lt;labour force&gt; survey." in client.get("/en/iso-37120/?year=2019").text
