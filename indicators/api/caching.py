"""Validators of public responses (API, downloads), derived from the one data version.

The version (indicators.models.DataVersion) moves with every change the public can see, in the same
transaction, so clients revalidate with one small query (304 Not Modified) and the downloads are
rebuilt only when the published data changed.
"""

import hashlib

from django.utils.http import http_date

from indicators.models import DataVersion


def response_etag(version: DataVersion, *parts: str) -> str:
    """A strong ETag for one representation (URL, language, format) of the data at `version`."""
    digest = hashlib.sha256("|".join([version.tag, *parts]).encode()).hexdigest()[:32]
    return f'"{digest}"'


def last_modified(version: DataVersion) -> int | None:
    """When the public data last changed, in whole seconds (HTTP dates have no finer unit)."""
    return int(version.changed_at.timestamp()) if version.changed_at else None


def http_last_modified(version: DataVersion) -> str | None:
    moment = last_modified(version)
    return http_date(moment) if moment is not None else None
