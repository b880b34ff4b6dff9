"""Repeated wrong passwords lock the admin login, per user and per address, until an administrator unlocks."""

import pytest
from django.core.management import call_command

LOGIN = "/admin/login/"
RIGHT = "correct horse battery"


def attempt(client, username, password, address="192.0.2.10"):
    return client.post(
        LOGIN, {"username": username, "password": password, "next": "/admin/"}, REMOTE_ADDR=address
    )


@pytest.fixture
def failure_limit(settings):
    settings.AXES_FAILURE_LIMIT = 5
    return 5


def test_the_right_password_after_repeated_failures_is_refused(client, reviewer, failure_limit):
    for number in range(failure_limit):
        attempt(client, "rev", f"guess {number}", address=f"192.0.2.{number + 1}")
    response = attempt(client, "rev", RIGHT, address="198.51.100.7")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_repeated_failures_from_one_address_lock_that_address(client, reviewer, auditor, failure_limit):
    for number in range(failure_limit):
        attempt(client, f"someone{number}", "guess")
    assert attempt(client, "aud", RIGHT).status_code == 429
    assert attempt(client, "aud", RIGHT, address="198.51.100.8").status_code == 302


def test_the_lockout_page_speaks_the_visitors_language(client, reviewer, failure_limit):
    for number in range(failure_limit):
        attempt(client, "rev", f"guess {number}")
    response = client.post(
        "/en/admin/login/", {"username": "rev", "password": RIGHT}, REMOTE_ADDR="192.0.2.10"
    )
    assert response.status_code == 429
    assert "Too many failed login attempts" in response.content.decode()


def test_axes_reset_username_unlocks_the_account(client, reviewer, failure_limit):
    for number in range(failure_limit):
        attempt(client, "rev", f"guess {number}")
    call_command("axes_reset_username", "rev")
    assert attempt(client, "rev", RIGHT).status_code == 302
