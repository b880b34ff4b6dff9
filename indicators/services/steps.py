"""Many values taking one workflow step at once: a reviewer verifying or publishing a whole import.

Each value is decided by indicators.workflow.decide, as a single save decides it (rights, four eyes,
reasons, warnings), and must still obey the model's rules; but the figures its warnings compare with
are read once for all values (quality.Baseline), and the values that pass are written with one UPDATE
per chunk of ids and a history row each, copied by the database (indicators.bulk), instead of a save,
a history insert and two warning queries per value.
"""

import copy
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import workflow
from ..models import City, Indicator, IndicatorValue
from ..quality import Baseline, blocking_problems
from ..workflow import Proposal, actor_of
from .stamping import record_bulk_write, stamp
from .values import quality_after

Status = IndicatorValue.Status

IDS_PER_STATEMENT = 10_000  # a PostgreSQL statement takes at most 65 535 parameters


@dataclass
class StepResult:
    done: list[IndicatorValue] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # one message per value that may not take the step
    unchanged: int = 0  # values already at the target status


def take_step(*, user, values: QuerySet, target: str, reason: str = "") -> StepResult:
    """Move every value that may go to `target` (verified, published, or draft when sent back with
    `reason`); the others stay as they are, each with a message saying why.

    The history of each moved value records the user, the time and the reason, as a single save does;
    its version moves on, and the public data version when a published figure changed. `user=None` is
    the system (fixtures, demo data), as for services.save_value.
    """
    result = StepResult()
    actor = actor_of(user)
    proposal = Proposal(status=target, reason=reason)
    with transaction.atomic():
        locked = _locked(values)
        # a draft published in one request is verified on the way, so its warnings are asked too
        baseline = Baseline.of(locked) if target != Status.DRAFT else None
        now = timezone.now()
        changes = defaultdict(list)  # the columns a decision sets → the values it sets them on
        before = []
        for value in locked:
            try:
                decision = workflow.decide(
                    actor=actor,
                    stored=value,
                    proposal=proposal,
                    label={"code": value.indicator.code, "year": value.year},
                    now=now,
                    quality=lambda decided, value=value: quality_after(
                        value, value, decided, baseline=baseline
                    ),
                    city=value.city,
                )
                if decision.outcome == "unchanged":
                    result.unchanged += 1
                    continue
                was = copy.copy(value)
                for name, new in decision.changes.items():
                    setattr(value, name, new)
                _check_rules(value)
            except ValidationError as error:
                result.refused.extend(
                    _("%(city)s, %(refusal)s") % {"city": value.city.name, "refusal": message}
                    for message in error.messages
                )
                continue
            stamp(value, user=user, now=now, stored_version=value.version)
            changes[_columns(decision.changes)].append(value.pk)
            before.append(was)
            result.done.append(value)
        _write(changes, user=user, now=now)
        change_reason = {
            Status.READY: _("marked ready for review"),
            Status.VERIFIED: _("verified"),
            Status.PUBLISHED: _("published"),
        }.get(target, reason)
        record_bulk_write([("~", result.done)], user=user, change_reason=change_reason, before=before)
    return result


def _locked(values: QuerySet) -> list[IndicatorValue]:
    """The values, row-locked, each with its (shared) indicator and city, and the author of a waiting
    correction: no query per value later."""
    locked = list(
        IndicatorValue.objects.filter(pk__in=values.values("pk")).order_by("pk").select_for_update()
    )
    indicators = Indicator.objects.in_bulk({value.indicator_id for value in locked})
    cities = City.objects.in_bulk({value.city_id for value in locked})
    proposers = {value.pending_by_id for value in locked if value.pending_by_id is not None}
    users = get_user_model().objects.in_bulk(proposers) if proposers else {}
    for value in locked:
        value.indicator, value.city = indicators[value.indicator_id], cities[value.city_id]
        if value.pending_by_id is not None:
            value.pending_by = users[value.pending_by_id]
    return locked


def _check_rules(value: IndicatorValue) -> None:
    """The model's rules, as a single save checks them before writing any step."""
    problems = blocking_problems(value)
    if problems:
        raise ValidationError(
            _("%(code)s %(year)s has blocking problems: %(problems)s")
            % {"code": value.indicator.code, "year": value.year, "problems": " ".join(problems)}
        )


def _columns(decided: dict) -> tuple:
    """A decision's changes as (column, database value) pairs: values decided alike share an UPDATE."""
    columns = []
    for name, new in decided.items():
        model_field = IndicatorValue._meta.get_field(name)
        if model_field.is_relation:
            columns.append((model_field.attname, getattr(new, "pk", None)))
        else:
            columns.append((name, new))
    return tuple(sorted(columns))


def _write(changes: dict[tuple, list[int]], *, user, now) -> None:
    """One UPDATE per chunk of values decided alike (usually all of them): Django's bulk_update writes
    a CASE per field and row, which took most of the time and memory."""
    for columns, ids in changes.items():
        stamps = {"updated_by_id": getattr(user, "pk", None), "updated_at": now, "version": F("version") + 1}
        for start in range(0, len(ids), IDS_PER_STATEMENT):
            IndicatorValue.objects.filter(pk__in=ids[start : start + IDS_PER_STATEMENT]).update(
                **dict(columns), **stamps
            )
