"""Validators for public data: one cheap "data version" that changes whenever anything public may change.

Public API responses and the bulk downloads are keyed by it, so clients revalidate with two small
queries (304 Not Modified) and the downloads are rebuilt only when the published data changed.
"""

import hashlib
from dataclasses import dataclass
from datetime import datetime

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Max
from django.utils.http import http_date

from indicators.models import City, Indicator, IndicatorValue, Theme


@dataclass(frozen=True)
class DataVersion:
    """When the values or the catalogue last changed; `tag` names that state in caches and ETags."""

    changed_at: datetime | None
    tag: str

    @property
    def http_last_modified(self) -> str | None:
        return http_date(self.changed_at.timestamp()) if self.changed_at else None


def data_version() -> DataVersion:
    """The latest change to any value (the history also records deletions) or to the catalogue in the admin.

    Every value write goes through the service and lands in the history, so its newest entry moves
    whenever a value is created, corrected, published, unpublished or deleted.
    """
    values_changed = IndicatorValue.history.aggregate(latest=Max("history_date"))["latest"]
    catalogue_types = ContentType.objects.get_for_models(City, Theme, Indicator).values()
    catalogue_changed = LogEntry.objects.filter(content_type__in=catalogue_types).aggregate(
        latest=Max("action_time")
    )["latest"]
    moments = [moment for moment in (values_changed, catalogue_changed) if moment is not None]
    changed_at = max(moments, default=None)
    raw = "|".join(moment.isoformat() if moment else "-" for moment in (values_changed, catalogue_changed))
    return DataVersion(changed_at=changed_at, tag=hashlib.sha256(raw.encode()).hexdigest()[:16])


def response_etag(version: DataVersion, *parts: str) -> str:
    """A strong ETag for one representation (URL, language, format) of the data at `version`."""
    digest = hashlib.sha256("|".join([version.tag, *parts]).encode()).hexdigest()[:32]
    return f'"{digest}"'
