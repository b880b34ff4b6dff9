from decimal import Decimal
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from pypdf import PdfReader

from certification.coverage import period_for_certificate
from certification.reports import render
from certification.snapshots import freeze, is_intact


def test_a_frozen_snapshot_is_unchanged_after_a_live_correction(cycle, enter, indicator, auditor):
    enter(indicator, 2022, value=Decimal("5.10"), source="GUS 2022")
    snapshot = freeze(period_for_certificate(cycle), user=auditor)
    enter(indicator, 2022, value=Decimal("4.80"), source="GUS 2022, corrected")
    snapshot.refresh_from_db()
    row = next(row for row in snapshot.data["rows"] if row["code"] == "5.1")
    assert (row["value"], row["source"], row["status"]) == ("5.10", "GUS 2022", "reported")
    assert is_intact(snapshot)


def test_a_snapshot_records_who_froze_it_and_a_sha256_checksum(cycle, auditor):
    snapshot = freeze(period_for_certificate(cycle), user=auditor)
    assert snapshot.created_by == auditor
    assert len(snapshot.checksum) == 64
    assert snapshot.certificate == cycle


def test_a_snapshot_refuses_to_be_saved_again(cycle, auditor):
    snapshot = freeze(period_for_certificate(cycle), user=auditor)
    snapshot.data["period"] = "1999"
    with pytest.raises(ValidationError):
        snapshot.save()


def test_a_tampered_snapshot_no_longer_matches_its_checksum(cycle, auditor):
    snapshot = freeze(period_for_certificate(cycle), user=auditor)
    snapshot.data["totals"]["core"]["reported"] = 46
    assert not is_intact(snapshot)


def test_a_frozen_pdf_names_who_froze_it_and_when_in_local_time(cycle, make_user):
    anna = make_user("anna")
    anna.first_name, anna.last_name = "Anna", "Łęcka"
    anna.save()
    snapshot = freeze(period_for_certificate(cycle), user=anna)
    first_page = PdfReader(BytesIO(render(snapshot.data, "pdf", "en", snapshot))).pages[0].extract_text()
    assert "Anna Łęcka" in first_page
    assert timezone.localtime(snapshot.created_at).strftime("%Y-%m-%d %H:%M") in first_page
    assert snapshot.checksum in first_page.replace("\n", "")
