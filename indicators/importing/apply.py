"""Step 4, apply: the rows written in one transaction, recorded as an ImportBatch.

The service plans again inside the transaction. Confirming a preview passes the preview's digest:
if the registry changed in between, nothing is written and the user is asked to look again.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import ImportBatch
from ..services import apply_planned_values
from .gc_pause import collector_paused
from .plan import Plan, record_outcomes


class PlanOutdated(Exception):
    """The registry changed between the preview and the confirmation."""


@collector_paused()
def apply_import(
    plan: Plan, *, user=None, batch: ImportBatch | None = None, expected_digest: str | None = None
) -> ImportBatch | None:
    """Write the plan's rows; the applied batch, or None (nothing written, nothing recorded) when the
    plan has errors or changes nothing.

    The plan's counts, changes and errors are filled from what the service did.
    """
    if not plan.is_valid:
        return None
    with transaction.atomic():
        if batch is None:
            batch = ImportBatch(file_name=plan.file_name[:255], checksum=plan.checksum, created_by=user)
        batch.state = ImportBatch.State.APPLIED
        batch.applied_at = timezone.now()
        batch.save()
        result = apply_planned_values(
            rows=plan.rows,
            user=user,
            import_batch=batch,
            change_reason=_("imported from %(file)s") % {"file": plan.file_name},
        )
        record_outcomes(plan, result)
        if not plan.is_valid or not plan.changes_anything:
            transaction.set_rollback(True)
            return None
        if expected_digest is not None and plan.digest != expected_digest:
            transaction.set_rollback(True)
            raise PlanOutdated(
                _("Values changed in the registry since the preview: review the import again.")
            )
        batch.created_count, batch.updated_count = plan.counts["created"], plan.counts["updated"]
        batch.unchanged_count, batch.skipped_count = plan.counts["unchanged"], plan.counts["skipped"]
        batch.error_count = 0
        batch.save()
    return batch
