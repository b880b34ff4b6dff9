"""Writes: every path that changes a value (admin, import, API, year-entry grid) goes through here."""

from decimal import Decimal

from django.db import transaction

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
def save_value(*, user=None, status: str | None = None, change_reason: str = "", import_batch=None, **fields):
    """Create or update the value for (city, indicator, year); returns (value, created|updated|unchanged).

    Changing the figure of a verified or published value sends it back to draft: a correction is
    reviewed like any new figure before residents see it.
    """
    existing = (
        IndicatorValue.objects.select_for_update()
        .filter(city=fields["city"], indicator=fields["indicator"], year=fields["year"])
        .first()
    )
    target, changed = build_value(existing=existing, **fields)
    if not changed and (status is None or existing.status == status):
        return existing, "unchanged"
    if status is not None:
        target.status = status
    elif existing is not None and changed:
        target.status = IndicatorValue.Status.DRAFT
    if existing is None:
        target.created_by = user
    target.updated_by = user
    if import_batch is not None:
        target.import_batch = import_batch
    target._history_user = user
    target._change_reason = change_reason
    target.save()
    return target, "created" if existing is None else "updated"


def apply_planned_values(
    *,
    rows: list[dict],
    user=None,
    import_batch=None,
    change_reason: str = "",
    allowed_statuses: frozenset = frozenset({IndicatorValue.Status.DRAFT}),
    dry_run: bool = False,
) -> dict:
    """Many values at once (an import): the model's rules for each, then bulk writes with history.

    Each row has city, indicator, year and any of VALUE_FIELDS and "status"; a field a row leaves out
    keeps its stored content. The same status rule as save_value applies: a changed figure goes back
    to draft unless the row gives a status, which must then be in allowed_statuses. Returns
    {"outcomes": [(created|updated|unchanged, before, after)], "errors": [(row index, field, message)],
    "counts": {...}}; nothing is written on a dry run or when any row is invalid.
    """
    import copy

    from django.core.exceptions import ValidationError
    from django.utils import timezone
    from django.utils.translation import gettext as _
    from simple_history.utils import bulk_create_with_history, bulk_update_with_history

    checked = {*VALUE_FIELDS, "year", "status"}  # the caller resolved city and indicator; the rest is ours
    not_checked_here = [field.name for field in IndicatorValue._meta.fields if field.name not in checked]
    import_fields = ["status", "import_batch", "updated_by", "updated_at", "verified_at", "verified_by"]
    import_fields += ["published_at", "published_by"]
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
        for index, row in enumerate(rows):
            current = existing.get((row["city"].pk, row["indicator"].pk, row["year"]))
            incoming = {field: row[field] for field in VALUE_FIELDS if field in row}
            changed = current is None or any(
                getattr(current, field) != new for field, new in incoming.items()
            )
            unreviewed = IndicatorValue.Status.DRAFT if changed else current.status
            status = row.get("status") or unreviewed
            if not changed and status == current.status:  # exactly what is stored: nothing to check
                result["outcomes"].append(("unchanged", current, current))
                result["counts"]["unchanged"] += 1
                continue
            before = copy.copy(current)
            target = current or IndicatorValue(city=row["city"], indicator=row["indicator"], year=row["year"])
            for field, new in incoming.items():
                setattr(target, field, new)
            if status != unreviewed and status not in allowed_statuses:
                message = _("You may not set the status “%(status)s”.") % {"status": status}
                result["errors"].append((index, "status", message))
                continue
            try:
                target.clean_fields(exclude=not_checked_here)
                target.clean()
            except ValidationError as error:
                result["errors"].extend(
                    (index, field, message)
                    for field, messages in error.message_dict.items()
                    for message in messages
                )
                continue
            if status != (current.status if current else None):
                if status == IndicatorValue.Status.VERIFIED:
                    target.verified_at, target.verified_by = now, user
                elif status == IndicatorValue.Status.PUBLISHED:
                    target.published_at, target.published_by = now, user
            target.status = status
            target.import_batch = import_batch
            target.updated_by, target.updated_at = user, now
            if current is None:
                target.created_by = user
                to_create.append(target)
            else:
                to_update.append(target)
            outcome = "created" if current is None else "updated"
            result["outcomes"].append((outcome, before, target))
            result["counts"][outcome] += 1
        if dry_run or result["errors"]:
            return result
        bulk_create_with_history(
            to_create, IndicatorValue, batch_size=1000, default_user=user, default_change_reason=change_reason
        )
        bulk_update_with_history(
            to_update,
            IndicatorValue,
            fields=[*VALUE_FIELDS, *import_fields],
            batch_size=500,
            default_user=user,
            default_change_reason=change_reason,
        )
    return result
