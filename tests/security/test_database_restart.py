"""After PostgreSQL drops a worker's persistent connection, the next request reconnects instead of failing."""

import psycopg
import pytest
from django.db import connection


def drop_the_connection():
    """What a restarted server does to a persistent connection: its backend ends."""
    backend = connection.connection.info.backend_pid
    params = connection.get_connection_params()
    with psycopg.connect(**params, autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [backend])


@pytest.mark.django_db(transaction=True)
def test_a_request_after_the_connection_was_dropped_succeeds(client, catalogue, monkeypatch):
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", 600)
    connection.close()
    assert client.get("/api/themes/").status_code == 200
    drop_the_connection()
    connection.close_if_unusable_or_obsolete()  # what Django does when a request starts
    assert client.get("/api/themes/").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_a_cached_page_after_the_connection_was_dropped_is_served_without_a_separate_health_check(
    client, catalogue, monkeypatch, empty_cache
):
    """The page cache's read of the data version is the connection's health check: no `SELECT 1` first."""
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", 600)
    connection.close()
    assert client.get("/").status_code == 200
    assert client.get("/").status_code == 200
    checks = []
    monkeypatch.setattr(connection, "is_usable", lambda: checks.append(True) or True)
    drop_the_connection()
    connection.close_if_unusable_or_obsolete()
    assert client.get("/").status_code == 200
    assert checks == []
