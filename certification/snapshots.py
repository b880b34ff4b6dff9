"""Freezing a coverage report as audited: data, SHA-256 checksum, who and when; never changed after."""

import hashlib
import json

from django.db import transaction

from .coverage import Period, build_report
from .models import CoverageSnapshot


def canonical_json(data: dict) -> bytes:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def checksum(data: dict) -> str:
    return hashlib.sha256(canonical_json(data)).hexdigest()


@transaction.atomic
def freeze(period: Period, *, user) -> CoverageSnapshot:
    """Build the live report now and store it, with its checksum, as the as-audited copy."""
    data = build_report(period)
    return CoverageSnapshot.objects.create(
        city=period.city,
        certificate=period.certificate,
        year=None if period.certificate else period.years[0],
        data=data,
        checksum=checksum(data),
        created_by=user,
    )


def is_intact(snapshot: CoverageSnapshot) -> bool:
    """True when the stored report still matches the checksum taken when it was frozen."""
    return checksum(snapshot.data) == snapshot.checksum
