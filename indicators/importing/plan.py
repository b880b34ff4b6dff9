"""Step 3, plan: what the import would create, update (old → new), leave unchanged or skip.

The plan is the service's own dry run, so its counts are exactly what applying will do.
"""

import hashlib
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import PurePath

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ..models import CURRENT_EDITION, City, ImportBatch, IndicatorValue
from ..services import apply_planned_values
from ..workflow import PENDING_FIELDS, VALUE_FIELDS
from .guards import BadFile, check_text_upload, check_upload, is_text_table
from .memory import collector_paused
from .read import Record, read_csv, read_workbook
from .validate import Catalogue, Problem, validate

# Every field an import writes: a confirmation applies exactly what the preview showed, or nothing.
DIGESTED = (*VALUE_FIELDS, "status", *PENDING_FIELDS.values())
PREVIEW_CHANGES = 500  # lines kept for the preview page; the counts always cover everything


@dataclass
class Change:
    ref: str
    outcome: str
    city: str
    code: str
    year: int
    old: str
    new: str


@dataclass
class Plan:
    file_name: str
    checksum: str
    default_city: str
    counts: dict = field(default_factory=dict)
    changes: list[Change] = field(default_factory=list)  # the first PREVIEW_CHANGES created or updated
    errors: list[Problem] = field(default_factory=list)
    sheets_read: list[str] = field(default_factory=list)
    sheets_skipped: list[str] = field(default_factory=list)
    rows: list[dict] = field(default_factory=list, repr=False)
    records: list[Record] = field(default_factory=list, repr=False)
    digest: str = ""

    @property
    def is_valid(self) -> bool:
        return not self.errors

    @property
    def changes_anything(self) -> bool:
        return bool(self.counts.get("created") or self.counts.get("updated"))

    def summary(self) -> str:
        return (
            _("%(created)s to create, %(updated)s to update, %(unchanged)s unchanged, %(skipped)s skipped")
            % self.counts
        )

    def report(self) -> dict:
        """What the preview page needs, stored on the ImportBatch between preview and confirm."""
        return {
            "default_city": self.default_city,
            "digest": self.digest,
            "sheets_read": self.sheets_read,
            "sheets_skipped": self.sheets_skipped,
            "errors": [str(problem) for problem in self.errors],
            "changes": [asdict(change) for change in self.changes],
        }


def checksum(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@collector_paused()
def read_import(data: bytes, file_name: str, *, default_city: City, edition: int = CURRENT_EDITION) -> Plan:
    """guards → read → validate: the rows and the problems of the file, before the registry is asked."""
    if is_text_table(file_name):
        content = read_csv(check_text_upload(data), PurePath(file_name).stem)
    else:
        content = read_workbook(check_upload(data, file_name), data)
    if not content.sheets_read:
        if content.sheets_skipped:
            raise BadFile(
                _("No sheet has a header with the indicator, year and value columns (read: %(sheets)s).")
                % {"sheets": ", ".join(content.sheets_skipped)}
            )
        raise BadFile(_("The workbook is empty."))
    validated = validate(content, default_city=default_city, catalogue=Catalogue(edition))
    return Plan(
        file_name=file_name,
        checksum=checksum(data),
        default_city=default_city.slug,
        sheets_read=content.sheets_read,
        sheets_skipped=content.sheets_skipped,
        rows=validated.rows,
        records=validated.records,
        errors=validated.errors,
        counts={"created": 0, "updated": 0, "unchanged": 0, "skipped": validated.skipped},
    )


@collector_paused()
def plan_import(
    data: bytes, file_name: str, *, user=None, default_city: City, edition: int = CURRENT_EDITION
) -> Plan:
    """read → validate → the service's dry run; BadFile when the file cannot be read at all."""
    plan = read_import(data, file_name, default_city=default_city, edition=edition)
    result = apply_planned_values(rows=plan.rows, user=user, dry_run=True)
    record_outcomes(plan, result)
    return plan


def record_outcomes(plan: Plan, result: dict) -> None:
    """The service's answer in the plan: exact counts, the first changes, a digest of all of them."""
    plan.errors.extend(service_problems(result["errors"], plan.records))
    plan.counts = {**result["counts"], "skipped": plan.counts["skipped"], "errors": len(plan.errors)}
    fingerprint = hashlib.sha256()
    plan.changes = []
    for record, (outcome, before, after) in zip(plan.records, result["outcomes"], strict=False):
        if outcome == "unchanged":
            continue
        old = "" if before is None else f"{before.pk}|{before.version}"
        new = "|".join(str(getattr(after, name)) for name in DIGESTED)
        line = f"{outcome}|{after.city_id}|{after.indicator_id}|{after.year}|{old}|{new}"
        fingerprint.update(line.encode() + b"\n")
        if len(plan.changes) < PREVIEW_CHANGES:
            plan.changes.append(change(record, outcome, before, after))
    plan.digest = fingerprint.hexdigest()


def service_problems(errors: list[tuple], records: list[Record]) -> list[Problem]:
    """The model's objections, pointed at the cell that holds the offending field."""
    problems = []
    for index, field_name, message in errors:
        record = records[index]
        cell = {"year": record.year, "status": record.extras.get("status")}.get(
            field_name
        ) or record.extras.get(field_name, record.value)
        problems.append(Problem(cell.ref, message))
    return problems


def change(record: Record, outcome: str, before, after) -> Change:
    old = "" if before is None else _described(before)
    return Change(
        ref=record.value.ref,
        outcome=outcome,
        city=after.city.slug,
        code=after.indicator.code,
        year=after.year,
        old=old,
        new=_described(after),
    )


def _described(value: IndicatorValue) -> str:
    return f"{value.display_value} ({status_labels(get_language())[value.status]})"


@lru_cache(maxsize=8)
def status_labels(language: str | None) -> dict[str, str]:
    """Translated once per language rather than once per value (41 700 gettext calls add up)."""
    return {status.value: str(status.label) for status in IndicatorValue.Status}


def previous_import(plan: Plan) -> ImportBatch | None:
    return (
        ImportBatch.objects.filter(checksum=plan.checksum, state=ImportBatch.State.APPLIED)
        .select_related("created_by")
        .first()
    )
