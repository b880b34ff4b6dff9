from decimal import Decimal

import pytest
from openpyxl import load_workbook

from certification.models import Certificate
from indicators import roles


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_auditor_logs_in_and_downloads_the_cycle_report(
    page, live_server, catalogue, make_user, enter, indicator, tmp_path
):
    make_user("auditor1", roles.AUDITORS)
    enter(indicator, 2021, value=Decimal("4.2"))
    cycle = Certificate.objects.get(city__slug="gdansk", standard__code="ISO 37120:2014", cycle_number=2)

    page.goto(f"{live_server.url}/en/auditors/")
    page.fill("#id_username", "auditor1")
    page.fill("#id_password", "correct horse battery")
    page.click("input[type=submit]")
    page.click(f"a[href*='certificate={cycle.pk}']")
    page.wait_for_selector("h1:has-text('Coverage report')")
    with page.expect_download() as download_info:
        page.click("text=Download XLSX")
    download = download_info.value

    assert download.suggested_filename == "coverage_gdansk_2020-2023.xlsx"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    summary = load_workbook(saved, read_only=True).worksheets[0]
    facts = {row[0]: row[1] for row in summary.iter_rows(values_only=True) if row and row[0]}
    assert facts["Core indicators reported"] == "1/46"
    assert facts["Certification cycle"] == "2020–2023"
