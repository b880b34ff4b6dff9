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
