"""Step 3, plan: what the import would create, update (old → new), leave unchanged or skip.

The plan is the service's own dry run, so its counts are exactly what applying will do.
"""

import hashlib
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from functools import lru_cache
from operator import attrgetter
from pathlib import PurePath

from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ..models import CURRENT_EDITION, City, ImportBatch, IndicatorValue
from ..numbers import statistical_sign, typed
from ..quality import Baseline
from ..services import apply_planned_values
from ..workflow import PENDING_FIELDS, VALUE_FIELDS
from .gc_pause import collector_paused
from .guards import BadFile, check_text_upload, check_upload, is_text_table
from .read import Record, read_csv, read_workbook
from .validate import Catalogue, Problem, validate

# Every field an import writes: a confirmation applies exactly what the preview showed, or nothing.
DIGESTED = (*VALUE_FIELDS, "status", *PENDING_FIELDS.values())
digested = attrgetter(*DIGESTED)
PREVIEW_CHANGES = 500  # lines kept for the preview page; the counts always cover everything
PREVIEW_WARNINGS = 10_000  # every warning of any real file; the counts per kind always cover all


@dataclass
class Change:
    ref: str
    outcome: str
    city: str
    code: str
    year: int
    old: str
    new: str
    warnings: list[str] = field(default_factory=list)  # what a reviewer will ask to be explained
    explained: bool = False


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
    header_rows: dict = field(default_factory=dict, repr=False)  # sheet → its header's row number
    refused: dict = field(default_factory=dict)  # (sheet, row) → why the row is refused (valid rows only)
    warnings: list[dict] = field(default_factory=list)  # each warning: ref, city, code, year, check, message
    warning_counts: dict = field(default_factory=dict)  # check → how many values it warns of

    @property
    def is_valid(self) -> bool:
        return not self.errors

    @property
    def changes_anything(self) -> bool:
        return bool(self.counts.get("created") or self.counts.get("updated"))

    @property
    def rows_fine(self) -> int:
        """Rows the service found nothing wrong with (every row of a valid file but the empty ones)."""
        return self.counts.get("created", 0) + self.counts.get("updated", 0) + self.counts.get("unchanged", 0)

    @property
    def warned_rows(self) -> int:
        return len({(warning["ref"]) for warning in self.warnings})

    @property
    def is_blank(self) -> bool:
        """No figure in the file at all: a template imported before it was filled in."""
        return self.is_valid and not self.rows

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
            "refused": [reason for reasons in self.refused.values() for reason in reasons],
            "refused_rows": len(self.refused),
            "changes": [asdict(change) for change in self.changes],
            "warnings": self.warnings,
            "warning_counts": self.warning_counts,
            "warned_rows": self.warned_rows,
        }


def checksum(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@collector_paused()
def read_import(data: bytes, file_name: str, *, default_city: City, edition: int = CURRENT_EDITION) -> Plan:
    """guards → read → validate: the rows and the problems of the file, before the registry is asked."""
    if is_text_table(file_name):
        content = read_csv(check_text_upload(data), PurePath(file_name).stem)
    else:
        content = read_workbook(check_upload(data, file_name))
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
        header_rows=content.header_rows,
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
    complete_plan(plan, user=user)
    return plan


@collector_paused()
def complete_plan(plan: Plan, *, user=None) -> None:
    """The service's dry run of the plan's rows: its counts, changes and the model's objections, so a
    file with errors shows every one of them, not only those found before the registry was asked."""
    record_outcomes(plan, apply_planned_values(rows=plan.rows, user=user, dry_run=True))


def record_outcomes(plan: Plan, result: dict) -> None:
    """The service's answer in the plan: exact counts, the first changes, a digest of all of them, and
    every warning a reviewer will ask to be explained, found against the registry as the import would
    leave it (the file's own other years, population and peers count)."""
    plan.errors.extend(service_problems(result["errors"], plan.records, plan.rows))
    plan.counts = {**result["counts"], "skipped": plan.counts["skipped"], "errors": len(plan.errors)}
    fingerprint = hashlib.sha256()
    plan.changes, plan.warnings, plan.warning_counts = [], [], {}
    refused = {index for index, _field_name, _message in result["errors"]}
    decided = [record for index, record in enumerate(plan.records) if index not in refused]
    changed = [after for outcome, _before, after in result["outcomes"] if outcome != "unchanged"]
    baseline = Baseline.of(changed).overlay(changed) if changed else None
    for record, (outcome, before, after) in zip(decided, result["outcomes"], strict=True):
        if outcome == "unchanged":
            continue
        old = None if before is None else (before.pk, before.version)
        # one repr for the whole line, which tells None from the text "None"
        line = repr((outcome, after.city_id, after.indicator_id, after.year, old, digested(after)))
        fingerprint.update(line.encode() + b"\n")
        checks = baseline.checks(after)
        explained = bool(after.review_note.strip())
        for check, message in checks:
            plan.warning_counts[check] = plan.warning_counts.get(check, 0) + 1
            if len(plan.warnings) < PREVIEW_WARNINGS:
                plan.warnings.append(
                    {
                        "ref": record.value.ref,
                        "city": after.city.slug,
                        "code": after.indicator.code,
                        "year": after.year,
                        "check": check,
                        "message": message,
                        "explained": explained,
                    }
                )
        if len(plan.changes) < PREVIEW_CHANGES:
            plan.changes.append(
                change(
                    record,
                    outcome,
                    before,
                    after,
                    warnings=[message for _check, message in checks],
                    explained=explained,
                )
            )
    plan.digest = fingerprint.hexdigest()


def service_problems(errors: list[tuple], records: list[Record], rows: list[dict]) -> list[Problem]:
    """The model's objections, each at its cell (pointed_problems), a cause many rows share said once."""
    return _one_per_cause(pointed_problems(errors, records, rows), errors, rows)


def pointed_problems(errors: list[tuple], records: list[Record], rows: list[dict]) -> list[Problem]:
    """The model's objections, pointed at the cell that holds the offending field. An objection to the
    row as a whole (a locked or published value) names the fields that differ from the stored value,
    old → new, and points at the first of them: the figure itself may well be unchanged."""
    stored = _stored_values([rows[index] for index, field_name, _message in errors if field_name in ROW_WIDE])
    problems = []
    for index, field_name, message in errors:
        record, row = records[index], rows[index]
        cell = {
            "year": record.year,
            "status": record.extras.get("status"),
            "review_note": record.extras.get("explanation") or record.extras.get("status"),
        }.get(field_name) or record.extras.get(field_name, record.value)
        if field_name == "review_note":
            message += " " + _("Write the explanation in the file's Explanation column.")
        current = stored.get((row["city"].pk, row["indicator"].pk, row["year"]))
        if field_name in ROW_WIDE and current is not None:
            differences = [
                name for name in VALUE_FIELDS if name in row and getattr(current, name) != row[name]
            ]
            if differences:
                cell = record.extras.get(differences[0], record.value)
                message = _differences(current, row, differences) + " " + message
        problems.append(Problem(cell.ref, message, (record.value.sheet, record.value.row)))
    return problems


def _one_per_cause(problems: list[Problem], errors: list[tuple], rows: list[dict]) -> list[Problem]:
    """Row-wide refusals with one cause (a status column in an import without a named user) said once,
    at the first row's cell, with the count of rows; refusals of one cell each keep their own line."""
    causes: dict[tuple, list[int]] = {}
    for position, (index, field_name, message) in enumerate(errors):
        if field_name in ROW_WIDE:
            label = f"{rows[index]['indicator'].code} {rows[index]['year']}: "
            cause = message.removeprefix(label)
            if cause != message:
                causes.setdefault((field_name, cause), []).append(position)
    merged, dropped = {}, set()
    for (_field_name, cause), positions in causes.items():
        if len(positions) > 1:
            first = problems[positions[0]]
            merged[positions[0]] = Problem(
                first.ref,
                _("%(cause)s (%(count)s rows alike, the first here)")
                % {"cause": cause, "count": len(positions)},
                first.line,
            )
            dropped.update(positions[1:])
    return [
        merged.get(position, problem) for position, problem in enumerate(problems) if position not in dropped
    ]


ROW_WIDE = {"status", "revision_note", "__all__"}  # objections to the change as a whole, not to one cell
LETTER_LOST = "?"


def _stored_values(rows: list[dict]) -> dict[tuple, IndicatorValue]:
    if not rows:
        return {}
    values = IndicatorValue.objects.filter(
        city__in={row["city"].pk for row in rows},
        indicator__in={row["indicator"].pk for row in rows},
        year__in={row["year"] for row in rows},
    )
    return {(value.city_id, value.indicator_id, value.year): value for value in values}


def _differences(current: IndicatorValue, row: dict, names: list[str]) -> str:
    """“Source: “Urząd” → “Urz?d”.”, and a word on the file's encoding when letters became “?”."""
    described = "; ".join(
        _("%(field)s: “%(old)s” → “%(new)s”")
        % {
            "field": capfirst(IndicatorValue._meta.get_field(name).verbose_name),
            "old": _shown(getattr(current, name)),
            "new": _shown(row[name]),
        }
        for name in names
    )
    text = _("Differs from the stored value in %(differences)s.") % {"differences": described}
    if any(_letters_lost(getattr(current, name), row[name]) for name in names):
        text += " " + _(
            "Letters look replaced by “?”: the file was saved in an encoding without them. "
            "Save it as CSV UTF-8 (or .xlsx) and import it again."
        )
    return text


def _shown(value) -> str:
    return "" if value is None else typed(value) if isinstance(value, Decimal) else str(value)


def _letters_lost(old, new) -> bool:
    """Same text but for “?” where the stored text has letters beyond ASCII."""
    if not isinstance(old, str) or not isinstance(new, str) or len(old) != len(new) or old == new:
        return False
    return all(
        after == LETTER_LOST and not before.isascii()
        for before, after in zip(old, new, strict=True)
        if before != after
    )


def change(record: Record, outcome: str, before, after, *, warnings=(), explained=False) -> Change:
    old = "" if before is None else _described(before)
    return Change(
        warnings=list(warnings),
        explained=explained,
        ref=record.value.ref,
        outcome=outcome,
        city=after.city.slug,
        code=after.indicator.code,
        year=after.year,
        old=old,
        new=_became(record.value.value, _described(after)),
    )


def _became(raw, described: str) -> str:
    """A sign in the file is shown with what it became (“x” → not applicable — …), never silently."""
    return f"“{raw.strip()}” → {described}" if statistical_sign(raw) is not None else described


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
