import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from certification.models import Certificate, CoverageSnapshot


@pytest.fixture
def auditor_client(client, auditor):
    client.force_login(auditor)
    return client


def test_the_auditors_page_asks_anonymous_visitors_to_log_in(client, catalogue):
    response = client.get(reverse("certification:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_a_statistician_without_the_auditors_permission_is_refused(client, statistician):
    client.force_login(statistician)
    assert client.get(reverse("certification:index")).status_code == 403


def test_the_auditors_page_lists_the_cycles_with_their_state(auditor_client, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):  # 2 for the site's name: the data version, the city's names at it
        response = auditor_client.get(reverse("certification:index"))
    assert response.status_code == 200
    assert "2020–2023" in response.text
    assert f"<td>{Certificate.State.EXPIRED.label}</td>" in response.text


def test_a_cycle_report_page_shows_the_counts(
    auditor_client, cycle, enter, indicator, django_assert_max_num_queries
):
    enter(indicator, 2022)
    # two reports (this cycle's, the last one's), progress (3) and the site's name (2)
    with django_assert_max_num_queries(25):
        response = auditor_client.get(reverse("certification:report"), {"certificate": cycle.pk})
    assert response.status_code == 200
    assert "1/46" in response.text


def test_an_auditor_downloads_the_xlsx_of_a_year(auditor_client, enter, indicator):
    enter(indicator, 2019)
    response = auditor_client.get(reverse("certification:download"), {"year": 2019, "format": "xlsx"})
    assert response.status_code == 200
    assert 'filename="coverage_gdansk_2019.xlsx"' in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    assert len(workbook.sheetnames) == 4  # summary, detail, missing, progress


@pytest.mark.parametrize(
    "params",
    [
        {"year": "abc", "format": "csv"},
        {"year": 2019, "certificate": 1, "format": "csv"},
        {"format": "csv"},
        {"year": 2019, "format": "exe"},
        {"city": "atlantis", "year": 2019, "format": "csv"},
        {"certificate": 999999, "format": "csv"},
    ],
)
def test_bad_report_parameters_get_a_clear_message_and_400(auditor_client, params):
    response = auditor_client.get(reverse("certification:download"), params)
    assert response.status_code == 400
    assert 'role="alert"' in response.text


def test_a_bad_year_is_named_in_the_message(auditor_client):
    response = auditor_client.get(reverse("certification:report"), {"year": "abc"})
    assert "rok: " in response.text.lower()


def test_an_auditor_freezes_a_cycle_and_gets_its_stable_page(
    auditor_client, cycle, enter, indicator, auditor
):
    enter(indicator, 2021, value=Decimal("3.3"))
    response = auditor_client.post(reverse("certification:freeze"), {"certificate": cycle.pk})
    frozen = CoverageSnapshot.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("certification:snapshot", args=[frozen.uuid])
    assert frozen.created_by == auditor
    page = auditor_client.get(response["Location"])
    assert frozen.checksum in page.text


def test_freezing_needs_a_post(auditor_client, cycle):
    assert auditor_client.get(reverse("certification:freeze"), {"certificate": cycle.pk}).status_code == 405
    assert not CoverageSnapshot.objects.exists()


def test_a_frozen_copy_downloads_as_it_was_after_a_live_correction(auditor_client, cycle, enter, indicator):
    enter(indicator, 2021, value=Decimal("3.3"))
    auditor_client.post(reverse("certification:freeze"), {"certificate": cycle.pk})
    frozen = CoverageSnapshot.objects.get()
    enter(indicator, 2021, value=Decimal("9.9"))
    url = reverse("certification:snapshot_download", args=[frozen.uuid, "csv"])
    content = auditor_client.get(url).content.decode("utf-8-sig")
    assert "3.30" in content
    assert "9.9" not in content


def test_the_english_page_downloads_an_english_report(auditor_client, enter, indicator):
    enter(indicator, 2019)
    with translation.override("en"):  # also restores the language the request activates, for later tests
        response = auditor_client.get(reverse("certification:download"), {"year": 2019, "format": "csv"})
    assert response.wsgi_request.path.startswith("/en/")
    assert "City's unemployment rate" in response.content.decode("utf-8-sig")


@pytest.mark.usefixtures("english")
def test_a_quality_management_certificate_has_no_coverage_report(auditor_client, gdansk):
    iso9001 = Certificate.objects.get(city=gdansk, standard__code="ISO 9001:2015")
    response = auditor_client.get(reverse("certification:report"), {"certificate": iso9001.pk})
    assert response.status_code == 400
    assert "ISO 9001:2015 has no indicators" in response.text
