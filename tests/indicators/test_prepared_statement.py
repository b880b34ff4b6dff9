"""The data version's read is a statement prepared once per connection (indicators.prepared)."""

import pytest
from django.db import DatabaseError, connection

from indicators import prepared
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


def test_a_statement_the_server_lost_fails_one_read_and_is_prepared_again_for_the_next():
    DataVersion.objects.current()
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE data_version")
    with pytest.raises(DatabaseError):
        DataVersion.objects.current()
    assert DataVersion.objects.current().number >= 0


def test_a_statement_already_prepared_on_the_connection_is_used_as_it_is():
    DataVersion.objects.current()
    prepared._prepared_on.clear()
    assert DataVersion.objects.current().number >= 0
    assert prepared_statements().count("data_version") == 1
