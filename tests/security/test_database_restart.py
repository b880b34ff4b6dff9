"""After PostgreSQL drops a worker's persistent connection, the next request reconnects instead of failing."""

import psycopg
import pytest
from django.db import connection


@pytest.mark.django_db(transaction=True)
def test_a_request_after_the_connection_was_dropped_succeeds(client, catalogue, monkeypatch):
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", 600)
    connection.close()
    assert client.get("/api/themes/").status_code == 200
    backend = connection.connection.info.backend_pid
    params = connection.get_connection_params()
    with psycopg.connect(**params, autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [backend])
    connection.close_if_unusable_or_obsolete()  # what Django does when a request starts
    assert client.get("/api/themes/").status_code == 200
