"""The data version's read is a statement prepared once per connection (indicators.prepared)."""

import contextlib

import pytest
from django.db import DatabaseError, connection, transaction

from indicators.models import DataVersion

pytestmark = pytest.mark.django_db(transaction=True)


def prepared_statements() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM pg_prepared_statements")
        return [name for (name,) in cursor.fetchall()]


def test_the_version_is_read_through_one_statement_prepared_on_the_connection():
    first = DataVersion.objects.current()
    DataVersion.objects.bump()
    assert DataVersion.objects.current().number == first.number + 1
    assert prepared_statements().count("data_version") == 1


def test_a_new_connection_prepares_the_statement_again():
    DataVersion.objects.current()
    connection.close()
    assert DataVersion.objects.current().number >= 0
    assert "data_version" in prepared_statements()


def test_a_statement_the_server_lost_is_prepared_again_and_read():
    DataVersion.objects.current()
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")
    assert DataVersion.objects.current().number >= 0
    assert prepared_statements().count("data_version") == 1


def test_a_statement_the_server_lost_inside_a_transaction_fails_that_read_only():
    DataVersion.objects.current()
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        with pytest.raises(DatabaseError):
            DataVersion.objects.current()
        transaction.set_rollback(True)
    assert DataVersion.objects.current().number >= 0


def test_a_read_failing_in_an_aborted_transaction_leaves_the_next_transactions_read_working():
    DataVersion.objects.current()
    with transaction.atomic():
        with connection.cursor() as cursor, contextlib.suppress(DatabaseError):
            cursor.execute("SELECT 1 / 0")
        with pytest.raises(DatabaseError):
            DataVersion.objects.current()
        transaction.set_rollback(True)
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        assert DataVersion.objects.current().number >= 0
