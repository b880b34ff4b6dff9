"""A figure that arrives through an owner's link is the owner's draft: no reviewer verifies or publishes
it, by any door, until a statistician has taken a step on it (changed its figure or marked it ready for
review). The table runs every entry point of tests/workflow/test_city_permissions.py on such a draft."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from indicators import services
from indicators.collection import services as collection
from indicators.collection.answers import owner_actor
from indicators.collection.links import link_token
from indicators.collection.models import RoundItem, RoundRequest
from indicators.models import IndicatorValue
from tests.workflow.test_city_permissions import DOOR_STEPS, DOORS
from tests.workflow.test_matrix import EXPECTED, STEPS, YEAR, how_it_ended

pytestmark = pytest.mark.django_db
Status = IndicatorValue.Status
REVIEWER_STEPS = ("verify", "draft_to_published")  # what a reviewer may ask of a draft


@pytest.fixture
def owner_draft(client, owners, gdansk):
    """The water company's figure of 20.1 for YEAR, sent through its link."""
    cache.clear()  # the link's rate limit
    collection.open_round(city=gdansk, year=YEAR, due_date=timezone.localdate() + timedelta(days=30))
    request = RoundRequest.objects.get(round__year=YEAR, owner=owners["water"])
    item = RoundItem.objects.get(request=request, indicator__code="20.1")
    data = {f"i{item.pk}-value": "97,5", f"i{item.pk}-source": "Rejestr przyłączy", "action": "send"}
    assert client.post(f"/answer/{link_token(request)}/", data).status_code == 200
    return IndicatorValue.objects.get(city=gdansk, indicator=item.indicator, year=YEAR)


def reviewer_outcomes(client, user, value, gdansk):
    """How each door that can express a reviewer's step on a draft ends it, each on the value as it is,
    in a transaction rolled back afterwards."""
    outcomes = {}
    for step in REVIEWER_STEPS:
        _before, ask = STEPS[step]
        for door, adapter in DOORS.items():
            if step not in DOOR_STEPS[door] and not (door == "publish_values" and step == "verify"):
                continue
            with transaction.atomic():
                adapter(client, user, value, ask, gdansk, value.indicator)
                outcomes[step, door] = how_it_ended(value, gdansk, value.indicator)
                transaction.set_rollback(True)
    return outcomes


def test_the_value_records_the_owner_and_link_its_figure_came_from(owner_draft, owners):
    request = RoundRequest.objects.get(round__year=YEAR, owner=owners["water"])
    assert owner_draft.received_from == f"Gdańskie Wody, {request.pk}-{request.link_nonce[:6]}"
    assert owner_draft.awaits_statistician


def test_no_door_lets_a_reviewer_verify_or_publish_an_owners_figure_a_statistician_has_not_taken(
    client, owner_draft, gdansk, reviewer
):
    outcomes = reviewer_outcomes(client, reviewer, owner_draft, gdansk)
    assert len(outcomes) >= 10
    assert outcomes == dict.fromkeys(outcomes, "refused")


def test_a_statistician_marking_it_ready_lets_every_door_take_the_reviewers_steps(
    client, owner_draft, gdansk, statistician, reviewer
):
    result = services.take_step(
        user=statistician, values=IndicatorValue.objects.filter(pk=owner_draft.pk), target=Status.READY
    )
    assert result.refused == []
    owner_draft.refresh_from_db()
    assert not owner_draft.awaits_statistician
    assert owner_draft.received_from  # still the owner's figure
    outcomes = reviewer_outcomes(client, reviewer, owner_draft, gdansk)
    assert outcomes == {(step, door): EXPECTED["reviewer"][step] for step, door in outcomes}


def test_a_statistician_changing_the_figure_makes_it_a_normal_draft_for_every_door(
    client, owner_draft, gdansk, statistician, reviewer
):
    changed, _outcome = services.save_value(
        user=statistician, city=gdansk, indicator=owner_draft.indicator, year=YEAR, value=Decimal("97.6")
    )
    assert (changed.awaits_statistician, changed.received_from) == (False, "")
    outcomes = reviewer_outcomes(client, reviewer, changed, gdansk)
    assert outcomes == {(step, door): EXPECTED["reviewer"][step] for step, door in outcomes}


def test_a_statistician_changing_only_the_notes_has_not_taken_the_figure(owner_draft, gdansk, statistician):
    noted, _outcome = services.save_value(
        user=statistician, city=gdansk, indicator=owner_draft.indicator, year=YEAR, notes="Dane wstępne"
    )
    assert noted.awaits_statistician


def test_whoever_took_the_owners_figure_does_not_verify_it_too(owner_draft, make_user):
    boss = make_user("boss", superuser=True)  # may mark values ready and verify them
    taken = services.take_step(
        user=boss, values=IndicatorValue.objects.filter(pk=owner_draft.pk), target=Status.READY
    )
    assert taken.refused == []
    with translation.override("en"), pytest.raises(services.Refusal, match="another reviewer verifies it"):
        services.verify(user=boss, value=owner_draft)


def test_a_new_answer_from_the_owner_waits_for_a_statistician_again(
    client, owner_draft, owners, gdansk, statistician, reviewer
):
    services.save_value(
        user=statistician, city=gdansk, indicator=owner_draft.indicator, year=YEAR, value=Decimal("97.6")
    )
    request = RoundRequest.objects.get(round__year=YEAR, owner=owners["water"])
    item = RoundItem.objects.get(request=request, indicator__code="20.1")
    client.post(f"/answer/{link_token(request)}/", {f"i{item.pk}-value": "97,7", "action": "send"})
    owner_draft.refresh_from_db()
    assert (owner_draft.value, owner_draft.awaits_statistician) == (Decimal("97.7"), True)
    with pytest.raises(services.Refusal):
        services.verify(user=reviewer, value=owner_draft)


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", "came from a data owner (Gdańskie Wody"),
        ("pl", "pochodzi od dostawcy danych (Gdańskie Wody"),
        ("de", "stammt von einem Datenhalter (Gdańskie Wody"),
    ],
)
def test_the_refusal_says_why_in_the_persons_language(owner_draft, reviewer, language, words):
    with translation.override(language), pytest.raises(services.Refusal) as refused:
        services.verify(user=reviewer, value=owner_draft)
    assert words in refused.value.messages[0]
    assert IndicatorValue.objects.get(pk=owner_draft.pk).status == Status.DRAFT


def test_the_database_refuses_an_owners_figure_awaiting_a_statistician_beyond_draft(owner_draft):
    with pytest.raises(IntegrityError), transaction.atomic():
        IndicatorValue.objects.filter(pk=owner_draft.pk).update(status=Status.VERIFIED)


@pytest.mark.parametrize("status", [Status.READY, Status.VERIFIED])
def test_an_owner_takes_no_step_on_their_own_figure(owner_draft, owners, status):
    request = RoundRequest.objects.get(round__year=YEAR, owner=owners["water"])
    with pytest.raises(services.Refusal) as refused:
        services.save_value(
            actor=owner_actor(request),
            city=owner_draft.city,
            indicator=owner_draft.indicator,
            year=YEAR,
            status=status,
        )
    assert refused.value.kind == services.Refusal.FORBIDDEN
    owner_draft.refresh_from_db()
    assert (owner_draft.status, owner_draft.awaits_statistician) == (Status.DRAFT, True)
