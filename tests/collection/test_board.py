"""The round's board, its export, reminders, and owners loaded from a file."""

import io
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone
from openpyxl import load_workbook

from indicators import services as services_core
from indicators.collection import services
from indicators.collection.links import link_token
from indicators.collection.models import DataOwner, OwnerContact, RoundItem
from indicators.collection.selectors import board
from indicators.models import IndicatorValue

from .conftest import YEAR

pytestmark = pytest.mark.django_db


def answer(request, code, part="figure"):
    RoundItem.objects.filter(request=request, indicator__code=code, part=part).update(
        answered_at=timezone.now()
    )


def counts(collection_round, today):
    return {
        row.request.owner.name_pl: (row.asked, row.answered, row.state)
        for row in board(collection_round, today=today).rows
    }


def test_the_board_counts_asked_and_answered_figures_per_owner(collection_round, owners, request_of):
    answer(request_of(owners["water"]), "20.1")
    answer(request_of(owners["water"]), "8.1")
    answer(request_of(owners["registry"]), "PPL-01")
    today = timezone.localdate()
    assert counts(collection_round, today) == {
        "Gdańskie Wody": (2, 2, "answered"),
        "Komenda Miejska Policji": (1, 0, "waiting"),
        "Wydział Spraw Obywatelskich": (2, 1, "partly"),
    }
    after_due = collection_round.due_date + timedelta(days=1)
    assert counts(collection_round, after_due)["Wydział Spraw Obywatelskich"] == (2, 1, "overdue")
    totals = board(collection_round, today=after_due).totals
    assert (totals["asked"], totals["answered"], totals["owners_overdue"], totals["owners_answered"]) == (
        5,
        3,
        2,
        1,
    )


def test_the_board_counts_the_answers_waiting_for_a_statistician(
    client, collection_round, owners, request_of, statistician
):
    cache.clear()  # the link's rate limit
    water = request_of(owners["water"])
    items = {item.indicator.code: item for item in water.items.select_related("indicator")}
    data = {f"i{items['20.1'].pk}-value": "97,5", f"i{items['8.1'].pk}-value": "12", "action": "send"}
    assert client.post(f"/answer/{link_token(water)}/", data).status_code == 200
    waiting = {row.request.owner.name_pl: row.awaiting for row in board(collection_round).rows}
    assert waiting == {"Gdańskie Wody": 2, "Komenda Miejska Policji": 0, "Wydział Spraw Obywatelskich": 0}
    taken = IndicatorValue.objects.filter(indicator__code="8.1", year=YEAR)
    assert services_core.take_step(user=statistician, values=taken, target="ready").refused == []
    assert board(collection_round).totals["awaiting"] == 1
    client.force_login(statistician)
    response = client.get(f"/en/admin/collection/collectionround/{collection_round.pk}/board/")
    listed = client.get(response.context["awaiting_url"])
    assert [value.indicator.code for value in listed.context["cl"].result_list] == ["20.1"]


def test_the_board_page_costs_the_same_queries_for_more_owners(
    client, statistician, collection_round, owners, django_assert_max_num_queries, django_assert_num_queries
):
    client.force_login(statistician)
    url = f"/en/admin/collection/collectionround/{collection_round.pk}/board/"
    with django_assert_max_num_queries(12) as few:
        response = client.get(url)
    assert response.status_code == 200
    assert "Gdańsk Water" in response.text
    for number in range(5):
        owner = DataOwner.objects.create(name_pl=f"Spółka {number}", kind="other")
        collection_round.requests.create(owner=owner, link_expires_at=timezone.now() + timedelta(days=9))
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(url)


def test_the_board_exports_as_csv_and_xlsx(client, statistician, collection_round, owners, request_of):
    answer(request_of(owners["water"]), "20.1")
    client.force_login(statistician)
    url = f"/en/admin/collection/collectionround/{collection_round.pk}/board"
    text = client.get(f"{url}.csv").content.decode("utf-8-sig")
    assert '"Gdańsk Water","2","1","1","0","partly answered"' in text
    workbook = load_workbook(io.BytesIO(client.get(f"{url}.xlsx").content), read_only=True)
    rows = list(next(iter(workbook.worksheets)).iter_rows(values_only=True))
    assert rows[0][:4] == ("owner", "asked", "answered", "missing")
    assert len(rows) == 4


def test_the_letters_can_be_sent_from_the_board(client, statistician, collection_round, mailoutbox):
    client.force_login(statistician)
    response = client.post(f"/en/admin/collection/collectionround/{collection_round.pk}/board/")
    assert response.status_code == 302
    assert len(mailoutbox) == 3
    client.post(f"/en/admin/collection/collectionround/{collection_round.pk}/board/")
    assert len(mailoutbox) == 3  # sent once


def test_reminders_go_only_to_owners_with_missing_figures(collection_round, owners, request_of, mailoutbox):
    services.send_letters(collection_round=collection_round)
    answer(request_of(owners["water"]), "20.1")
    answer(request_of(owners["water"]), "8.1")
    mailoutbox.clear()
    later = timezone.localdate() + timedelta(
        days=20
    )  # within the days before the due date, a week after sending
    call_command("send_reminders", date=later.isoformat(), verbosity=0)
    assert sorted(message.to[0] for message in mailoutbox) == ["ewa@gdansk.example", "jan@policja.example"]
    assert all("14.1" in message.body for message in mailoutbox)
    assert "PPL-01" in next(message.body for message in mailoutbox if message.to == ["ewa@gdansk.example"])
    assert request_of(owners["police"]).reminders == 1


def test_reminders_wait_until_the_due_date_comes_near(collection_round, mailoutbox):
    services.send_letters(collection_round=collection_round)
    mailoutbox.clear()
    assert services.send_reminders(today=timezone.localdate() + timedelta(days=8)) == []


def test_reminders_continue_after_the_due_date_at_most_once_a_week(collection_round, mailoutbox):
    today = timezone.localdate()
    collection_round.due_date = today - timedelta(days=3)
    collection_round.save()
    services.send_letters(collection_round=collection_round)
    collection_round.requests.update(sent_at=timezone.now() - timedelta(days=10))
    mailoutbox.clear()
    assert len(services.send_reminders(today=today)) == 3
    assert services.send_reminders(today=today + timedelta(days=6)) == []
    assert len(services.send_reminders(today=today + timedelta(days=7))) == 3
    assert len(mailoutbox) == 6


def test_no_reminder_to_an_owner_whose_link_is_revoked(collection_round, owners, request_of, mailoutbox):
    services.send_letters(collection_round=collection_round)
    services.revoke_link(request=request_of(owners["police"]))
    reminded = services.send_reminders(today=collection_round.due_date + timedelta(days=3))
    assert owners["police"] not in [request.owner for request in reminded]


OWNERS_CSV = (
    "name_pl;name_en;kind;language;contact_name;contact_email;contact_phone\n"
    "Zarząd Transportu Miejskiego;Public Transport Authority;municipal_company;pl;Ola;ola@ztm.example;58 1\n"
    "Zarząd Transportu Miejskiego;;;;Piotr;piotr@ztm.example;\n"
    "Straż Pożarna;Fire Service;state_body;en;Marek;marek@psp.example;\n"
)


def load(client, user, text, name="owners.csv"):
    client.force_login(user)
    return client.post(
        "/en/admin/collection/dataowner/load/", {"file": SimpleUploadedFile(name, text.encode(), "text/csv")}
    )


def test_a_file_loads_many_owners_and_their_contacts(client, catalogue_admin):
    response = load(client, catalogue_admin, OWNERS_CSV)
    assert response.status_code == 302
    ztm = DataOwner.objects.get(name_pl="Zarząd Transportu Miejskiego")
    assert (ztm.name_en, ztm.kind, ztm.language) == ("Public Transport Authority", "municipal_company", "pl")
    assert sorted(ztm.emails) == ["ola@ztm.example", "piotr@ztm.example"]
    load(client, catalogue_admin, OWNERS_CSV)
    assert (DataOwner.objects.count(), OwnerContact.objects.count()) == (2, 3)


def test_a_file_with_a_bad_row_loads_nothing(client, catalogue_admin):
    bad = OWNERS_CSV + "Urząd;;agency;pl;X;not-an-address;\n"
    response = load(client, catalogue_admin, bad)
    assert response.status_code == 200
    assert "agency" in response.text
    assert "not-an-address" in response.text
    assert not DataOwner.objects.exists()


def test_statisticians_cannot_load_owners(client, statistician):
    assert load(client, statistician, OWNERS_CSV).status_code == 403
