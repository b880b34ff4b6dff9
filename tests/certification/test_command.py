import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from certification.models import CoverageSnapshot


def test_the_command_writes_an_xlsx_report_for_a_year(gdansk, enter, indicator, tmp_path):
    enter(indicator, 2019)
    target = tmp_path / "report.xlsx"
    out = io.StringIO()
    call_command(
        "coverage_report",
        "--city",
        "gdansk",
        "--year",
        "2019",
        "--format",
        "xlsx",
        "--language",
        "en",
        "-o",
        target,
        stdout=out,
    )
    assert "core 1/46" in out.getvalue()
    workbook = load_workbook(target, read_only=True)
    assert workbook.sheetnames == ["Summary", "Detail", "Missing", "Progress"]


def test_the_command_writes_a_cycle_report(cycle, tmp_path):
    target = tmp_path / "report.csv"
    call_command(
        "coverage_report",
        "--certificate",
        str(cycle.pk),
        "--format",
        "csv",
        "-o",
        target,
        stdout=io.StringIO(),
    )
    assert len(target.read_text(encoding="utf-8-sig").splitlines()) == 140


@pytest.mark.usefixtures("english")
def test_the_command_refuses_an_unknown_city_with_a_clear_message(catalogue, tmp_path):
    with pytest.raises(CommandError, match="There is no city nowhere"):
        call_command(
            "coverage_report",
            "--city",
            "nowhere",
            "--year",
            "2019",
            "--format",
            "csv",
            "-o",
            tmp_path / "x.csv",
        )
    assert not (tmp_path / "x.csv").exists()


def test_freeze_coverage_stores_a_snapshot_for_an_auditor(cycle, auditor):
    out = io.StringIO()
    call_command("freeze_coverage", "--certificate", str(cycle.pk), "--user", auditor.username, stdout=out)
    snapshot = CoverageSnapshot.objects.get()
    assert snapshot.checksum in out.getvalue()


def test_freeze_coverage_refuses_a_user_without_the_permission(cycle, statistician):
    with pytest.raises(CommandError, match="not a user allowed"):
        call_command("freeze_coverage", "--certificate", str(cycle.pk), "--user", statistician.username)
    assert not CoverageSnapshot.objects.exists()
