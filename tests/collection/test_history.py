"""Everything in the history: who was asked what and when, to which addresses the letters went, and who
answered through which link."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from indicators.collection import services
from indicators.collection.answers import link_name
from indicators.collection.links import link_token
from indicators.collection.models import OwnerContact, RoundItem
from indicators.models import IndicatorValue

from .conftest import YEAR

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_throttle():
    cache.clear()


def send_answer(client, request, code, figure):
    item = RoundItem.objects.get(request=request, indicator__code=code)
    data = {f"i{item.pk}-value": figure, "action": "send"}
    return client.post(f"/answer/{link_token(request)}/", data)


def test_the_history_records_what_each_owner_was_asked_and_when(collection_round, owners, request_of):
    asked = {
        (record.request.owner.name_pl, record.indicator.code, record.part): record
        for record in RoundItem.history.filter(history_type="+").select_related("request__owner", "indicator")
    }
    assert set(asked) == {
        ("Gdańskie Wody", "20.1", "figure"),
        ("Gdańskie Wody", "8.1", "figure"),
        ("Komenda Miejska Policji", "14.1", "numerator"),
        ("Wydział Spraw Obywatelskich", "14.1", "denominator"),
        ("Wydział Spraw Obywatelskich", "PPL-01", "figure"),
    }
    opened = collection_round.history.get().history_date
    assert all(abs(record.history_date - opened) < timedelta(minutes=1) for record in asked.values())
    assert asked["Gdańskie Wody", "20.1", "figure"].note == "Rejestr przyłączy"


def test_the_history_records_to_whom_and_when_the_letter_and_each_reminder_went(
    collection_round, owners, request_of, mailoutbox
):
    OwnerContact.objects.create(
        owner=owners["police"], name="Piotr Wiśniewski", email="piotr@policja.example"
    )
    services.send_letters(collection_round=collection_round)
    police = request_of(owners["police"])
    letter = police.history.latest()
    assert letter.sent_to == "jan@policja.example, piotr@policja.example"
    assert letter.sent_at == police.sent_at
    OwnerContact.objects.filter(email="piotr@policja.example").delete()
    services.send_reminders(today=collection_round.due_date + timedelta(days=1))
    reminder = police.history.latest()
    assert reminder.sent_to == "jan@policja.example"
    assert reminder.last_reminded_at is not None
    assert police.history.filter(sent_to__contains="piotr@").exists()  # the letter's addresses stay


def test_the_history_records_which_link_an_answer_came_through(client, collection_round, owners, request_of):
    water = request_of(owners["water"])
    send_answer(client, water, "8.1", "12")
    first_link = link_name(water)
    water = services.issue_new_link(request=water)
    send_answer(client, water, "8.1", "13")
    reasons = [
        record.history_change_reason
        for record in RoundItem.history.filter(indicator__code="8.1", request=water).order_by("history_date")
    ]
    assert reasons[-2].endswith(first_link)
    assert reasons[-1].endswith(link_name(water))
    assert first_link != link_name(water)
    value = IndicatorValue.objects.get(indicator__code="8.1", year=YEAR)
    assert [record.history_change_reason for record in value.history.order_by("history_date")] == reasons[-2:]


def test_an_owner_with_a_long_name_answers_and_the_history_keeps_the_link(
    client, collection_round, owners, request_of
):
    water = owners["water"]
    water.name_pl = "Gdańskie Wody – " + "Dział Ewidencji Sieci Wodociągowej i Kanalizacyjnej " * 3
    water.save()
    request = request_of(water)
    response = send_answer(client, request, "8.1", "12")
    assert response.status_code == 200
    item = RoundItem.objects.get(request=request, indicator__code="8.1")
    value = IndicatorValue.objects.get(indicator__code="8.1", year=YEAR)
    for record in (item.history.latest(), value.history.latest(), request.history.latest()):
        assert record.history_change_reason.startswith("dostawca danych Gdańskie Wody")
        assert record.history_change_reason.endswith(link_name(request))
    assert value.received_from.endswith(link_name(request))
    assert timezone.now() - item.answered_at < timedelta(minutes=1)
