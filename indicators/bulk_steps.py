"""Many values taking one workflow step at once: a reviewer verifying or publishing a whole import.

Each value passes the same rules as one saved alone (the model's rules, then workflow.check_step), but
the figures its warnings compare with are read once for all values (quality.Baseline), and the values
that pass are written with one UPDATE per chunk of ids and a history row each, copied by the database
(indicators.bulk), instead of a save, a history insert and two warning queries per value.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from . import bulk, site_cache, workflow
from .models import City, Indicator, IndicatorValue
from .quality import Baseline, blocking_problems
from .services import _stamp_status

Status = IndicatorValue.Status

IDS_PER_STATEMENT = 900  # under SQLite's limit of 999 parameters
STAMPED = ("status", "verified_by_id", "verified_at", "published_by_id", "published_at", "returned_reason")


@dataclass
class StepResult:
    done: list[IndicatorValue] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # one message per value that may not take the step
    unchanged: int = 0  # values already at the target status


def take_step(*, user, values: QuerySet, target: str, reason: str = "") -> StepResult:
    """Move every value that may go to `target` (verified, published, or draft when sent back with
    `reason`); the others stay as they are, each with a message saying why.

    The history of each moved value records the user, the time and the reason, as a single save does.
    """
    result = StepResult()
    with transaction.atomic():
        locked = _locked(values)
        baseline = Baseline.of(locked) if target == Status.VERIFIED else None
        now = timezone.now()
        changes = defaultdict(list)  # the stamps a step changed → the values it changed them on
        for value in locked:
            if value.status == target:
                result.unchanged += 1
                continue
            try:
                _check(user, value, target, reason, baseline)
            except ValidationError as error:
                result.refused.extend(error.messages)
                continue
            changes[_stamp(value, user, target=target, reason=reason, now=now)].append(value.pk)
            result.done.append(value)
        _write(changes, user=user, now=now)
        change_reason = {Status.VERIFIED: _("verified"), Status.PUBLISHED: _("published")}.get(target, reason)
        bulk.copy_into_history(result.done, "~", user=user, change_reason=change_reason, when=timezone.now())
        if result.done:
            transaction.on_commit(site_cache.bump)  # bulk writes send no post_save signal
    return result


def _locked(values: QuerySet) -> list[IndicatorValue]:
    """The values, row-locked, each with its (shared) indicator and city: no query per value later."""
    locked = list(
        IndicatorValue.objects.filter(pk__in=values.values("pk")).order_by("pk").select_for_update()
    )
    indicators = Indicator.objects.in_bulk({value.indicator_id for value in locked})
    cities = City.objects.in_bulk({value.city_id for value in locked})
    for value in locked:
        value.indicator, value.city = indicators[value.indicator_id], cities[value.city_id]
    return locked


def _check(user, value: IndicatorValue, target: str, reason: str, baseline: Baseline | None) -> None:
    """The model's rules first, as a single save checks them, then the workflow's step."""
    problems = blocking_problems(value)
    if problems:
        raise ValidationError(
            _("%(code)s %(year)s has blocking problems: %(problems)s")
            % {"code": value.indicator.code, "year": value.year, "problems": " ".join(problems)}
        )
    workflow.check_step(user, value, value.status, target, reason=reason, baseline=baseline)


def _stamp(value: IndicatorValue, user, *, target: str, reason: str, now) -> tuple:
    """Stamp the step on the value as a single save does; return the stamps it changed, (name, new)."""
    before = [getattr(value, name) for name in STAMPED]
    _stamp_status(value, user, before=value.status, after=target, corrected=False, reason=reason, now=now)
    value.updated_by, value.updated_at = user, now
    after = (getattr(value, name) for name in STAMPED)
    return tuple((name, new) for name, old, new in zip(STAMPED, before, after, strict=True) if new != old)


def _write(changes: dict[tuple, list[int]], *, user, now) -> None:
    """One UPDATE per chunk of values whose stamps changed alike (usually all of them): Django's
    bulk_update writes a CASE per field and row, which took most of the time and memory."""
    for stamps, ids in changes.items():
        fields = {**dict(stamps), "updated_by_id": getattr(user, "pk", None), "updated_at": now}
        for start in range(0, len(ids), IDS_PER_STATEMENT):
            IndicatorValue.objects.filter(pk__in=ids[start : start + IDS_PER_STATEMENT]).update(**fields)
