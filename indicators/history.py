"""The audit trail of values: export for auditors (CSV/XLSX) and restoring an earlier version.

The trail itself is django-simple-history's table, written by every save through indicators.services;
a restore is one more save through the same service, so it is recorded like any other change.
"""

from collections.abc import Iterable, Iterator

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from .csv_safe import csv_text
from .exporting import xlsx_bytes
from .models import IndicatorValue
from .services import VALUE_FIELDS, save_value

HISTORY_COLUMNS = [
    "value_id",
    "city",
    "indicator",
    "year",
    "changed_at",
    "changed_by",
    "change",
    "status",
    *VALUE_FIELDS,
    "review_note",
    "returned_reason",
    "revision_note",
    "import_id",
    "import_file",
    "reason",
]
CHANGE_KINDS = {"+": "created", "~": "changed", "-": "deleted"}


def history_of(*, value_ids: Iterable[int] | None = None, city=None, year: int | None = None) -> QuerySet:
    """History rows, oldest first, of some values or of a city's year (deleted values included)."""
    rows = IndicatorValue.history.select_related("city", "indicator", "history_user", "import_batch")
    if value_ids is not None:
        rows = rows.filter(id__in=list(value_ids))
    if city is not None:
        rows = rows.filter(city=city)
    if year is not None:
        rows = rows.filter(year=year)
    return rows.order_by("indicator__sort_key", "year", "history_date", "history_id")


def history_rows(records: Iterable) -> Iterator[list]:
    for record in records:
        batch = record.import_batch
        yield [
            record.id,
            record.city.slug,
            record.indicator.code,
            record.year,
            record.history_date.isoformat(timespec="seconds"),
            record.history_user.get_username() if record.history_user else "",
            CHANGE_KINDS[record.history_type],
            record.status,
            *(getattr(record, field) for field in VALUE_FIELDS),
            record.review_note,
            record.returned_reason,
            record.revision_note,
            batch.pk if batch else "",
            batch.file_name if batch else "",
            record.history_change_reason or "",
        ]


def history_csv(records: QuerySet) -> str:
    return csv_text(HISTORY_COLUMNS, history_rows(records))


def history_xlsx(records: QuerySet) -> bytes:
    return xlsx_bytes({_("history"): (HISTORY_COLUMNS, history_rows(records))})


def restore(*, user, value: IndicatorValue, history_id: int, reason: str = "", revision_note: str = ""):
    """Bring back the figure, source and notes of an earlier version; the workflow rules apply as usual."""
    record = value.history.get(history_id=history_id)
    change_reason = _("restored the version of %(date)s") % {
        "date": record.history_date.isoformat(timespec="seconds")
    }
    if reason.strip():
        change_reason = f"{change_reason}: {reason.strip()}"
    return save_value(
        user=user,
        change_reason=change_reason,
        revision_note=revision_note,
        city=value.city,
        indicator=value.indicator,
        year=value.year,
        **{field: getattr(record, field) for field in VALUE_FIELDS},
    )
