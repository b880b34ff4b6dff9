"""The loser of a race between two writers (two sessions, two PostgreSQL connections) is told why with a
412 or 409, never a 500: a deadlock or a serialization failure the database resolves by cancelling one
transaction is answered as a conflict to retry, and nothing of the cancelled request is written."""

import threading
import time
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client

from indicators.api import views
from indicators.models import IndicatorValue
from indicators.services import save_value

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks of PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


def run_together(*calls):
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            results[index] = call()
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index, call)) for index, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def signed_in(user):
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


@pytest.fixture
def two_values(gdansk, indicator, statistician):
    for year in (2018, 2019):
        save_value(user=statistician, city=gdansk, indicator=indicator, year=year, value=Decimal(5))


def test_two_bulk_writes_locking_the_same_values_in_opposite_order_end_in_200_and_409(
    two_values, statistician, monkeypatch
):
    """Each request saves its first value, waits, then wants the other's: PostgreSQL detects the deadlock
    and cancels one of them."""
    real_save = views.save_value

    def slow_save(**arguments):
        saved = real_save(**arguments)
        time.sleep(0.5)
        return saved

    monkeypatch.setattr(views, "save_value", slow_save)

    def bulk(years, figure):
        items = [{"city": "gdansk", "indicator": "5.1", "year": year, "value": figure} for year in years]
        return lambda: signed_in(statistician).post(
            "/api/values/bulk/", items, content_type="application/json"
        )

    responses = run_together(bulk([2018, 2019], "6"), bulk([2019, 2018], "7"))
    statuses = sorted(response.status_code for response in responses)
    assert statuses == [200, 409], [response.content for response in responses]
    figures = set(IndicatorValue.objects.values_list("value", flat=True))
    assert len(figures) == 1  # the winner's figure in both: nothing of the loser's request


def test_two_patches_of_the_same_version_end_in_200_and_412(gdansk, indicator, statistician):
    value, _ = save_value(user=statistician, city=gdansk, indicator=indicator, year=2019, value=Decimal(5))
    etag = f'"value-{value.pk}-v{value.version}"'

    def patch(figure):
        return lambda: signed_in(statistician).patch(
            f"/api/values/{value.pk}/",
            {"value": figure},
            content_type="application/json",
            headers={"If-Match": etag},
        )

    statuses = sorted(response.status_code for response in run_together(patch("6"), patch("7")))
    assert statuses == [200, 412]


def test_two_posts_of_the_same_new_value_end_in_201_and_409(gdansk, indicator, statistician):
    body = {"city": "gdansk", "indicator": "5.1", "year": 2019, "value": "5"}

    def post():
        return signed_in(statistician).post("/api/values/", body, content_type="application/json")

    statuses = sorted(response.status_code for response in run_together(post, post))
    assert statuses == [201, 409]
