"""Every warning of a figure is shown where the figure is typed: the grid's row, the value form, the import
preview; one rule set (indicators.quality) answers for all of them."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from indicators.models import Indicator, IndicatorValue
from indicators.services import save_value
from tests.indicators.import_helpers import long_sheet, workbook_bytes

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def enrolment(catalogue):
    """6.6: usually up to 100 % (a warning above), never refused for being above."""
    return Indicator.objects.get(edition=2014, code="6.6")


def grid_url(indicator):
    return reverse("admin:indicators_year_entry") + f"?city=gdansk&year=2019&theme={indicator.theme_id}"


def row_of(page: str, code: str) -> str:
    return page.split(f'id="row-{code}"')[1].split('id="row-')[0]


def test_a_warning_is_shown_on_the_grid_row_as_soon_as_it_is_saved(client, statistician, gdansk, enrolment):
    client.force_login(statistician)
    response = client.post(grid_url(enrolment), {f"i{enrolment.pk}-value": "104"})
    row = row_of(response.content.decode(), "6.6")
    assert "above the usual highest value" in row
    assert f'name="i{enrolment.pk}-explanation"' in row


def test_the_grid_banner_names_the_rows_with_warnings(client, statistician, gdansk, enrolment):
    client.force_login(statistician)
    response = client.post(grid_url(enrolment), {f"i{enrolment.pk}-value": "104"}, follow=True)
    banners = [str(message) for message in response.context["messages"]]
    assert any("6.6" in banner and "warning" in banner for banner in banners)


def test_the_explanation_typed_on_the_grid_row_is_saved_for_reviewers(
    client, statistician, gdansk, enrolment
):
    value, _ = save_value(user=statistician, city=gdansk, indicator=enrolment, year=2019, value=Decimal(104))
    client.force_login(statistician)
    page = client.get(grid_url(enrolment)).content.decode()
    assert "above the usual highest value" in row_of(page, "6.6")
    client.post(
        grid_url(enrolment),
        {
            f"i{enrolment.pk}-value": "104",
            f"i{enrolment.pk}-seen-value": "104",
            f"i{enrolment.pk}-seen-version": str(value.version),
            f"i{enrolment.pk}-explanation": "pupils from beyond the city",
        },
    )
    value.refresh_from_db()
    assert value.review_note == "pupils from beyond the city"
    assert value.value == Decimal(104)


def test_a_row_without_warnings_offers_no_explanation_field(client, statistician, gdansk, indicator):
    client.force_login(statistician)
    response = client.post(grid_url(indicator), {f"i{indicator.pk}-value": "4,2"})
    assert f'name="i{indicator.pk}-explanation"' not in row_of(response.content.decode(), "5.1")


def test_the_value_form_says_the_warnings_of_the_saved_figure(client, statistician, gdansk, enrolment):
    value, _ = save_value(user=statistician, city=gdansk, indicator=enrolment, year=2019, value=Decimal(90))
    client.force_login(statistician)
    page = client.get(reverse("admin:indicators_indicatorvalue_change", args=[value.pk])).content.decode()
    assert "above the usual highest value" not in page
    IndicatorValue.objects.filter(pk=value.pk).update(value=Decimal(104))
    page = client.get(reverse("admin:indicators_indicatorvalue_change", args=[value.pk])).content.decode()
    assert "above the usual highest value" in page


def test_the_import_preview_shows_each_rows_warnings_and_counts_them(client, statistician, gdansk, enrolment):
    client.force_login(statistician)
    data = workbook_bytes({"S": long_sheet(["6.6", 2019, 104], ["5.1", 2019, 4])})
    response = client.post(
        reverse("admin:indicators_importbatch_upload"),
        {"file": SimpleUploadedFile("values.xlsx", data), "city": gdansk.pk},
    )
    page = client.get(response.url).content.decode()
    assert "above the usual highest value" in page
    assert 'id="import-warnings"' in page
    summary = page.split('id="import-warnings"')[1].split("</p>")[0]
    assert "6.6" in summary
    assert "5.1" not in summary
