"""Writes: every path that changes a value (admin, import, API, year-entry grid) goes through here."""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from . import workflow
from .models import City, Indicator, IndicatorValue

VALUE_FIELDS = ("value", "text_value", "numerator", "denominator", "source", "notes")


def build_value(
    *,
    city: City,
    indicator: Indicator,
    year: int,
    existing: IndicatorValue | None = None,
    value: Decimal | None = None,
    text_value: str = "",
    numerator: Decimal | None = None,
    denominator: Decimal | None = None,
    source: str = "",
    notes: str = "",
) -> tuple[IndicatorValue, bool]:
    """The value as it would be after the change, unsaved; and whether anything changed.

    Raises ValidationError (all problems at once) when the value breaks a rule of the model.
    """
    target = existing or IndicatorValue(city=city, indicator=indicator, year=year)
    incoming = {
        "value": value,
        "text_value": text_value or "",
        "numerator": numerator,
        "denominator": denominator,
        "source": source or "",
        "notes": notes or "",
    }
    changed = existing is None or any(getattr(existing, field) != new for field, new in incoming.items())
    for field, new in incoming.items():
        setattr(target, field, new)
    target.full_clean(validate_unique=existing is None, validate_constraints=False)
    return target, changed


@transaction.atomic
def save_value(
    *,
    user=None,
    status: str | None = None,
    change_reason: str = "",
    import_batch=None,
    review_note: str | None = None,
    revision_note: str = "",
    **fields,
):
    """Create or update the value for (city, indicator, year); returns (value, created|updated|unchanged).

    The status rules live in indicators.workflow: a draft stays a draft when edited, a verified value
    goes back to draft, a published one may only be corrected by a reviewer with a public revision note
    (it stays published, marked revised); `status` asks for a step (verify, publish, send back with
    `change_reason` as the written reason), refused with a ValidationError the caller can show.
    """
    existing = (
        IndicatorValue.objects.select_for_update()
        .filter(city=fields["city"], indicator=fields["indicator"], year=fields["year"])
        .first()
    )
    before = existing.status if existing is not None else IndicatorValue.Status.DRAFT
    earlier_review_note = existing.review_note if existing is not None else ""
    target, changed = build_value(existing=existing, **fields)
    edited = before
    if existing is None:
        workflow.check_can_create(user)
    elif changed:
        edited = workflow.status_after_edit(user, existing, revision_note)
    if review_note is not None:
        target.review_note = review_note
    new_status = status or edited
    workflow.check_step(user, target, edited, new_status, reason=change_reason)
    if (
        existing is not None
        and not changed
        and target.review_note == earlier_review_note
        and new_status == before
    ):
        return existing, "unchanged"
    _stamp_status(target, user, before=before, after=new_status, corrected=changed, reason=change_reason)
    if (
        changed
        and before == IndicatorValue.Status.PUBLISHED
        and new_status == IndicatorValue.Status.PUBLISHED
    ):
        target.revision_note = revision_note
    if existing is None:
        target.created_by = user
    target.updated_by = user
    if import_batch is not None:
        target.import_batch = import_batch
    target._history_user = user
    target._change_reason = change_reason
    target.save()
    return target, "created" if existing is None else "updated"


def _stamp_status(
    target: IndicatorValue, user, *, before: str, after: str, corrected: bool, reason: str
) -> None:
    """Who took the step and when; the reviewer's reason when a value is sent back."""
    target.status = after
    now = timezone.now()
    if after == IndicatorValue.Status.VERIFIED and before != after:
        target.verified_by, target.verified_at = user, now
        target.returned_reason = ""
    elif after == IndicatorValue.Status.PUBLISHED and (before != after or corrected):
        target.published_by, target.published_at = user, now
    elif after == IndicatorValue.Status.DRAFT and before != after and not corrected:
        target.returned_reason = reason
