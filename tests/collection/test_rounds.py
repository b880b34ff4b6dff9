"""Opening a round (command, admin) and the letters it e-mails."""

from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from indicators.collection.models import CollectionRound, RoundItem, RoundRequest

from .conftest import YEAR

pytestmark = pytest.mark.django_db


def test_the_command_opens_a_round_asking_each_owner_for_their_parts(owners, mailoutbox):
    call_command("collection_round", city="gdansk", year=YEAR, due="2026-03-31", verbosity=0)
    collection_round = CollectionRound.objects.get(city__slug="gdansk", year=YEAR)
    asked = {
        (item.request.owner.name_pl, item.indicator.code, item.part)
        for item in RoundItem.objects.filter(request__round=collection_round).select_related("request__owner")
    }
    assert asked == {
        ("Gdańskie Wody", "20.1", "figure"),
        ("Gdańskie Wody", "8.1", "figure"),
        ("Komenda Miejska Policji", "14.1", "numerator"),
        ("Wydział Spraw Obywatelskich", "14.1", "denominator"),
        ("Wydział Spraw Obywatelskich", "PPL-01", "figure"),
    }
    assert str(collection_round.due_date) == "2026-03-31"


def test_each_owner_gets_one_email_with_both_letters_and_a_personal_link(owners, mailoutbox):
    call_command("collection_round", city="gdansk", year=YEAR, due="2026-03-31", verbosity=0)
    assert sorted(message.to[0] for message in mailoutbox) == [
        "anna@wody.example",
        "ewa@gdansk.example",
        "jan@policja.example",
    ]
    for message in mailoutbox:
        names = [name for name, _content, _type in message.attachments]
        assert [name.rsplit(".", 1)[1] for name in names] == ["pdf", "docx"]
        assert "/answer/" in message.body
    assert RoundRequest.objects.filter(sent_at__isnull=True).count() == 0


def test_each_email_speaks_its_owners_language(owners, mailoutbox):
    call_command("collection_round", city="gdansk", year=YEAR, due="2026-03-31", verbosity=0)
    by_address = {message.to[0]: message for message in mailoutbox}
    assert "/en/answer/" in by_address["jan@policja.example"].body
    assert "Request for figures" in by_address["jan@policja.example"].subject
    assert "/de/answer/" in by_address["ewa@gdansk.example"].body
    assert "/answer/" in by_address["anna@wody.example"].body
    assert "/en/" not in by_address["anna@wody.example"].body


@pytest.mark.usefixtures("english")
def test_a_second_round_for_the_same_city_and_year_is_refused(collection_round):
    with pytest.raises(CommandError, match="open already"):
        call_command("collection_round", city="gdansk", year=YEAR, due="2026-03-31", no_send=True)


@pytest.mark.usefixtures("english")
def test_a_round_without_assignments_is_refused_and_nothing_is_opened(gdansk):
    with pytest.raises(CommandError, match="assigned"):
        call_command("collection_round", city="gdansk", year=YEAR, due="2026-03-31")
    assert not CollectionRound.objects.exists()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"city": "nowhere", "year": YEAR, "due": "2026-03-31"}, "No city"),
        ({"city": "gdansk", "year": YEAR, "due": "31.03.2026"}, "YYYY-MM-DD"),
    ],
)
def test_bad_command_arguments_are_refused_clearly(owners, arguments, message):
    with pytest.raises(CommandError, match=message):
        call_command("collection_round", **arguments)
    assert not CollectionRound.objects.exists()


def test_the_admin_opens_a_round_through_the_same_service(client, catalogue_admin, owners, gdansk):
    client.force_login(catalogue_admin)
    due = timezone.localdate() + timedelta(days=20)
    response = client.post(
        "/en/admin/collection/collectionround/add/",
        {"city": gdansk.pk, "year": YEAR, "due_date": due.isoformat()},
    )
    collection_round = CollectionRound.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"/collectionround/{collection_round.pk}/board/")
    assert collection_round.opened_by == catalogue_admin
    assert collection_round.requests.count() == 3
    assert collection_round.history.get().history_user == catalogue_admin


def test_the_admin_refuses_a_round_that_exists_with_a_message(
    client, catalogue_admin, collection_round, gdansk
):
    client.force_login(catalogue_admin)
    response = client.post(
        "/en/admin/collection/collectionround/add/",
        {"city": gdansk.pk, "year": YEAR, "due_date": "2026-03-31"},
    )
    assert response.status_code == 200
    assert "open already" in response.text
    assert CollectionRound.objects.count() == 1
