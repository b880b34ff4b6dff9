"""Writes: every path that changes a value (admin, import, API, year-entry grid) goes through here."""

import copy

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models.base import ModelState
from django.utils import timezone
from django.utils.translation import gettext as _

from . import bulk, data_version, workflow
from .models import City, Indicator, IndicatorValue
from .quality import Baseline, blocking_problems, value_warnings
from .workflow import EVIDENCE_FIELDS, NOBODY, PENDING_FIELDS, VALUE_FIELDS, Proposal, Refusal, actor_of

__all__ = [
    *("EVIDENCE_FIELDS", "VALUE_FIELDS", "Refusal", "apply_planned_values", "publish", "quality_after"),
    *("save_value", "send_back", "verify"),
]


# The database's foreign keys keep the relations true; the model's field checks would read each one again.
RELATIONS = [field.name for field in IndicatorValue._meta.fields if field.is_relation]


def quality_after(
    stored: IndicatorValue | None, blank: IndicatorValue, changes: dict, *, baseline: Baseline | None = None
) -> tuple[list, list]:
    """The blocking problems and warnings of the value as the decision would leave it; `baseline`: the
    figures the warnings compare with, read once by a caller that decides many values."""
    probe = copy.copy(stored) if stored is not None else copy.copy(blank)
    for name, new in changes.items():
        setattr(probe, name, new)
    warnings = baseline.warnings(probe) if baseline is not None else value_warnings(probe)
    return blocking_problems(probe), warnings


def _check_proposed(target: IndicatorValue) -> None:
    """A correction waiting for a second reviewer obeys the model's rules like the figure it replaces."""
    probe = copy.copy(target)
    for name, pending in PENDING_FIELDS.items():
        setattr(probe, name, getattr(target, pending))
    probe.clean()


@transaction.atomic
def save_value(
    *,
    city: City,
    indicator: Indicator,
    year: int,
    user=None,
    status: str | None = None,
    reason: str = "",
    change_reason: str = "",
    import_batch=None,
    review_note: str | None = None,
    revision_note: str = "",
    version: int | None = None,
    create_only: bool = False,
    **fields,
):
    """Create or update the value for (city, indicator, year); returns (value, created|updated|unchanged).

    `fields` are the VALUE_FIELDS and EVIDENCE_FIELDS the caller sends; any left out keep what is
    stored. What happens is indicators.workflow.decide's answer for the value read under a row lock;
    a refusal is raised as workflow.Refusal (a ValidationError). `reason` is a reviewer's reason for
    sending a value back, `change_reason` what the history records, `version` the version the caller
    saw (None: unchecked). `user=None` is the system (fixtures, demo data): every right, no second
    pair of eyes.
    """
    unknown = set(fields) - {*VALUE_FIELDS, *EVIDENCE_FIELDS}
    if unknown:
        raise TypeError(f"save_value() got unexpected fields {sorted(unknown)}")
    stored = (
        IndicatorValue.objects.select_for_update(of=("self",))
        .select_related("updated_by", "verified_by", "published_by")
        .filter(city=city, indicator=indicator, year=year)
        .first()
    )
    if stored is not None:
        stored.city, stored.indicator = city, indicator  # the rules read both: no query for either
    blank = IndicatorValue(city=city, indicator=indicator, year=year)
    proposal = Proposal(
        fields=fields,
        status=status or None,
        reason=reason,
        revision_note=revision_note,
        review_note=review_note,
        version=version,
        create_only=create_only,
    )
    decision = workflow.decide(
        actor=actor_of(user),
        stored=stored,
        proposal=proposal,
        label={"code": indicator.code, "year": year},
        now=timezone.now(),
        quality=lambda changes: quality_after(stored, blank, changes),
        city=city,
    )
    if decision.outcome == "unchanged":
        return stored, "unchanged"
    target = stored or blank
    for name, new in decision.changes.items():
        setattr(target, name, new)
    target.full_clean(exclude=RELATIONS, validate_unique=False, validate_constraints=False)
    if decision.proposed:
        _check_proposed(target)
    if stored is None:
        target.created_by = user
    else:
        target.version = stored.version + 1
    target.updated_by = user
    if import_batch is not None:
        target.import_batch = import_batch
    target._history_user = user
    target._change_reason = bulk.history_reason(change_reason)
    if stored is not None:
        target.save()
        return target, "updated"
    try:
        with transaction.atomic():
            target.save()
    except IntegrityError:
        raise Refusal(
            _("%(code)s %(year)s was entered by someone else a moment ago: reload it and change it instead.")
            % {"code": indicator.code, "year": year},
            Refusal.CONFLICT,
        ) from None
    return target, "created"


def _step(*, user, value: IndicatorValue, status: str, change_reason: str, **options) -> IndicatorValue:
    """A workflow step on a stored value: its figure and fields stay, only the status is proposed."""
    saved, _outcome = save_value(
        user=user,
        city=value.city,
        indicator=value.indicator,
        year=value.year,
        status=status,
        change_reason=change_reason,
        **options,
    )
    return saved


def verify(*, user, value: IndicatorValue, note: str | None = None) -> IndicatorValue:
    """draft → verified; a note explains warnings (kept as the value's review note)."""
    return _step(
        user=user,
        value=value,
        status=IndicatorValue.Status.VERIFIED,
        change_reason=_("verified"),
        review_note=note,
    )


def publish(*, user, value: IndicatorValue) -> IndicatorValue:
    """verified → published (a draft is verified on the way); or a correction waiting for a second
    reviewer is published: residents see it from now on."""
    return _step(user=user, value=value, status=IndicatorValue.Status.PUBLISHED, change_reason=_("published"))


def send_back(*, user, value: IndicatorValue, reason: str) -> IndicatorValue:
    """verified or published → draft, with the reviewer's written reason (shown to the statistician)."""
    return _step(
        user=user, value=value, status=IndicatorValue.Status.DRAFT, change_reason=reason, reason=reason
    )


def apply_to_each(step, values, **kwargs) -> tuple[list[IndicatorValue], list[str]]:
    """Run a step on every value on its own: (the values it succeeded on, a message per refusal)."""
    done, refused = [], []
    for value in values:
        try:
            done.append(step(value=value, **kwargs))
        except ValidationError as error:
            refused.extend(error.messages)
    return done, refused


def _refused(error: ValidationError) -> str:
    """The field a refusal of the whole row concerns: the review note when that is what is missing,
    else the status step."""
    return "review_note" if getattr(error, "code", None) == workflow.UNEXPLAINED_WARNINGS else "status"


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
    checks = FieldChecks(
        {*VALUE_FIELDS, "year", "status", "review_note"}
    )  # the caller resolved city and indicator
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
        blank = IndicatorValue(
            import_batch=import_batch, created_by=user, updated_by=user, edited_by=user, updated_at=now
        )
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
                target.import_batch = import_batch
                target.updated_by, target.updated_at = user, now
                target.version = current.version + 1
                to_update.append(target)
            outcome = "created" if current is None else "updated"
            result["outcomes"].append((outcome, before, target))
            result["counts"][outcome] += 1
        if dry_run or result["errors"]:
            return result
        bulk.insert_values(to_create)
        stamps = ["import_batch", "updated_by", "updated_at", "version"]
        IndicatorValue.objects.bulk_update(to_update, fields=[*sorted(written), *stamps], batch_size=500)
        written_at = timezone.now()  # the history's date is when it was written, as for single saves
        for values, history_type in ((to_create, "+"), (to_update, "~")):
            bulk.copy_into_history(
                values, history_type, user=user, change_reason=change_reason, when=written_at
            )
        # bulk writes send no signals: the public data version moves here, in the import's transaction
        changed = [(before, after) for outcome, before, after in result["outcomes"] if outcome != "unchanged"]
        data_version.bump_if_public(value for pair in changed for value in pair)
    return result
