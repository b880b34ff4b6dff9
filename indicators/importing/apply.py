"""Step 4, apply: the planned rows written in one transaction, recorded as an ImportBatch.

The service plans again inside the transaction; if that differs from the plan the user saw (someone
changed a value in between), nothing is written and the user is asked to look again.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import ImportBatch
from ..services import apply_planned_values
from .plan import Plan, allowed_statuses, change, digest, service_problems


class PlanOutdated(Exception):
    """The registry changed between the preview and the confirmation."""


def apply_import(plan: Plan, *, user=None, batch: ImportBatch | None = None, file=None) -> ImportBatch:
    """Write a valid plan; returns the applied batch (counts, who, when) the written values point to."""
    if not plan.is_valid:
        raise ValueError("an import with errors cannot be applied")
    with transaction.atomic():
        if batch is None:
            batch = ImportBatch(file_name=plan.file_name, checksum=plan.checksum, created_by=user)
            if file is not None:
                batch.file = file
        batch.state = ImportBatch.State.APPLIED
        batch.applied_at = timezone.now()
        batch.save()
        result = apply_planned_values(
            rows=plan.rows,
            user=user,
            import_batch=batch,
            change_reason=_("imported from %(file)s") % {"file": plan.file_name},
            allowed_statuses=allowed_statuses(user),
        )
        changes = [
            change(record, *outcome)
            for record, outcome in zip(plan.records, result["outcomes"], strict=False)
            if outcome[0] != "unchanged"
        ]
        if result["errors"] or digest(changes) != plan.digest:
            transaction.set_rollback(True)
            problems = service_problems(result["errors"], plan.records)
            raise PlanOutdated(
                "; ".join(map(str, problems))
                or _("Values changed in the registry since the preview: review the import again.")
            )
        counts = result["counts"]
        batch.created_count, batch.updated_count = counts["created"], counts["updated"]
        batch.unchanged_count, batch.skipped_count = counts["unchanged"], plan.counts["skipped"]
        batch.error_count = 0
        batch.save()
    return batch
