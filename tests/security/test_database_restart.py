"""After PostgreSQL drops a worker's persistent connection, the next request reconnects instead of failing."""

import psycopg
import pytest
from django.db import OperationalError, connection
from django.test import RequestFactory

from indicators import data_version
from tests.wsgi import answer


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


@pytest.mark.django_db(transaction=True)
def test_an_api_request_asks_no_separate_health_check_before_reading_the_version(catalogue, monkeypatch):
    """The API's read of the data version is its connection's check, through Django's whole request
    cycle as a server runs it: no `SELECT 1` before it."""
    from gdansk_iso.wsgi import application

    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", 600)
    environ = RequestFactory().get("/api/themes/").environ
    assert answer(application, dict(environ))[0].startswith("200")
    checks = []
    monkeypatch.setattr(connection, "is_usable", lambda: checks.append(True) or True)
    assert answer(application, dict(environ))[0].startswith("200")
    assert checks == []


@pytest.mark.django_db(transaction=True)
def test_a_database_that_cannot_be_reached_is_tried_once_by_the_page_server(catalogue, monkeypatch):
    attempts = []

    def refuse(_params):
        attempts.append(True)
        raise psycopg.OperationalError("connection refused")

    connection.close()
    monkeypatch.setattr(connection, "get_new_connection", refuse)
    with pytest.raises(OperationalError):
        data_version.read_before_the_request({})
    assert len(attempts) == 1
