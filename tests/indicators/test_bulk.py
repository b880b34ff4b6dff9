from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from indicators import bulk
from indicators.models import IndicatorValue


def test_values_inserted_in_bulk_read_back_exactly_as_given(gdansk, indicator, reviewer):
    moment = timezone.now()
    given = IndicatorValue(
        city=gdansk,
        indicator=indicator,
        year=2019,
        value=Decimal("5.123457"),
        numerator=Decimal("51.5"),
        denominator=Decimal("1000"),
        source="GUS\tBDL\n\\tabela 3, „Rynek pracy”",
        notes="",
        status=IndicatorValue.Status.PUBLISHED,
        verified_by=reviewer,
        verified_at=moment,
        published_by=reviewer,
        published_at=moment,
    )
    bulk.insert_values([given])
    stored = IndicatorValue.objects.get()
    fields = [field.attname for field in IndicatorValue._meta.concrete_fields]
    assert [getattr(stored, name) for name in fields] == [getattr(given, name) for name in fields]
    assert stored.created_at is not None
    assert not given._state.adding


def test_history_copied_in_bulk_names_the_user_the_reason_the_time_and_the_kind_of_change(
    gdansk, indicator, reviewer
):
    value = IndicatorValue(city=gdansk, indicator=indicator, year=2019, value=Decimal(5))
    bulk.insert_values([value])
    moment = timezone.now()
    bulk.copy_into_history([value], "+", user=reviewer, change_reason="imported", when=moment)
    entry = IndicatorValue.history.get()
    assert (entry.id, entry.history_user, entry.history_change_reason, entry.history_date) == (
        value.pk,
        reviewer,
        "imported",
        moment,
    )
    assert (entry.history_type, entry.value) == ("+", Decimal(5))


def test_values_inserted_in_bulk_on_postgresql_are_streamed_with_copy_not_insert(gdansk, indicator):
    values = [
        IndicatorValue(city=gdansk, indicator=indicator, year=year, value=Decimal(5)) for year in (2018, 2019)
    ]
    with CaptureQueriesContext(connection) as queries:
        bulk.insert_values(values)
    assert not [query["sql"] for query in queries if query["sql"].lstrip().upper().startswith("INSERT")]
    assert IndicatorValue.objects.count() == 2


def test_a_field_type_copy_does_not_take_as_it_is_is_prepared_by_its_field(gdansk, indicator, monkeypatch):
    monkeypatch.setattr(bulk, "COPY_AS_IS", bulk.COPY_AS_IS - {"DecimalField", "DateTimeField"})
    given = IndicatorValue(city=gdansk, indicator=indicator, year=2019, value=Decimal("5.123457"))
    bulk.insert_values([given])
    stored = IndicatorValue.objects.get()
    assert (stored.value, stored.created_at) == (Decimal("5.123457"), given.created_at)


def test_a_figure_of_another_type_than_its_column_is_refused_by_copy_not_converted(gdansk, indicator):
    given = IndicatorValue(city=gdansk, indicator=indicator, year=2019, value=0.1 + 0.2)
    with pytest.raises(TypeError):
        bulk.insert_values([given])
