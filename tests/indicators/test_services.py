from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from indicators.models import IndicatorValue
from indicators.services import apply_planned_values, save_value


def test_save_value_creates_a_draft(gdansk, indicator, statistician):
    value, outcome = save_value(
        city=gdansk, indicator=indicator, year=2019, value=Decimal("5.1"), user=statistician
    )
    assert outcome == "created"
    assert value.status == IndicatorValue.Status.DRAFT
    assert value.created_by == statistician


def test_save_value_with_the_same_figure_reports_unchanged(gdansk, indicator):
    save_value(city=gdansk, indicator=indicator, year=2019, value=Decimal("5.1"), source="GUS")
    _, outcome = save_value(city=gdansk, indicator=indicator, year=2019, value=Decimal("5.10"), source="GUS")
    assert outcome == "unchanged"
    assert IndicatorValue.objects.get().history.count() == 1


def test_save_value_records_the_old_figure_in_history(gdansk, indicator, statistician):
    save_value(city=gdansk, indicator=indicator, year=2019, value=Decimal("5.1"))
    value, outcome = save_value(
        city=gdansk, indicator=indicator, year=2019, value=Decimal("4.9"), user=statistician
    )
    assert outcome == "updated"
    newest, previous = value.history.all()[:2]
    assert (previous.value, newest.value) == (Decimal("5.1"), Decimal("4.9"))
    assert newest.history_user == statistician


def test_save_value_refuses_an_invalid_value_and_writes_nothing(gdansk, indicator):
    with pytest.raises(ValidationError):
        save_value(city=gdansk, indicator=indicator, year=2019, value=Decimal(150))
    assert not IndicatorValue.objects.exists()


def test_apply_planned_values_refuses_every_row_with_the_same_invalid_figure(gdansk, indicator):
    too_precise = Decimal("5.1234567")  # seven decimal places; the registry keeps six
    rows = [
        {"city": gdansk, "indicator": indicator, "year": year, "value": too_precise} for year in (2018, 2019)
    ]
    result = apply_planned_values(rows=rows, dry_run=True)
    assert [(index, field) for index, field, _message in result["errors"]] == [(0, "value"), (1, "value")]


def test_apply_planned_values_checks_each_row_after_the_same_figure_passed(gdansk, indicator):
    rows = [
        {"city": gdansk, "indicator": indicator, "year": 2018, "value": Decimal("5.1")},
        {"city": gdansk, "indicator": indicator, "year": 2019, "value": Decimal("5.1"), "source": "x" * 5},
        {"city": gdansk, "indicator": indicator, "year": 2020, "value": Decimal("5.10000000")},
    ]
    result = apply_planned_values(rows=rows, dry_run=True)
    assert [(index, field) for index, field, _message in result["errors"]] == [(2, "value")]
