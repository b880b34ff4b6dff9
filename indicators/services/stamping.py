"""The one stamping step of every write of values, single or bulk.

`stamp` sets what every write records besides the figure: who wrote it, when, which version, from
which import. A single save then lets django-simple-history and the data version's signals do the rest;
a bulk write sends no signals, so `record_bulk_write` adds the history rows (copied by the database) and
moves the public data version in the same transaction.
"""

from itertools import chain

from django.db import IntegrityError, transaction
from django.utils import timezone

from .. import bulk, data_version
from ..workflow import Refusal

KEEP = object()  # leave the value's import as it is


def stamp(value, *, user, now, stored_version: int | None, import_batch=KEEP) -> None:
    """A new value (`stored_version` None) records who created it; a stored one moves to the next version."""
    if stored_version is None:
        value.created_by = user
    else:
        value.version = stored_version + 1
    value.updated_by, value.updated_at = user, now
    if import_batch is not KEEP:
        value.import_batch = import_batch


def record_bulk_write(written, *, user, change_reason: str, before=()) -> None:
    """After a bulk write: a history row per value (`written`: pairs of history type "+"/"~" and values)
    and one bump of the data version when any value was (`before`) or is published."""
    when = timezone.now()  # the history's date is when it was written, as for single saves
    for history_type, values in written:
        bulk.copy_into_history(values, history_type, user=user, change_reason=change_reason, when=when)
    data_version.bump_if_public(chain(before, *(values for _history_type, values in written)))


def save_record(record, *, is_new: bool, conflict: str) -> str:
    """Save a stamped value or target: a stored one ("updated") was read under its row lock; a new one
    ("created") is inserted in a savepoint, so that someone else's insert of the same key a moment
    earlier is a conflict to reload (`conflict`, the message), never a server error."""
    if not is_new:
        record.save()
        return "updated"
    try:
        with transaction.atomic():
            record.save()
    except IntegrityError:
        raise Refusal(conflict, Refusal.CONFLICT) from None
    return "created"
