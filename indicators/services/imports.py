"""Writes of many values at once (an import), decided one by one as save_value decides, written in bulk;
and the purge of old import files."""

import copy
from datetime import timedelta
from types import SimpleNamespace

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.base import ModelState
from django.utils import timezone

from .. import bulk, workflow
from ..models import ImportBatch, IndicatorValue
from ..quality import Baseline
from ..workflow import NOBODY, VALUE_FIELDS, Proposal, actor_of
from .stamping import record_bulk_write, stamp
from .values import RELATIONS, _check_proposed, quality_after


def _refused(error: ValidationError) -> str:
    """The field a refusal of the whole row concerns: the review note when that is what is missing,
    else the status step."""
    return "review_note" if getattr(error, "code", None) == workflow.UNEXPLAINED_WARNINGS else "status"


def _figures_of(rows: list[dict]) -> list[SimpleNamespace]:
    """The figures the rows bring, as the quality baseline takes them (a row without one keeps the stored)."""
    return [
        SimpleNamespace(
            city_id=row["city"].pk,
            indicator_id=row["indicator"].pk,
            indicator=row["indicator"],
            year=row["year"],
            value=row["value"],
        )
        for row in rows
        if "value" in row
    ]


def _new_value(blank: IndicatorValue, row: dict, key: tuple[int, int, int]) -> IndicatorValue:
    """A copy of the import's blank value, its stamps (batch, who, when) already set, for the row's city,
    indicator and year (`key`: their ids and the year): its attributes copied as they are, cheaper than
    Model.__init__ or copy.copy (the pickling protocol), which counts over tens of thousands of rows."""
    value = IndicatorValue.__new__(IndicatorValue)
    city, indicator = row["city"], row["indicator"]
    value.__dict__.update(blank.__dict__, city_id=key[0], indicator_id=key[1], year=key[2])
    value._state = ModelState()
    value._state.fields_cache = {**blank._state.fields_cache, "city": city, "indicator": indicator}
    return value


def _set_fields(value: IndicatorValue, changes: dict) -> None:
    """A decision's changes set on the value. A relation that already holds that very object is left as
    it is: Django's descriptor would set it again (the id, the cache) at a cost that counts over the
    tens of thousands of values of an import."""
    cached = value._state.fields_cache
    for name, new in changes.items():
        if name in cached and cached[name] is new and name in RELATIONS:
            continue
        setattr(value, name, new)


class FieldChecks:
    """Model.clean_fields for the many values of an import, each field's content checked once: a field's
    checks (its type, length, digits, choices) see only that content, so a source, year or figure that
    passed for one value passes for the next. The model's clean() still runs for every value."""

    def __init__(self, checked: set[str]):
        self.checked = sorted(checked)
        self.ignored = frozenset(field.name for field in IndicatorValue._meta.fields) - checked
        self.passed: set[tuple[str, str]] = set()

    def clean_fields(self, value: IndicatorValue) -> None:
        attributes = value.__dict__  # the checked fields are plain columns, all loaded
        keys = list(zip(self.checked, map(repr, map(attributes.__getitem__, self.checked)), strict=True))
        if self.passed.issuperset(keys):
            return
        contents = [attributes[name] for name in self.checked]
        value.clean_fields(exclude=self.ignored.union(key[0] for key in keys if key in self.passed))
        # a content the field converted (to_python) is checked again next time, as the converted one
        self.passed.update(
            key for key, content in zip(keys, contents, strict=True) if attributes[key[0]] is content
        )


def apply_planned_values(
    *,
    rows: list[dict],
    user=None,
    import_batch=None,
    change_reason: str = "",
    dry_run: bool = False,
) -> dict:
    """Many values at once (an import): the workflow's decision and the model's rules for each, then
    bulk writes with history.

    Each row has city, indicator, year and any of VALUE_FIELDS, "status" and "review_note"; a field a
    row leaves out keeps its stored content. Each row is decided by indicators.workflow.decide, as
    save_value decides one value; `user=None` is nobody in particular: drafts only, no status step. Returns
    {"outcomes": [(created|updated|unchanged, before, after)], "errors": [(row index, field, message)],
    "counts": {...}}; nothing is written on a dry run or when any row is invalid.
    """
    actor = actor_of(user, nobody=NOBODY)
    four_eyes = settings.FOUR_EYES  # read once, not once per row
    # the caller resolved city and indicator
    checks = FieldChecks({*VALUE_FIELDS, "year", "status", "review_note"})
    result = {"outcomes": [], "errors": [], "counts": {"created": 0, "updated": 0, "unchanged": 0}}
    now = timezone.now()
    keys = [(row["city"].pk, row["indicator"].pk, row["year"]) for row in rows]
    cities, indicators, years = (set(ids) for ids in zip(*keys, strict=True)) if keys else ((), (), ())
    with transaction.atomic():
        stored = IndicatorValue.objects.filter(city__in=cities, indicator__in=indicators, year__in=years)
        if not dry_run:
            stored = stored.select_for_update()
        existing = {(value.city_id, value.indicator_id, value.year): value for value in stored}
        for row, key in zip(rows, keys, strict=True):  # the rows' own city and indicator: no query in clean()
            if current := existing.get(key):
                current.city, current.indicator = row["city"], row["indicator"]
        to_create, to_update, written = [], [], set()
        baseline = None  # what verification's warnings compare with, read once for all rows
        if any(row.get("status") for row in rows):
            baseline = Baseline.read(cities=cities, indicators=indicators, years=years)
            baseline.overlay(_figures_of(rows))  # the file's own other years, population and peers
        blank = IndicatorValue(edited_by=user)  # what every new value of the import shares
        stamp(blank, user=user, now=now, stored_version=None, import_batch=import_batch)
        for index, row in enumerate(rows):
            current = existing.get(keys[index])
            target = current or _new_value(blank, row, keys[index])
            proposal = Proposal(
                fields={field: row[field] for field in VALUE_FIELDS if field in row},
                status=row.get("status"),
                review_note=row.get(
                    "review_note"
                ),  # the file's Explanation column; None keeps the stored one
            )
            try:
                decision = workflow.decide(
                    actor=actor,
                    stored=current,
                    proposal=proposal,
                    label={"code": row["indicator"].code, "year": row["year"]},
                    now=now,
                    quality=lambda changes, current=current, target=target: quality_after(
                        current, target, changes, baseline=baseline
                    ),
                    four_eyes=four_eyes,
                    city=row["city"],
                )
                if decision.outcome == "unchanged":
                    result["outcomes"].append(("unchanged", current, current))
                    result["counts"]["unchanged"] += 1
                    continue
                before = copy.copy(current) if current is not None else None
                _set_fields(target, decision.changes)
                checks.clean_fields(target)
                target.clean()
                if decision.proposed:
                    _check_proposed(target)
            except ValidationError as error:
                by_field = (
                    error.message_dict if hasattr(error, "error_dict") else {_refused(error): error.messages}
                )
                result["errors"].extend(
                    (index, field, message) for field, messages in by_field.items() for message in messages
                )
                continue
            written.update(decision.changes)
            if current is None:
                to_create.append(target)
            else:
                stamp(target, user=user, now=now, stored_version=current.version, import_batch=import_batch)
                to_update.append(target)
            outcome = "created" if current is None else "updated"
            result["outcomes"].append((outcome, before, target))
            result["counts"][outcome] += 1
        if dry_run or result["errors"]:
            return result
        bulk.insert_values(to_create)
        stamps = ["import_batch", "updated_by", "updated_at", "version"]
        IndicatorValue.objects.bulk_update(to_update, fields=[*sorted(written), *stamps], batch_size=500)
        changed = [before for outcome, before, _after in result["outcomes"] if outcome != "unchanged"]
        record_bulk_write(
            [("+", to_create), ("~", to_update)], user=user, change_reason=change_reason, before=changed
        )
    return result


def purge_expired_files(*, now=None) -> int:
    """Delete the files of imports older than the retention period (the uploaded file and the file of
    refused rows); keep their records. Returns how many imports lost their files."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.IMPORT_FILE_RETENTION_DAYS)
    purged = 0
    old = ImportBatch.objects.filter(created_at__lt=cutoff)
    for batch in old.exclude(file="", refused_file=""):
        for stored in (batch.file, batch.refused_file):
            if stored:
                stored.delete(save=False)
        ImportBatch.objects.filter(pk=batch.pk).update(file="", refused_file="")
        purged += 1
    return purged
