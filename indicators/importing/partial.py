"""All or nothing, or the good rows: on request the valid rows of a file are imported (one transaction,
through the same service) and the refused ones given back as a file with a column saying why.

A row of the file is refused whole when anything in it is (a wide row holds several years: none of
them is imported, so the corrected row imports complete). Problems of the file as a whole (no row to
point at) still refuse everything.
"""

from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import transaction

from ..models import ImportBatch
from ..services import apply_planned_values
from .apply import apply_import
from .gc_pause import collector_paused
from .plan import Plan, complete_plan, pointed_problems
from .refused import refused_file

PASSES = 3  # refusing rows never makes others invalid; a second pass only confirms it


@dataclass
class PartialOutcome:
    batch: ImportBatch | None  # None: nothing imported (no valid row, or the registry changed meanwhile)
    content: bytes = b""  # the refused rows' file; empty when none was refused
    file_name: str = ""


def set_refused_aside(plan: Plan, *, user=None) -> None:
    """Take the refused rows out of the plan, with every reason per row in `plan.refused`; the rows left
    are those the service accepts (its own dry run says so)."""
    refused: dict[tuple[str, int], list[str]] = dict(plan.refused)
    file_wide = []
    for problem in plan.errors:
        if problem.line is None:
            file_wide.append(problem)
        else:
            refused.setdefault(problem.line, []).append(str(problem))
    plan.errors = file_wide
    for _pass in range(PASSES):
        _keep_lines_not_in(plan, refused)
        if file_wide or not plan.rows:
            break
        errors = apply_planned_values(rows=plan.rows, user=user, dry_run=True)["errors"]
        if not errors:
            break
        for problem in pointed_problems(errors, plan.records, plan.rows):
            refused.setdefault(problem.line, []).append(str(problem))
    plan.refused = refused


def _keep_lines_not_in(plan: Plan, refused: dict) -> None:
    kept = [
        (row, record)
        for row, record in zip(plan.rows, plan.records, strict=True)
        if (record.value.sheet, record.value.row) not in refused
    ]
    plan.rows = [row for row, _record in kept]
    plan.records = [record for _row, record in kept]


@collector_paused()
def plan_valid_rows(plan: Plan, *, user=None) -> None:
    """The preview of an import of the valid rows: the refused rows set aside, the rest planned."""
    set_refused_aside(plan, user=user)
    if plan.is_valid:
        complete_plan(plan, user=user)


@collector_paused()
def apply_valid_rows(
    plan: Plan,
    *,
    data: bytes,
    user=None,
    batch: ImportBatch | None = None,
    expected_digest: str | None = None,
) -> PartialOutcome:
    """Import the valid rows of a read plan (read_import) in one transaction and write the refused rows'
    file; the batch records both counts. PlanOutdated as apply_import raises it."""
    set_refused_aside(plan, user=user)
    content, name = b"", ""
    if plan.refused:
        content, name = refused_file(data, plan.file_name, refused=plan.refused, header_rows=plan.header_rows)
    if not plan.is_valid or not plan.rows:
        return PartialOutcome(None, content, name)
    with transaction.atomic():
        applied = apply_import(plan, user=user, batch=batch, expected_digest=expected_digest)
        if applied is None:
            return PartialOutcome(None, content, name)
        applied.valid_rows_only = True
        applied.accepted_count = len({(record.value.sheet, record.value.row) for record in plan.records})
        applied.refused_count = len(plan.refused)
        if content:
            applied.refused_file.save(name, ContentFile(content), save=False)
        applied.save()
    return PartialOutcome(applied, content, name)
