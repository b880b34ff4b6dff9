"""Permissions per city: a statistician or reviewer limited to some cities (CityAccess) writes and
steps the values of those cities only, whichever door they come in by, because every door asks the one
workflow decision; a person without a limit works on every city (tests/workflow/test_matrix.py).

The table runs each limited person through every entry point that can express a step, once on a
value of their own city (it ends as for anyone of their role) and once on another city's (refused).
"""

import contextlib
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from indicators import roles, services
from indicators.importing import plan_import
from indicators.models import City, CityAccess, IndicatorValue
from indicators.year_entry import build_rows

from .test_matrix import (
    ADAPTERS,
    ENTRY_POINTS,
    EXPECTED,
    STEPS,
    YEAR,
    outcomes_of,
    stored_value,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def sopot(catalogue):
    return City.objects.create(name="Sopot", slug="sopot", country="PL", region="pomorskie")


def limited_to(user, *cities):
    access = CityAccess.objects.create(user=user)
    access.cities.set(cities)
    return user


def through_api_if_match(client, user, value, ask, city, indicator):
    client.force_login(user)
    etag = f'"value-{value.pk}-v{value.version}"'
    client.patch(f"/api/values/{value.pk}/", ask, content_type="application/json", headers={"If-Match": etag})


def through_api_bulk(client, user, value, ask, city, indicator):
    client.force_login(user)
    item = {"city": city.slug, "indicator": indicator.code, "year": YEAR, **ask}
    client.post("/api/values/bulk/", [item], content_type="application/json")


def through_publish_values(client, user, value, ask, city, indicator):
    arguments = ["--city", city.slug, "--year", str(YEAR), "--user", user.username]
    if ask["status"] == "verified":
        arguments.append("--verify")
    with contextlib.suppress(CommandError):
        call_command("publish_values", *arguments, stdout=StringIO())


DOORS = {
    **ADAPTERS,
    "api_if_match": through_api_if_match,
    "api_bulk": through_api_bulk,
    "publish_values": through_publish_values,
}
DOOR_STEPS = {
    **ENTRY_POINTS,
    "api_if_match": {step for step, (before, _ask) in STEPS.items() if before is not None},
    "api_bulk": set(STEPS),
    "publish_values": {"verify", "publish"},
}
# what each role can do at all: the steps a city limit can take away
ROLE_STEPS = {
    role: [step for step, outcome in EXPECTED[role].items() if outcome != "refused"]
    for role in ("statistician", "reviewer")
}
CASES = [(role, step) for role, steps in ROLE_STEPS.items() for step in steps]


@pytest.mark.parametrize("whose", ["own", "other"])
@pytest.mark.parametrize(("role", "step"), CASES)
def test_a_person_limited_to_a_city_takes_a_step_there_only_whichever_door(
    request, client, make_user, gdansk, sopot, indicator, role, step, whose
):
    user = limited_to(request.getfixturevalue(role), sopot)
    city = sopot if whose == "own" else gdansk
    outcomes = outcomes_of(
        step,
        user=user,
        city=city,
        indicator=indicator,
        client=client,
        make_user=make_user,
        adapters=DOORS,
        entry_points=DOOR_STEPS,
    )
    expected = EXPECTED[role][step] if whose == "own" else "refused"
    assert outcomes == dict.fromkeys(outcomes, expected)


@pytest.mark.usefixtures("english")
def test_every_door_refuses_another_city_s_value_with_the_same_forbidden_message(
    gdansk, sopot, indicator, statistician
):
    limited_to(statistician, sopot)
    why = "You work on the values of Sopot only; those of Gdańsk are read-only for you."
    api = APIClient()
    api.force_authenticate(statistician)
    body = {"city": "gdansk", "indicator": indicator.code, "year": YEAR, "value": "5"}
    single = api.post("/api/values/", body, format="json", headers={"Accept-Language": "en"})
    bulk = api.post("/api/values/bulk/", [body], format="json", headers={"Accept-Language": "en"})
    data = f"Wskaźnik;Rok;Wartość\n{indicator.code};{YEAR};5\n".encode()
    plan = plan_import(data, "dane.csv", user=statistician, default_city=gdansk)
    [row] = [
        row
        for row in build_rows(user=statistician, city=gdansk, year=YEAR, theme=indicator.theme)
        if row.indicator == indicator
    ]
    assert (single.status_code, bulk.status_code) == (403, 403)
    assert single.json() == {"non_field_errors": [f"5.1 {YEAR}: {why}"]}
    assert bulk.json()["errors"] == [{"index": 0, "errors": {"non_field_errors": [f"5.1 {YEAR}: {why}"]}}]
    refused = [(problem.ref, problem.message) for problem in plan.errors]
    assert refused == [("'dane'!C2", f"5.1 {YEAR}: {why}")]
    assert row.lock == why
    assert not IndicatorValue.objects.exists()


def test_a_person_with_no_city_chosen_works_on_every_city(gdansk, sopot, indicator, statistician):
    limited_to(statistician)
    for city in (gdansk, sopot):
        services.save_value(user=statistician, city=city, indicator=indicator, year=YEAR, value=Decimal(5))
    assert IndicatorValue.objects.count() == 2


def test_reading_published_figures_stays_open_to_a_limited_person(
    client, make_user, gdansk, sopot, indicator, reviewer
):
    stored_value(gdansk, indicator, make_user, "published")
    client.force_login(limited_to(reviewer, sopot))
    response = client.get("/api/values/", {"city": "gdansk"})
    assert [item["city"] for item in response.json()["results"]] == ["gdansk"]


def test_the_value_list_shows_a_limited_person_their_cities_values_only(
    client, make_user, gdansk, sopot, indicator, statistician
):
    for city in (gdansk, sopot):
        services.save_value(city=city, indicator=indicator, year=YEAR, value=Decimal(5))
    client.force_login(limited_to(statistician, sopot))
    response = client.get(reverse("admin:indicators_indicatorvalue_changelist"))
    assert [value.city for value in response.context["cl"].result_list] == [sopot]


def test_the_grid_and_the_import_form_offer_a_limited_person_their_cities_only(
    client, gdansk, sopot, statistician
):
    client.force_login(limited_to(statistician, sopot))
    grid = client.get(reverse("admin:indicators_year_entry"))
    upload = client.get(reverse("admin:indicators_importbatch_upload"))
    form = upload.context["form"]
    assert (grid.context["city"], list(grid.context["cities"])) == (sopot, [sopot])
    assert (form.initial["city"], list(form.fields["city"].queryset)) == (sopot, [sopot])


def test_the_value_form_suggests_a_limited_person_their_cities_only(client, gdansk, sopot, statistician):
    client.force_login(limited_to(statistician, sopot))
    query = {"app_label": "indicators", "model_name": "indicatorvalue", "field_name": "city", "term": ""}
    response = client.get(reverse("admin:autocomplete"), query)
    assert [city["text"] for city in response.json()["results"]] == ["Sopot"]


def test_a_superuser_sets_the_cities_a_person_works_on_in_the_user_admin(client, make_user, statistician):
    client.force_login(make_user("root", superuser=True))
    response = client.get(reverse("admin:auth_user_change", args=[statistician.pk]))
    assert any(formset.formset.model is CityAccess for formset in response.context["inline_admin_formsets"])


def test_only_a_superuser_keeps_the_cities_people_work_on(client, make_user, catalogue):
    for role in roles.ROLE_PERMISSIONS:
        client.force_login(make_user(role, role))
        assert client.get(reverse("admin:auth_user_changelist")).status_code == 403, role


@pytest.mark.parametrize("language", ["pl", "de"])
def test_the_refusal_speaks_the_person_s_language(gdansk, sopot, indicator, statistician, language):
    limited_to(statistician, sopot)
    with translation.override(language), pytest.raises(services.Refusal) as refused:
        services.save_value(user=statistician, city=gdansk, indicator=indicator, year=YEAR, value=Decimal(5))
    assert "Sopot" in refused.value.messages[0]
    assert "You work on" not in refused.value.messages[0]
