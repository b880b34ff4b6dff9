from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from indicators import roles, services, workflow
from indicators.models import IndicatorValue
from indicators.selectors import published_revisions, published_values
from indicators.services import save_value

pytestmark = pytest.mark.usefixtures("english")  # messages are checked in English; the default is Polish

Status = IndicatorValue.Status


def test_reviewer_verifies_a_draft_and_the_step_records_who_and_when(draft, reviewer):
    value = services.verify(user=reviewer, value=draft)
    assert (value.status, value.verified_by) == (Status.VERIFIED, reviewer)
    assert value.verified_at is not None
    assert value.history.first().history_user == reviewer


def test_reviewer_publishes_a_verified_value_and_residents_see_it(verified, reviewer):
    value = services.publish(user=reviewer, value=verified)
    assert (value.status, value.published_by) == (Status.PUBLISHED, reviewer)
    assert list(published_values()) == [value]


def test_statistician_cannot_verify(draft, statistician):
    with pytest.raises(ValidationError, match="only reviewers can verify"):
        services.verify(user=statistician, value=draft)
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_statistician_cannot_publish(verified, statistician):
    with pytest.raises(ValidationError, match="only reviewers can publish"):
        services.publish(user=statistician, value=verified)


def test_auditor_cannot_verify(draft, auditor):
    with pytest.raises(ValidationError):
        services.verify(user=auditor, value=draft)


def test_auditor_cannot_edit_a_draft(draft, auditor):
    with pytest.raises(ValidationError, match="read values but not change"):
        save_value(user=auditor, city=draft.city, indicator=draft.indicator, year=2019, value=Decimal(6))


def test_a_reviewer_publishes_a_draft_in_one_step_verifying_it_on_the_way(draft, reviewer):
    value = services.publish(user=reviewer, value=draft)
    assert (value.status, value.verified_by, value.published_by) == ("published", reviewer, reviewer)


def test_sending_back_needs_a_written_reason(verified, reviewer):
    with pytest.raises(ValidationError, match="reason"):
        services.send_back(user=reviewer, value=verified, reason=" ")


def test_reviewer_sends_a_verified_value_back_with_a_reason(verified, reviewer):
    value = services.send_back(user=reviewer, value=verified, reason="Source is last year's table")
    assert (value.status, value.returned_reason) == (Status.DRAFT, "Source is last year's table")
    assert value.history.first().history_change_reason == "Source is last year's table"


def test_a_long_reason_for_sending_back_stays_whole_on_the_value_and_shortened_in_the_history(
    verified, reviewer
):
    reason = "The source table covers the metropolitan area, not the city. " * 5
    value = services.send_back(user=reviewer, value=verified, reason=reason)
    assert value.returned_reason == reason
    entry = value.history.first().history_change_reason
    assert (len(entry), entry[:20], entry[-1]) == (100, reason[:20], "…")


def test_reviewer_withdraws_a_published_value_with_a_reason(published, reviewer):
    value = services.send_back(user=reviewer, value=published, reason="Wrong city")
    assert value.status == Status.DRAFT
    assert not published_values().exists()


def test_statistician_cannot_send_back(verified, statistician):
    with pytest.raises(ValidationError, match="only reviewers"):
        services.send_back(user=statistician, value=verified, reason="no")


def test_verifying_again_clears_the_returned_reason(verified, reviewer):
    returned = services.send_back(user=reviewer, value=verified, reason="check source")
    assert services.verify(user=reviewer, value=returned).returned_reason == ""


def test_statistician_edits_a_draft_and_it_stays_a_draft(draft, statistician):
    value, outcome = save_value(
        user=statistician, city=draft.city, indicator=draft.indicator, year=2019, value=Decimal("5.3")
    )
    assert (outcome, value.status) == ("updated", Status.DRAFT)


def test_a_verified_value_is_locked_for_a_statistician_with_who_can_unlock_it(verified, statistician):
    with pytest.raises(ValidationError, match="A reviewer can send it back"):
        save_value(user=statistician, city=verified.city, indicator=verified.indicator, year=2019, value=1)
    verified.refresh_from_db()
    assert verified.value == Decimal("5.1")


def test_a_reviewer_edit_of_a_verified_value_sends_it_back_to_draft(verified, reviewer):
    value, _ = save_value(
        user=reviewer, city=verified.city, indicator=verified.indicator, year=2019, value=Decimal("5.2")
    )
    assert value.status == Status.DRAFT


def test_a_published_value_is_locked_for_a_statistician(published, statistician):
    with pytest.raises(ValidationError, match="publish a correction"):
        save_value(user=statistician, city=published.city, indicator=published.indicator, year=2019, value=2)
    assert published_values().get().value == Decimal("5.1")


def test_a_correction_of_a_published_value_needs_a_revision_note(published, reviewer):
    with pytest.raises(ValidationError, match="revision note"):
        save_value(user=reviewer, city=published.city, indicator=published.indicator, year=2019, value=2)


def test_a_published_correction_stays_public_and_is_marked_revised(published, reviewer, make_user):
    save_value(
        user=reviewer,
        city=published.city,
        indicator=published.indicator,
        year=2019,
        value=Decimal("4.9"),
        source="GUS",
        revision_note="GUS revised the labour survey",
    )
    value = services.publish(user=make_user("rev2", roles.REVIEWERS), value=published)
    assert published_values().get().value == Decimal("4.9")
    revision = published_revisions([value])[value.pk]
    assert (revision.earlier, revision.note) == (Decimal("5.1"), "GUS revised the labour survey")


def test_a_value_with_warnings_needs_a_note_before_it_is_verified(gdansk, indicator, statistician, reviewer):
    save_value(city=gdansk, indicator=indicator, year=2018, value=Decimal(4), status="published")
    jump, _ = save_value(user=statistician, city=gdansk, indicator=indicator, year=2019, value=Decimal(8))
    with pytest.raises(ValidationError, match="explain them in a note"):
        services.verify(user=reviewer, value=jump)
    value = services.verify(user=reviewer, value=jump, note="New definition of unemployment from 2019")
    assert value.review_note == "New definition of unemployment from 2019"


def test_a_value_with_blocking_problems_cannot_be_verified(draft, reviewer):
    IndicatorValue.objects.filter(pk=draft.pk).update(value=Decimal(150))  # e.g. the range was narrowed
    draft.refresh_from_db()
    with pytest.raises(ValidationError):
        services.verify(user=reviewer, value=draft)


def test_bulk_steps_report_each_refusal_and_do_the_rest(gdansk, indicator, statistician, reviewer):
    first, _ = save_value(user=statistician, city=gdansk, indicator=indicator, year=2018, value=Decimal(5))
    second, _ = save_value(user=statistician, city=gdansk, indicator=indicator, year=2019, value=Decimal(9))
    done, refused = services.apply_to_each(services.verify, [first, second], user=reviewer)
    assert [value.year for value in done] == [2018]
    assert len(refused) == 1
    assert "2019" in refused[0]


def test_lock_reason_is_empty_where_the_user_may_edit(published, reviewer, statistician):
    assert workflow.lock_reason(reviewer, published) == ""
    assert "reviewer" in workflow.lock_reason(statistician, published)


@pytest.mark.parametrize("role", ["auditor", "reviewer", "catalogue_admin"])
def test_only_statisticians_enter_new_values(request, gdansk, indicator, role):
    with pytest.raises(ValidationError, match="Only statisticians"):
        save_value(user=request.getfixturevalue(role), city=gdansk, indicator=indicator, year=2019, value=1)
    assert not IndicatorValue.objects.exists()
