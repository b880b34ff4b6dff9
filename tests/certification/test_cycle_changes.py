"""A cycle's report shows what changed since the previous cycle of the same standard."""

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from certification.coverage import build_report, period_for_certificate, period_for_year
from certification.models import Certificate, Standard
from certification.reports import render

from .test_reports import pdf_text


@pytest.fixture
def cycles(gdansk):
    """Two consecutive ISO 37120 cycles: 2017–2019, then 2021–2023."""
    standard = Standard.objects.get(code="ISO 37120:2014")
    previous = Certificate.objects.create(
        standard=standard, city=gdansk, cycle_number=8, first_year=2017, last_year=2019
    )
    current = Certificate.objects.create(
        standard=standard, city=gdansk, cycle_number=9, first_year=2021, last_year=2023
    )
    return previous, current


def test_a_cycle_report_lists_indicators_newly_reported_and_no_longer_reported(cycles, enter, core):
    previous, current = cycles
    enter(core[0], 2019)
    enter(core[1], 2019)
    enter(core[1], 2022)
    enter(core[2], 2022)
    changes = build_report(period_for_certificate(current))["changes"]
    assert changes["previous"]["cycle_number"] == previous.cycle_number
    assert [row["code"] for row in changes["newly_reported"]] == [core[2].code]
    assert [row["code"] for row in changes["no_longer_reported"]] == [core[0].code]


def test_a_cycle_report_lists_figures_revised_after_publication(cycles, enter, core):
    _previous, current = cycles
    enter(core[0], 2022, value=Decimal("5.5"))
    enter(core[0], 2022, value=Decimal("6.5"))
    enter(core[1], 2022)
    [revised] = build_report(period_for_certificate(current))["changes"]["revised"]
    assert (revised["code"], revised["year"]) == (core[0].code, 2022)
    assert (Decimal(revised["earlier"]), Decimal(revised["figure"])) == (Decimal("5.5"), Decimal("6.5"))
    assert revised["note"] == "Corrected figure."


def test_a_year_report_has_no_cycle_changes(gdansk, enter, core):
    enter(core[0], 2021)
    assert build_report(period_for_year(gdansk, 2021))["changes"] is None


@pytest.mark.usefixtures("english")
def test_the_cycle_pdf_and_xlsx_show_the_changes(cycles, enter, core):
    _previous, current = cycles
    enter(core[0], 2019)
    enter(core[2], 2022)
    report = build_report(period_for_certificate(current))
    text = pdf_text(render(report, "pdf", "en"))
    assert "Changes since the previous cycle" in text
    assert "Newly reported (1)" in text
    assert "No longer reported (1)" in text
    workbook = load_workbook(io.BytesIO(render(report, "xlsx", "en")), read_only=True)
    assert "Changes" in workbook.sheetnames
