from decimal import Decimal

import pytest
from rest_framework.authtoken.models import Token

from indicators import roles
from indicators.models import IndicatorValue
from indicators.services import save_value

pytestmark = pytest.mark.django_db

NEW_VALUE = {"city": "gdansk", "indicator": "5.1", "year": 2019, "value": "4.5", "source": "GUS"}


def test_anonymous_client_cannot_write(client_api, gdansk):
    assert client_api.post("/api/values/", NEW_VALUE, format="json").status_code in (401, 403)
    assert not IndicatorValue.objects.exists()


def test_auditor_cannot_write(client_api, auditor):
    client_api.force_authenticate(auditor)
    assert client_api.post("/api/values/", NEW_VALUE, format="json").status_code == 403


def test_statistician_with_a_token_creates_a_draft(client_api, statistician):
    token = Token.objects.create(user=statistician)
    client_api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = client_api.post("/api/values/", NEW_VALUE, format="json")
    assert response.status_code == 201
    assert (response.json()["value"], response.json()["status"]) == ("4.50", "draft")
    assert IndicatorValue.objects.get().created_by == statistician


def test_write_is_recorded_in_the_history_with_the_user(client_api, statistician):
    client_api.force_authenticate(statistician)
    client_api.post("/api/values/?lang=en", NEW_VALUE, format="json")
    entry = IndicatorValue.history.get()
    assert (entry.history_user, entry.history_change_reason) == (statistician, "changed through the API")


def test_json_numbers_are_accepted_too(client_api, statistician):
    client_api.force_authenticate(statistician)
    assert client_api.post("/api/values/", {**NEW_VALUE, "value": 4.5}, format="json").status_code == 201
    assert IndicatorValue.objects.get().value == Decimal("4.5")


def test_the_models_rules_give_400_with_field_messages(client_api, statistician):
    client_api.force_authenticate(statistician)
    response = client_api.post("/api/values/?lang=en", {**NEW_VALUE, "value": "150"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"value": ["150 is above the highest possible value 100 %."]}
    assert not IndicatorValue.objects.exists()


def test_unknown_indicator_code_is_a_field_error(client_api, statistician):
    client_api.force_authenticate(statistician)
    response = client_api.post("/api/values/", {**NEW_VALUE, "indicator": "99.9"}, format="json")
    assert response.status_code == 400
    assert "indicator" in response.json()


def test_creating_an_existing_value_is_refused(client_api, statistician, publish_value):
    publish_value("5.1", 2019, "4")
    client_api.force_authenticate(statistician)
    response = client_api.post("/api/values/", NEW_VALUE, format="json")
    assert response.status_code == 409
    assert IndicatorValue.objects.get().value == Decimal(4)


def test_statistician_may_not_publish(client_api, statistician):
    client_api.force_authenticate(statistician)
    response = client_api.post("/api/values/", {**NEW_VALUE, "status": "published"}, format="json")
    assert response.status_code == 403
    assert not IndicatorValue.objects.exists()


def test_a_statistician_cannot_change_a_published_value(client_api, statistician, publish_value):
    value = publish_value("5.1", 2019, "4")
    client_api.force_authenticate(statistician)
    response = client_api.patch(f"/api/values/{value.pk}/", {"value": "4.2"}, format="json")
    assert response.status_code == 403
    value.refresh_from_db()
    assert (value.value, value.status) == (Decimal("4"), "published")


def test_a_reviewer_corrects_a_published_value_with_a_revision_note(
    client_api, reviewer, make_user, publish_value
):
    value = publish_value("5.1", 2019, "4")
    client_api.force_authenticate(reviewer)
    response = client_api.patch(
        f"/api/values/{value.pk}/",
        {"value": "4.2", "revision_note": "GUS revised the figure."},
        format="json",
    )
    assert response.status_code == 200
    client_api.force_authenticate(make_user("rev2", roles.REVIEWERS))
    second = client_api.patch(f"/api/values/{value.pk}/", {"status": "published"}, format="json")
    assert second.status_code == 200
    value.refresh_from_db()
    assert (value.value, value.status, value.revision_note) == (
        Decimal("4.2"),
        "published",
        "GUS revised the figure.",
    )


def test_a_draft_can_be_changed_by_id_though_it_is_not_public(client_api, statistician, unpublished):
    client_api.force_authenticate(statistician)
    response = client_api.put(
        f"/api/values/{unpublished[0].pk}/", {"value": "1", "source": "X"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["source"] == "X"


def test_reviewer_publishes_through_the_api(client_api, reviewer, unpublished):
    client_api.force_authenticate(reviewer)
    response = client_api.patch(f"/api/values/{unpublished[1].pk}/", {"status": "published"}, format="json")
    assert response.status_code == 200
    assert client_api.get("/api/values/").json()["count"] == 1


def test_invalid_correction_changes_nothing(client_api, reviewer, publish_value):
    value = publish_value("5.1", 2019, "4")
    client_api.force_authenticate(reviewer)
    response = client_api.patch(
        f"/api/values/{value.pk}/", {"value": "-3", "revision_note": "GUS"}, format="json"
    )
    assert response.status_code == 400
    value.refresh_from_db()
    assert (value.value, value.status) == (Decimal(4), "published")


def item(year, value="4.5", **extra):
    return {"city": "gdansk", "indicator": "5.1", "year": year, "value": value, **extra}


def test_bulk_upsert_creates_and_updates(client_api, statistician, gdansk, indicator):
    save_value(city=gdansk, indicator=indicator, year=2018, value=Decimal(4))
    client_api.force_authenticate(statistician)
    response = client_api.post("/api/values/bulk/", [item(2018, "3.9"), item(2019)], format="json")
    assert response.status_code == 200
    assert {k: response.json()[k] for k in ("created", "updated", "unchanged")} == {
        "created": 1,
        "updated": 1,
        "unchanged": 0,
    }
    assert IndicatorValue.objects.get(year=2018).value == Decimal("3.9")


def test_bulk_upsert_is_all_or_nothing_and_lists_every_error_by_index(client_api, statistician):
    client_api.force_authenticate(statistician)
    payload = [item(2017), item(2018, "150"), item(2019), item(2020, indicator="99.9"), item(2017)]
    response = client_api.post("/api/values/bulk/?lang=en", payload, format="json")
    assert response.status_code == 400
    errors = {error["index"]: error["errors"] for error in response.json()["errors"]}
    assert set(errors) == {1, 3, 4}
    assert errors[1] == {"value": ["150 is above the highest possible value 100 %."]}
    assert errors[4] == {"non_field_errors": ["The same value as item 0."]}
    assert not IndicatorValue.objects.exists()
    assert not IndicatorValue.history.exists()


def test_a_city_slug_with_a_nul_character_is_an_unknown_city_not_a_server_error(client_api, statistician):
    client_api.force_authenticate(statistician)
    response = client_api.post("/api/values/bulk/", [item(2019, city="gda\x00nsk")], format="json")
    assert response.status_code == 400
    assert list(response.json()["errors"][0]["errors"]) == ["city"]
    assert not IndicatorValue.objects.exists()


def test_bulk_upsert_refuses_statuses_the_user_may_not_set(client_api, statistician):
    client_api.force_authenticate(statistician)
    response = client_api.post(
        "/api/values/bulk/", [item(2018), item(2019, status="published")], format="json"
    )
    assert response.status_code == 403
    assert [error["index"] for error in response.json()["errors"]] == [1]
    assert not IndicatorValue.objects.exists()


def test_reviewer_without_add_permission_cannot_create_in_bulk(client_api, reviewer, gdansk):
    client_api.force_authenticate(reviewer)
    assert client_api.post("/api/values/bulk/", [item(2019)], format="json").status_code == 403


@pytest.mark.parametrize("payload", [[], {"city": "gdansk"}, "text"])
def test_bulk_upsert_wants_a_non_empty_array(client_api, statistician, payload):
    client_api.force_authenticate(statistician)
    assert client_api.post("/api/values/bulk/", payload, format="json").status_code == 400


def test_bulk_upsert_records_history_with_the_user(client_api, statistician):
    client_api.force_authenticate(statistician)
    client_api.post("/api/values/bulk/", [item(2018), item(2019)], format="json")
    assert set(IndicatorValue.history.values_list("history_user", flat=True)) == {statistician.pk}


def test_a_statistician_records_a_gap_with_its_reason_as_a_draft(client_api, statistician):
    client_api.force_authenticate(statistician)
    gap = {"value": None, "gap": "not_available", "gap_reason": "Brak danych GUS."}
    response = client_api.post("/api/values/", {**NEW_VALUE, **gap}, format="json")
    assert response.status_code == 201
    assert (response.json()["gap"], response.json()["gap_reason"], response.json()["value"]) == (
        "not_available",
        "Brak danych GUS.",
        None,
    )


def test_a_gap_without_its_reason_is_a_400_naming_the_field(client_api, statistician):
    client_api.force_authenticate(statistician)
    response = client_api.post(
        "/api/values/", {**NEW_VALUE, "value": None, "gap": "not_available"}, format="json"
    )
    assert response.status_code == 400
    assert "gap_reason" in response.json()
