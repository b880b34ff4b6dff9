"""Evidence per value: a link and a private file, edited through the workflow, shown to auditors only."""

import csv
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from certification.coverage import build_report, period_for_year
from certification.reports import render
from indicators.models import IndicatorValue
from indicators.services import Refusal, save_value

EVIDENCE_URL = "https://bip.example.gov.pl/evidence-sentinel-report.pdf"
FILE_NAME = "evidence-sentinel.pdf"
PDF_BYTES = b"%PDF-1.7\n% an evidence file\n"


@pytest.fixture
def roots(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EVIDENCE_FILES_ROOT = tmp_path / "private" / "evidence"
    cache.clear()
    yield settings
    cache.clear()


def upload(name=FILE_NAME, content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


@pytest.fixture
def draft(gdansk, indicator, statistician, roots):
    value, _ = save_value(
        user=statistician, city=gdansk, indicator=indicator, year=2021, value=Decimal("4.2")
    )
    return value


@pytest.fixture
def published(gdansk, indicator, statistician, roots):
    """A published value with both kinds of evidence, entered by the system like the demo data."""
    value, _ = save_value(
        city=gdansk,
        indicator=indicator,
        year=2021,
        value=Decimal("4.2"),
        status="published",
        evidence_url=EVIDENCE_URL,
        evidence_file=upload(),
    )
    return value


def refusal_codes(response) -> list[str]:
    """What the form refused the upload for (each refusal's message is in the user's language)."""
    return [error.code for error in response.context["adminform"].form.errors.as_data()["evidence_file"]]


def post_value_form(client, value, **changes):
    """The admin's change form of the value, posted with what it holds and the given changes."""
    data = {
        "value": "" if value.value is None else str(value.value),
        "text_value": value.text_value,
        "numerator": "",
        "denominator": "",
        "source": value.source,
        "notes": value.notes,
        "evidence_url": value.evidence_url,
        "review_note": value.review_note,
        "seen_version": value.version,
        **changes,
    }
    return client.post(reverse("admin:indicators_indicatorvalue_change", args=[value.pk]), data)


def test_a_statistician_attaches_evidence_in_the_admin_kept_outside_the_media_root(
    client, statistician, draft, roots
):
    client.force_login(statistician)
    response = post_value_form(client, draft, evidence_url=EVIDENCE_URL, evidence_file=upload())
    assert response.status_code == 302
    draft.refresh_from_db()
    stored = Path(draft.evidence_file.path)
    assert stored.read_bytes() == PDF_BYTES
    assert stored.is_relative_to(Path(str(roots.EVIDENCE_FILES_ROOT)))
    assert not stored.is_relative_to(Path(str(roots.MEDIA_ROOT)))
    assert draft.evidence_url == EVIDENCE_URL
    latest, earlier = draft.history.all()[:2]
    assert (latest.history_user, latest.evidence_url) == (statistician, EVIDENCE_URL)
    assert earlier.evidence_url == ""


def test_a_file_that_is_not_what_its_extension_says_is_refused_with_a_message(client, statistician, draft):
    client.force_login(statistician)
    response = post_value_form(client, draft, evidence_file=upload(content=b"<html><script>x</script>"))
    assert response.status_code == 200
    assert refusal_codes(response) == ["evidence_content"]
    assert f"„{FILE_NAME}”" in response.text  # the message names the file
    draft.refresh_from_db()
    assert (draft.evidence_file.name, draft.version) == ("", 1)


def test_a_file_of_a_type_not_allowed_is_refused_with_a_message(client, statistician, draft):
    client.force_login(statistician)
    response = post_value_form(client, draft, evidence_file=upload(name="page.html", content=b"<html>"))
    assert response.status_code == 200
    assert refusal_codes(response) == ["evidence_type"]
    assert not IndicatorValue.objects.exclude(evidence_file="").exists()


def test_a_file_over_the_size_limit_is_refused_with_a_message(client, statistician, draft, settings):
    settings.EVIDENCE_MAX_BYTES = 64
    client.force_login(statistician)
    response = post_value_form(client, draft, evidence_file=upload(content=PDF_BYTES + b"0" * 100))
    assert response.status_code == 200
    assert refusal_codes(response) == ["evidence_too_big"]
    assert not IndicatorValue.objects.exclude(evidence_file="").exists()


def test_an_anonymous_visitor_cannot_reach_an_evidence_file(client, published):
    response = client.get(published.evidence_file.url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_staff_without_the_permission_to_view_values_cannot_reach_an_evidence_file(
    client, catalogue_admin, published
):
    client.force_login(catalogue_admin)
    assert client.get(published.evidence_file.url).status_code == 403


def test_an_auditor_downloads_an_evidence_file(client, auditor, published):
    client.force_login(auditor)
    response = client.get(published.evidence_file.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert FILE_NAME in response["Content-Disposition"]


def test_a_name_that_is_no_value_s_evidence_is_not_found(client, auditor, published):
    client.force_login(auditor)
    url = reverse("admin:indicators_indicatorvalue_evidence", args=["../../settings.py"])
    assert client.get(url).status_code == 404


def test_evidence_of_a_published_value_changes_without_a_revision_note_and_stays_published(
    client, reviewer, published
):
    client.force_login(reviewer)
    response = post_value_form(client, published, evidence_url="https://bip.example.gov.pl/other.pdf")
    assert response.status_code == 302
    published.refresh_from_db()
    assert (published.status, published.evidence_url, published.revision_note) == (
        "published",
        "https://bip.example.gov.pl/other.pdf",
        "",
    )


def test_a_statistician_cannot_change_the_evidence_of_a_verified_value(statistician, reviewer, draft):
    save_value(user=reviewer, city=draft.city, indicator=draft.indicator, year=2021, status="verified")
    with pytest.raises(Refusal):
        save_value(
            user=statistician,
            city=draft.city,
            indicator=draft.indicator,
            year=2021,
            evidence_url=EVIDENCE_URL,
        )


@pytest.mark.parametrize(
    "path",
    [
        "/en/indicators/5.1/",
        "/en/iso-37120/",
        "/indicators/5.1/data.csv",
        "/iso-37120/data.csv",
        "/api/values/",
        "/api/coverage/?year=2021",
    ],
)
def test_evidence_is_on_no_public_page_download_or_api(client, published, path):
    text = client.get(path).content.decode()
    assert "evidence-sentinel" not in text


def test_evidence_is_in_no_public_bulk_download(client, published):
    for name in ("iso37120-values.csv", "iso37120-values.xlsx", "iso37120-by-theme.zip"):
        response = client.get(f"/downloads/{name}")
        assert response.status_code == 200
        assert b"evidence-sentinel" not in b"".join(response.streaming_content)


def test_the_public_reading_of_the_coverage_has_no_evidence(published):
    rows = build_report(period_for_year(published.city, 2021), drafts_shown=False)["rows"]
    assert {row["evidence"] for row in rows} == {""}


def test_the_coverage_report_lists_the_evidence_in_every_format(published):
    report = build_report(period_for_year(published.city, 2021))
    expected = f"{EVIDENCE_URL}; {FILE_NAME}"
    rows = list(csv.DictReader(io.StringIO(render(report, "csv", "en").decode("utf-8-sig"))))
    assert {row["evidence"] for row in rows if row["code"] == published.indicator.code} == {expected}
    detail = load_workbook(io.BytesIO(render(report, "xlsx", "en")), read_only=True).worksheets[1]
    header, *cells = detail.iter_rows(values_only=True)
    evidence = header.index("evidence")
    assert expected in {row[evidence] for row in cells}
    pdf = "".join(page.extract_text() for page in PdfReader(io.BytesIO(render(report, "pdf", "en"))).pages)
    assert FILE_NAME in "".join(pdf.split())  # the name may wrap at its hyphen


def test_the_auditors_report_page_shows_the_evidence(client, auditor, published):
    client.force_login(auditor)
    response = client.get(reverse("certification:report"), {"year": 2021})
    assert f"{EVIDENCE_URL}; {FILE_NAME}" in response.text


def test_an_auditor_sees_the_evidence_on_the_value_page_with_its_download_link(client, auditor, published):
    client.force_login(auditor)
    response = client.get(reverse("admin:indicators_indicatorvalue_change", args=[published.pk]))
    assert response.status_code == 200
    assert EVIDENCE_URL in response.text
    assert f'href="{published.evidence_file.url}"' in response.text
