from decimal import Decimal

from indicators.models import IndicatorValue
from indicators.selectors import published_revisions, published_values
from indicators.services import save_value


def publish(value):
    value.status = IndicatorValue.Status.PUBLISHED
    value.save()


def test_published_values_leave_out_drafts_and_verified(gdansk, indicator):
    save_value(city=gdansk, indicator=indicator, year=2018, value=Decimal(1))
    save_value(city=gdansk, indicator=indicator, year=2019, value=Decimal(2), status="verified")
    shown, _ = save_value(city=gdansk, indicator=indicator, year=2020, value=Decimal(3), status="published")
    assert list(published_values(city=gdansk)) == [shown]


def test_a_republished_correction_is_a_revision_with_the_earlier_figure(gdansk, indicator):
    value, _ = save_value(
        city=gdansk, indicator=indicator, year=2019, value=Decimal("5.1"), status="published"
    )
    value, _ = save_value(
        city=gdansk, indicator=indicator, year=2019, value=Decimal("4.8"), revision_note="GUS correction"
    )
    revision = published_revisions([value])[value.pk]
    assert (revision.earlier, revision.note) == (Decimal("5.1"), "GUS correction")


def test_a_withdrawn_and_republished_correction_is_a_revision(gdansk, indicator):
    save_value(city=gdansk, indicator=indicator, year=2019, value=Decimal("5.1"), status="published")
    save_value(city=gdansk, indicator=indicator, year=2019, value=Decimal("5.1"), status="draft")
    save_value(city=gdansk, indicator=indicator, year=2019, value=Decimal("4.8"))
    value, _ = save_value(
        city=gdansk, indicator=indicator, year=2019, value=Decimal("4.8"), status="published"
    )
    assert published_revisions([value])[value.pk].earlier == Decimal("5.1")


def test_a_value_published_once_has_no_revision(gdansk, indicator):
    value, _ = save_value(
        city=gdansk, indicator=indicator, year=2019, value=Decimal("5.1"), status="published"
    )
    assert published_revisions([value]) == {}
