"""Coverage counts gaps apart: reported, not applicable (with reasons), not available, draft only, stale,
missing; a gap never counts as reported for a certification level."""

import csv
import io

import pytest
from rest_framework.test import APIRequestFactory

from certification.api import CoverageView
from certification.coverage import build_report, period_for_year
from certification.reports import render

REASON = "Nie dotyczy miasta."


@pytest.fixture
def gap(enter):
    def record(indicator, year=2021, kind="not_applicable", status="published"):
        return enter(indicator, year, status=status, value=None, gap=kind, gap_reason=REASON)

    return record


def row_of(report, code):
    return next(row for row in report["rows"] if row["code"] == code)


def test_a_published_gap_counts_as_not_applicable_with_its_reason(gdansk, gap, supporting):
    gap(supporting[0])
    row = row_of(build_report(period_for_year(gdansk, 2021)), supporting[0].code)
    assert (row["status"], row["reason"], row["value"]) == ("not_applicable", REASON, None)


def test_each_status_is_counted_apart(gdansk, enter, gap, core, supporting):
    enter(core[0], 2021)
    gap(supporting[0])
    gap(supporting[1], kind="not_available")
    gap(supporting[2], status="draft")
    enter(supporting[3], 2020)
    statuses = build_report(period_for_year(gdansk, 2021))["performance_statuses"]
    assert statuses == {
        "reported": 1,
        "not_applicable": 1,
        "not_available": 1,
        "draft": 1,
        "stale": 1,
        "missing": 95,
    }


def test_gaps_do_not_count_for_a_certification_level(gdansk, enter_all, gap, core, supporting):
    enter_all([*core, *supporting[:44]], 2021)
    for indicator in supporting[44:]:
        gap(indicator)
    report = build_report(period_for_year(gdansk, 2021))
    assert (report["totals"]["performance"]["reported"], report["level"]["code"]) == (90, "gold")


def test_a_figure_of_the_period_outranks_a_gap_of_another_year(gdansk, enter, gap, supporting):
    enter(supporting[0], 2021)
    gap(supporting[0], year=2020)
    assert row_of(build_report(period_for_year(gdansk, 2021)), supporting[0].code)["status"] == "reported"


def test_the_csv_report_gives_the_gaps_status_and_reason(gdansk, gap, supporting):
    gap(supporting[0])
    text = render(build_report(period_for_year(gdansk, 2021)), "csv", "en").decode("utf-8-sig")
    line = next(row for row in csv.reader(io.StringIO(text)) if supporting[0].code in row and REASON in row)
    assert "not applicable" in line


def test_the_api_counts_a_gap_apart_and_gives_its_reason(gdansk, gap, supporting):
    gap(supporting[0], kind="not_available")
    response = CoverageView.as_view()(
        APIRequestFactory().get("/api/coverage/", {"city": "gdansk", "year": 2021})
    )
    assert response.data["statuses"]["not_available"] == 1
    assert response.data["gaps"][0]["reason"] == REASON
