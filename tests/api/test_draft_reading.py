"""Reading a draft through the API follows the rights to view values: whoever may view the values of a
city reads that city's drafts with their ETag (for If-Match); everyone else learns nothing of them,
whichever method they try: no body, no "who changed it when", 404 for a value by id."""

import pytest

from indicators import roles
from indicators.models import City, CityAccess

from .conftest import SENTINEL

pytestmark = pytest.mark.django_db


@pytest.fixture
def sopot(catalogue):
    return City.objects.create(name="Sopot", slug="sopot", country="PL", region="pomorskie")


def limited_to(user, *cities):
    access = CityAccess.objects.create(user=user)
    access.cities.set(cities)
    return user


OUTSIDERS = ["catalogue_admin", "staff_without_group", "statistician_of_sopot", "reviewer_of_sopot"]


@pytest.fixture(params=OUTSIDERS)
def outsider(request, make_user, sopot):
    """Signed-in people who may not view Gdańsk's values."""
    return {
        "catalogue_admin": lambda: make_user("cat", roles.CATALOGUE_ADMINS),
        "staff_without_group": lambda: make_user("staff"),
        "statistician_of_sopot": lambda: limited_to(make_user("s", roles.STATISTICIANS), sopot),
        "reviewer_of_sopot": lambda: limited_to(make_user("r", roles.REVIEWERS), sopot),
    }[request.param]()


@pytest.mark.parametrize("method", ["get", "patch", "put"])
def test_a_draft_is_not_found_for_whoever_may_not_view_its_city(client_api, outsider, unpublished, method):
    client_api.force_authenticate(outsider)
    for value in unpublished:
        response = getattr(client_api, method)(f"/api/values/{value.pk}/", {}, format="json")
        assert response.status_code == 404
        assert SENTINEL not in response.content.decode()


def test_an_empty_bulk_item_shows_no_draft_to_whoever_may_not_view_its_city(
    client_api, outsider, unpublished
):
    client_api.force_authenticate(outsider)
    items = [{"city": "gdansk", "indicator": "5.1", "year": value.year} for value in unpublished]
    response = client_api.post("/api/values/bulk/", items, format="json")
    assert response.status_code in (403, 404)
    assert SENTINEL not in response.content.decode()


def test_posting_an_existing_key_does_not_say_who_changed_it_to_an_outsider(
    client_api, outsider, gdansk, indicator, make_user
):
    from decimal import Decimal

    from indicators.services import save_value

    author = make_user("Zenobia", roles.STATISTICIANS)
    save_value(user=author, city=gdansk, indicator=indicator, year=2019, value=Decimal(4), source=SENTINEL)
    client_api.force_authenticate(outsider)
    response = client_api.post(
        "/api/values/?lang=en", {"city": "gdansk", "indicator": "5.1", "year": 2019}, format="json"
    )
    assert response.status_code == 403
    assert "Zenobia" not in response.content.decode()
    assert "exists" not in response.content.decode()


def test_anonymous_readers_do_not_find_a_draft(client_api, unpublished):
    assert client_api.get(f"/api/values/{unpublished[0].pk}/").status_code == 404


@pytest.mark.parametrize("role", [roles.STATISTICIANS, roles.REVIEWERS, roles.AUDITORS])
def test_whoever_may_view_values_reads_a_draft_with_its_etag(client_api, make_user, unpublished, role):
    client_api.force_authenticate(make_user("viewer", role))
    draft = unpublished[0]
    response = client_api.get(f"/api/values/{draft.pk}/")
    assert response.status_code == 200
    assert (response.json()["source"], response.json()["status"]) == (SENTINEL, "draft")
    assert response["ETag"] == f'"value-{draft.pk}-v{draft.version}"'
    assert "private" in response["Cache-Control"]


def test_a_person_limited_to_a_city_reads_its_drafts(client_api, make_user, unpublished, gdansk):
    client_api.force_authenticate(limited_to(make_user("s", roles.STATISTICIANS), gdansk))
    assert client_api.get(f"/api/values/{unpublished[0].pk}/").status_code == 200


def test_the_etag_of_a_read_draft_is_what_if_match_wants(client_api, statistician, unpublished):
    client_api.force_authenticate(statistician)
    draft = unpublished[0]
    etag = client_api.get(f"/api/values/{draft.pk}/")["ETag"]
    response = client_api.patch(
        f"/api/values/{draft.pk}/", {"value": "7.5"}, format="json", headers={"If-Match": etag}
    )
    assert response.status_code == 200
    stale = client_api.patch(
        f"/api/values/{draft.pk}/", {"value": "7.6"}, format="json", headers={"If-Match": etag}
    )
    assert stale.status_code == 412


def test_a_draft_read_by_a_statistician_is_never_served_to_the_public_afterwards(
    client_api, statistician, unpublished
):
    client_api.force_authenticate(statistician)
    assert client_api.get(f"/api/values/{unpublished[0].pk}/").status_code == 200
    client_api.force_authenticate(None)
    response = client_api.get(f"/api/values/{unpublished[0].pk}/")
    assert response.status_code == 404
    assert SENTINEL not in response.content.decode()


def test_the_public_list_holds_published_values_only_even_for_a_statistician(
    client_api, statistician, unpublished
):
    client_api.force_authenticate(statistician)
    assert SENTINEL not in client_api.get("/api/values/").content.decode()
