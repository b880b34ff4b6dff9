"""The collection's admin pages: who may open them, the links' actions, the letters for printing."""

import io

import pytest
from docx import Document

from indicators.collection.models import RoundRequest

pytestmark = pytest.mark.django_db

LISTS = ["dataowner", "assignment", "collectionround", "roundrequest"]


@pytest.mark.parametrize("model", LISTS)
def test_catalogue_admins_keep_owners_assignments_and_rounds(
    client, catalogue_admin, collection_round, model
):
    client.force_login(catalogue_admin)
    listing = client.get(f"/en/admin/collection/{model}/")
    assert listing.status_code == 200
    adding = client.get(f"/en/admin/collection/{model}/add/").status_code
    assert adding == (403 if model == "roundrequest" else 200)  # requests come only with a round


def test_the_owner_change_page_shows_the_names_in_each_language(client, catalogue_admin, owners):
    client.force_login(catalogue_admin)
    text = client.get(f"/en/admin/collection/dataowner/{owners['police'].pk}/change/").text
    assert 'name="name_pl"' in text
    assert 'name="name_de"' in text
    assert 'name="contacts-0-email"' in text


def test_reviewers_see_nothing_of_the_collection(client, reviewer, collection_round):
    client.force_login(reviewer)
    assert client.get("/en/admin/collection/dataowner/").status_code == 403
    assert client.get(f"/en/admin/collection/collectionround/{collection_round.pk}/board/").status_code == 403


def test_revoking_from_the_admin_stops_the_link(client, statistician, owners, request_of, answer_url):
    url = answer_url(owners["police"], "en")
    client.force_login(statistician)
    response = client.post(
        "/en/admin/collection/roundrequest/",
        {"action": "revoke_links", "_selected_action": [request_of(owners["police"]).pk]},
    )
    assert response.status_code == 302
    assert request_of(owners["police"]).link_state == RoundRequest.LinkState.REVOKED
    client.logout()
    assert client.get(url).status_code == 410


def test_a_new_link_from_the_admin_is_mailed_and_the_old_one_stops(
    client, statistician, owners, request_of, answer_url, mailoutbox
):
    old = answer_url(owners["police"], "en")
    client.force_login(statistician)
    client.post(
        "/en/admin/collection/roundrequest/",
        {"action": "issue_new_links", "_selected_action": [request_of(owners["police"]).pk]},
    )
    assert [message.to for message in mailoutbox] == [["jan@policja.example"]]
    client.logout()
    assert client.get(old).status_code == 410
    new = mailoutbox[0].body.split("http://127.0.0.1:8000", 1)[1].split()[0]
    assert client.get(new).status_code == 200


def test_the_letter_can_be_downloaded_from_the_board_in_the_owners_language(
    client, statistician, collection_round, owners, request_of
):
    client.force_login(statistician)
    owner_request = request_of(owners["registry"])
    base = f"/en/admin/collection/collectionround/{collection_round.pk}/letter/{owner_request.pk}"
    pdf = client.get(f"{base}.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    document = Document(io.BytesIO(client.get(f"{base}.docx").content))
    assert document.core_properties.language == "de"
    assert client.get(f"{base}.exe").status_code == 403
