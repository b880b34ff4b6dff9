"""Roles × steps × entry points: the admin, the year-entry grid, the import and the API all ask the one
workflow decision, so each (role, step) ends the same way whichever door it comes in by.

An entry point is left out of a step it cannot express: the grid takes no status step, an import row
carries no reason for sending back nor a public revision note.
"""

from decimal import Decimal

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db import transaction
from django.urls import reverse

from indicators import roles, services
from indicators.importing import apply_import, plan_import
from indicators.models import IndicatorValue

pytestmark = pytest.mark.django_db
Status = IndicatorValue.Status
YEAR = 2019

# step → (stored before: None, "draft", "verified" or "published"; what is asked)
STEPS = {
    "create": (None, {"value": "5"}),
    "edit_draft": ("draft", {"value": "6"}),
    "verify": ("draft", {"status": "verified"}),
    "publish": ("verified", {"status": "published"}),
    "draft_to_published": ("draft", {"status": "published"}),
    "send_back": ("verified", {"status": "draft", "reason": "Źródło z 2018."}),
    "correct_published": ("published", {"value": "6", "revision_note": "Poprawka GUS."}),
}
ENTRY_POINTS = {
    "admin": set(STEPS),
    "grid": {"create", "edit_draft"},
    "import": {"create", "edit_draft", "verify", "publish", "draft_to_published"},
    "api": set(STEPS),
}
# (role, step) → how it ends: "refused", the status reached, or "proposed" (a correction waiting for
# a second reviewer while residents keep the published figure)
EXPECTED = {
    "statistician": {
        "create": "draft",
        "edit_draft": "draft",
        "verify": "refused",
        "publish": "refused",
        "draft_to_published": "refused",
        "send_back": "refused",
        "correct_published": "refused",
    },
    "reviewer": {
        "create": "refused",
        "edit_draft": "draft",
        "verify": "verified",
        "publish": "published",
        "draft_to_published": "published",
        "send_back": "draft",
        "correct_published": "proposed",
    },
    "auditor": dict.fromkeys(STEPS, "refused"),
}


def stored_value(gdansk, indicator, make_user, before):
    """The value as the step finds it: entered by one statistician, checked by another reviewer."""
    if before is None:
        return None
    entered_by = make_user("ewa", roles.STATISTICIANS)
    checked_by = make_user("jan", roles.REVIEWERS)
    value, _ = services.save_value(
        user=entered_by, city=gdansk, indicator=indicator, year=YEAR, value=Decimal(5)
    )
    if before in ("verified", "published"):
        value = services.verify(user=checked_by, value=value)
    if before == "published":
        value = services.publish(user=checked_by, value=value)
    return value


def through_admin(client, user, value, ask, gdansk, indicator):
    client.force_login(user)
    if value is None:
        data = {"city": gdansk.pk, "indicator": indicator.pk, "year": YEAR, "value": ask["value"]}
        client.post(reverse("admin:indicators_indicatorvalue_add"), data)
    elif "status" not in ask:
        data = {"value": ask["value"], "correction_note": ask.get("revision_note", "")}
        data["seen_version"] = value.version
        client.post(reverse("admin:indicators_indicatorvalue_change", args=[value.pk]), data)
    else:
        action = {
            "verified": "verify_selected",
            "published": "publish_selected",
            "draft": "send_back_selected",
        }
        data = {"action": action[ask["status"]], ACTION_CHECKBOX_NAME: [value.pk], **ask}
        client.post(reverse("admin:indicators_indicatorvalue_changelist"), data)


def through_grid(client, user, value, ask, gdansk, indicator):
    client.force_login(user)
    query = f"?city={gdansk.slug}&year={YEAR}&theme={indicator.theme_id}"
    url = reverse("admin:indicators_year_entry") + query
    prefix = f"i{indicator.pk}"
    data = {f"{prefix}-value": ask["value"]}
    if value is not None:
        data.update({f"{prefix}-seen-value": value.display_value, f"{prefix}-seen-version": value.version})
    client.post(url, data)


def through_import(client, user, value, ask, gdansk, indicator):
    status = ask.get("status", "")
    figure = ask.get("value") or value.display_value
    data = f"Wskaźnik;Rok;Wartość;Status\n{indicator.code};{YEAR};{figure};{status}\n".encode()
    plan = plan_import(data, "dane.csv", user=user, default_city=gdansk)
    if plan.is_valid:
        apply_import(plan, user=user)


def through_api(client, user, value, ask, gdansk, indicator):
    client.force_login(user)
    if value is None:
        item = {"city": gdansk.slug, "indicator": indicator.code, "year": YEAR, **ask}
        client.post("/api/values/", item, content_type="application/json")
    else:
        client.patch(f"/api/values/{value.pk}/", ask, content_type="application/json")


ADAPTERS = {"admin": through_admin, "grid": through_grid, "import": through_import, "api": through_api}


def how_it_ended(before: IndicatorValue | None, gdansk, indicator) -> str:
    after = IndicatorValue.objects.filter(city=gdansk, indicator=indicator, year=YEAR).first()
    if after is None or (before is not None and after.version == before.version):
        return "refused"
    return "proposed" if after.has_pending_correction else after.status


def outcomes_of(
    step, *, user, city, indicator, client, make_user, adapters=ADAPTERS, entry_points=ENTRY_POINTS
):
    """How the step ended through each entry point that offers it, each tried on a fresh stored value in a
    transaction rolled back afterwards."""
    before, ask = STEPS[step]
    outcomes = {}
    for entry, adapter in adapters.items():
        if step not in entry_points[entry]:
            continue
        with transaction.atomic():
            value = stored_value(city, indicator, make_user, before)
            adapter(client, user, value, ask, city, indicator)
            outcomes[entry] = how_it_ended(value, city, indicator)
            transaction.set_rollback(True)
    return outcomes


@pytest.mark.parametrize("step", list(STEPS))
@pytest.mark.parametrize("role", list(EXPECTED))
def test_every_entry_point_ends_a_step_the_same_way(
    request, client, make_user, gdansk, indicator, role, step
):
    user = request.getfixturevalue(role)
    outcomes = outcomes_of(
        step, user=user, city=gdansk, indicator=indicator, client=client, make_user=make_user
    )
    assert outcomes == dict.fromkeys(outcomes, EXPECTED[role][step])
