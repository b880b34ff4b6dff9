"""Writes: every path that changes a value (admin, import, API, year-entry grid) goes through here."""

import copy
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from . import bulk, quality, site_cache, workflow
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
    target._change_reason = bulk.history_reason(change_reason)
    target.save()
    return target, "created" if existing is None else "updated"


def _new_value(blank: IndicatorValue, row: dict) -> IndicatorValue:
    """A copy of the import's blank value, its stamps (batch, who, when) already set: half the time of
    Model.__init__ and the stamps' setters (10 µs against 20 µs), which counts over 40 000 rows."""
    value = copy.copy(blank)
    value.city, value.indicator, value.year = row["city"], row["indicator"], row["year"]
    return value


def _stamp_status(
    target: IndicatorValue, user, *, before: str, after: str, corrected: bool, reason: str, now=None
) -> None:
    """Who took the step and when (`now`: one moment for many values); the reviewer's reason when a
    value is sent back."""
    target.status = after
    now = now or timezone.now()
    if after == IndicatorValue.Status.VERIFIED and before != after:
        target.verified_by, target.verified_at = user, now
        target.returned_reason = ""
    elif after == IndicatorValue.Status.PUBLISHED and (before != after or corrected):
        target.published_by, target.published_at = user, now
    elif after == IndicatorValue.Status.DRAFT and before != after and not corrected:
        target.returned_reason = reason


def apply_planned_values(
    *,
    rows: list[dict],
    user=None,
    import_batch=None,
    change_reason: str = "",
    dry_run: bool = False,
) -> dict:
    """Many values at once (an import): the model's rules for each, then bulk writes with history.

    Each row has city, indicator, year and any of VALUE_FIELDS and "status"; a field a row leaves out
    keeps its stored content. The status rules are save_value's (indicators.workflow): a changed draft
    stays a draft, a published figure is locked, a status the row asks for is a workflow step. Returns
    {"outcomes": [(created|updated|unchanged, before, after)], "errors": [(row index, field, message)],
    "counts": {...}}; nothing is written on a dry run or when any row is invalid.
    """
    checked = {*VALUE_FIELDS, "year", "status"}  # the caller resolved city and indicator; the rest is ours
    not_checked_here = {field.name for field in IndicatorValue._meta.fields if field.name not in checked}
    import_fields = ["status", "import_batch", "updated_by", "updated_at", "verified_at", "verified_by"]
    import_fields += ["published_at", "published_by", "returned_reason"]
    result = {"outcomes": [], "errors": [], "counts": {"created": 0, "updated": 0, "unchanged": 0}}
    now = timezone.now()
    with transaction.atomic():
        stored = IndicatorValue.objects.filter(
            city__in={row["city"].pk for row in rows},
            indicator__in={row["indicator"].pk for row in rows},
            year__in={row["year"] for row in rows},
        )
        if not dry_run:
            stored = stored.select_for_update()
        existing = {(value.city_id, value.indicator_id, value.year): value for value in stored}
        for row in rows:  # the rows' own city and indicator objects: no query per value in clean()
            if current := existing.get((row["city"].pk, row["indicator"].pk, row["year"])):
                current.city, current.indicator = row["city"], row["indicator"]
        to_create, to_update = [], []
        baseline = None  # what verification's warnings compare with, read once for all rows
        if any(row.get("status") for row in rows):
            baseline = quality.Baseline.read(
                cities={row["city"].pk for row in rows},
                indicators={row["indicator"].pk for row in rows},
                years={row["year"] for row in rows},
            )
        blank = IndicatorValue(import_batch=import_batch, created_by=user, updated_by=user, updated_at=now)
        for index, row in enumerate(rows):
            current = existing.get((row["city"].pk, row["indicator"].pk, row["year"]))
            incoming = {field: row[field] for field in VALUE_FIELDS if field in row}
            changed = current is None or any(
                getattr(current, field) != new for field, new in incoming.items()
            )
            requested = row.get("status")
            if not changed and requested in (None, current.status):  # exactly what is stored
                result["outcomes"].append(("unchanged", current, current))
                result["counts"]["unchanged"] += 1
                continue
            before = copy.copy(current)
            target = current or _new_value(blank, row)
            for field, new in incoming.items():
                setattr(target, field, new)
            stored_status = current.status if current else IndicatorValue.Status.DRAFT
            try:
                if current is None:
                    workflow.check_can_create(user)
                edited = (
                    workflow.status_after_edit(user, before, "") if current and changed else stored_status
                )
                status = requested or edited
                for step_from, step_to in workflow.steps_between(edited, status):
                    workflow.check_step(user, target, step_from, step_to, baseline=baseline)
                target.clean_fields(exclude=not_checked_here)
                target.clean()
            except ValidationError as error:
                by_field = error.message_dict if hasattr(error, "error_dict") else {"status": error.messages}
                result["errors"].extend(
                    (index, field, message) for field, messages in by_field.items() for message in messages
                )
                continue
            for step_from, step_to in workflow.steps_between(stored_status, status):
                _stamp_status(target, user, before=step_from, after=step_to, corrected=changed, reason="")
            if current is None:
                to_create.append(target)
            else:
                target.import_batch = import_batch
                target.updated_by, target.updated_at = user, now
                to_update.append(target)
            outcome = "created" if current is None else "updated"
            result["outcomes"].append((outcome, before, target))
            result["counts"][outcome] += 1
        if dry_run or result["errors"]:
            return result
        bulk.insert_values(to_create)
        IndicatorValue.objects.bulk_update(to_update, fields=[*VALUE_FIELDS, *import_fields], batch_size=500)
        written_at = timezone.now()  # the history's date is when it was written, as for single saves
        for values, history_type in ((to_create, "+"), (to_update, "~")):
            bulk.copy_into_history(
                values, history_type, user=user, change_reason=change_reason, when=written_at
            )
        if to_create or to_update:
            transaction.on_commit(site_cache.bump)  # bulk writes send no post_save signal
    return result
