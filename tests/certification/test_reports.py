import csv
import ctypes.util
import io
import re
import shutil
import ssl
import subprocess
from collections import Counter

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from pypdf.generic import BooleanObject

from certification.coverage import build_report, period_for_certificate, period_for_year
from certification.reports import render


@pytest.fixture
def report(gdansk, enter, core, supporting):
    """2021: 45 core and 20 supporting published from one source, one core only in draft."""
    for indicator in [*core[:45], *supporting[:20]]:
        enter(indicator, 2021, source="GUS, Bank Danych Lokalnych")
    enter(core[45], 2021, status="draft")
    return build_report(period_for_year(gdansk, 2021))


@pytest.fixture(scope="module")
def pdfs_rendered():
    return {}


@pytest.fixture
def report_pdf(report, pdfs_rendered):
    """The report's PDF in a language, rendered once for the module: the tests read different
    properties of the same document, built from the same figures."""

    def pdf(language):
        if language not in pdfs_rendered:
            pdfs_rendered[language] = render(report, "pdf", language)
        return pdfs_rendered[language]

    return pdf


def xlsx_summary(content):
    workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    return {row[0]: row[1] for row in workbook.worksheets[0].iter_rows(values_only=True) if row and row[0]}


def pdf_text(content):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_three_formats_hold_the_same_numbers(report, report_pdf):
    summary = xlsx_summary(render(report, "xlsx", "en"))
    rows = list(csv.DictReader(io.StringIO(render(report, "csv", "en").decode("utf-8-sig"))))
    text = pdf_text(report_pdf("en"))
    statuses = Counter(row["status"] for row in rows)
    assert summary["Core indicators reported"] == "45/46"
    assert summary["Supporting indicators reported"] == "20/54"
    assert (statuses["reported"], statuses["draft only"]) == (65, 1)
    assert len(rows) == 139
    assert re.search(r"Core indicators reported\s*45/46", text)
    assert re.search(r"Supporting indicators reported\s*20/54", text)
    assert re.search(r"Missing indicators \(74\)", text)


def test_the_xlsx_detail_keeps_codes_as_text_and_figures_as_numbers(report):
    workbook = load_workbook(io.BytesIO(render(report, "xlsx", "en")), read_only=True, data_only=True)
    header, first, *_ = workbook["Detail"].iter_rows(values_only=True)
    row = dict(zip(header, first, strict=True))
    assert row["code"] == "5.1"
    assert isinstance(row["value"], float | int)
    assert row["entered by"] == "stat"


def test_the_pdf_is_in_polish_by_default_language_with_polish_letters(report_pdf):
    text = pdf_text(report_pdf("pl"))
    assert "Gdańsk" in text
    assert "Stopa bezrobocia w mieście" in text


def test_the_pdf_detail_names_each_figures_source_and_who_entered_and_verified_it(report, report_pdf):
    text = "".join(pdf_text(report_pdf("en")).split())  # a detail line may wrap anywhere
    row = next(row for row in report["rows"] if row["status"] == "reported")
    for fact in [
        f"source: {row['source']}",
        f"entered by: {row['entered_by']}",
        f"verified by: {row['verified_by']}",
    ]:
        assert "".join(fact.split()) in text


def test_the_pdf_has_page_numbers_and_the_generated_at_stamp(report):
    pages = PdfReader(io.BytesIO(render(report, "pdf", "en"))).pages
    last = pages[-1].extract_text()
    assert f"Page {len(pages)} / {len(pages)}" in last
    assert f"Generated at {report['generated_at'][:10]}" in last


def test_a_cycle_report_names_the_certificate_and_its_years(cycle, enter, indicator):
    text = pdf_text(render(build_report(period_for_certificate(cycle)), "pdf", "en"))
    assert "ISO 37120:2014, cycle 3" in text
    assert "2021–2023" in text


def test_text_that_looks_like_a_formula_is_escaped_in_csv(gdansk, enter, indicator):
    enter(indicator, 2021, source="=HYPERLINK(1)")
    content = render(build_report(period_for_year(gdansk, 2021)), "csv", "en").decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in content


def test_the_pdf_is_tagged_with_a_structure_tree(report_pdf):
    catalog = PdfReader(io.BytesIO(report_pdf("en"))).trailer["/Root"]
    assert "/StructTreeRoot" in catalog
    assert catalog["/MarkInfo"]["/Marked"] == BooleanObject(True)


def test_the_pdf_states_its_language_title_and_pdf_ua_conformance_in_xmp(report_pdf):
    reader = PdfReader(io.BytesIO(report_pdf("de")))
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == "de"
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"] == BooleanObject(True)
    assert reader.metadata.title == "ISO-37120-Abdeckungsbericht — Danzig 2021"
    xmp = catalog["/Metadata"].get_object().get_data().decode()
    assert "pdfuaid:part" in xmp
    assert "Danzig 2021" in xmp


def test_pdfinfo_reads_the_pdf_as_tagged(report_pdf, tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(report_pdf("en"))
    pdfinfo = shutil.which("pdfinfo")  # poppler-utils
    info = subprocess.run([pdfinfo, str(path)], capture_output=True, text=True, check=True).stdout  # noqa: S603
    assert re.search(r"^Tagged:\s+yes$", info, re.MULTILINE)


def test_a_rendered_pdf_leaves_library_lookup_and_https_verification_as_they_were(report_pdf):
    report_pdf("en")
    assert ssl._create_default_https_context is ssl.create_default_context
    assert ctypes.util.find_library("c")
