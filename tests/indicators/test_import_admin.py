from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from indicators.models import ImportBatch, IndicatorValue
from indicators.services import save_value

from .import_helpers import long_sheet, workbook_bytes

UPLOAD = reverse("admin:indicators_importbatch_upload")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def signed_in(client, statistician):
    client.force_login(statistician)
    return client


def upload(client, data, gdansk, name="values.xlsx"):
    return client.post(UPLOAD, {"file": SimpleUploadedFile(name, data), "city": gdansk.pk})


def test_upload_shows_a_preview_and_writes_nothing(signed_in, gdansk):
    response = upload(
        signed_in, workbook_bytes({"S": long_sheet(["5.1", 2019, 1], ["5.2", 2019, None])}), gdansk
    )
    batch = ImportBatch.objects.get()
    assert response.url == reverse("admin:indicators_importbatch_preview", args=[batch.pk])
    page = signed_in.get(response.url).content.decode()
    assert "&#x27;S&#x27;!C2" in page
    assert (batch.state, batch.created_count, batch.skipped_count) == ("planned", 1, 1)
    assert not IndicatorValue.objects.exists()


def test_confirming_applies_the_stored_file(signed_in, gdansk, statistician):
    response = upload(signed_in, workbook_bytes({"S": long_sheet(["5.1", 2019, 1])}), gdansk)
    confirmed = signed_in.post(response.url)
    assert confirmed.status_code == 302
    batch = ImportBatch.objects.get()
    assert (batch.state, batch.created_by) == ("applied", statistician)
    assert IndicatorValue.objects.get().import_batch == batch


def test_a_csv_file_is_previewed_and_confirmed_like_a_workbook(signed_in, gdansk):
    response = upload(signed_in, "Wskaźnik;Rok;Wartość\n5.1;2019;5,1\n".encode(), gdansk, name="dane.csv")
    assert "5.1" in signed_in.get(response.url).content.decode()
    signed_in.post(response.url)
    assert IndicatorValue.objects.get().value == Decimal("5.1")


def test_confirming_after_the_registry_changed_asks_for_a_new_look(signed_in, gdansk, indicator):
    response = upload(signed_in, workbook_bytes({"S": long_sheet(["5.1", 2019, 1])}), gdansk)
    save_value(city=gdansk, indicator=indicator, year=2019, value=Decimal(7))
    signed_in.post(response.url)
    assert IndicatorValue.objects.get().value == Decimal(7)
    assert ImportBatch.objects.get().updated_count == 1


def test_a_file_with_errors_lists_them_and_cannot_be_confirmed(signed_in, gdansk):
    response = upload(signed_in, workbook_bytes({"Economy": long_sheet(["5.1", 2019, "abc"])}), gdansk)
    page = signed_in.get(response.url).content.decode()
    assert "&#x27;Economy&#x27;!C2" in page
    assert "Confirm" not in page
    assert ImportBatch.objects.get().state == "rejected"


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"not a zip", "a.xlsx"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "a.xlsx"),
        (b"a,b\n", "a.csv"),
    ],
)
def test_a_bad_file_is_a_form_error_not_a_500(signed_in, gdansk, data, name):
    response = upload(signed_in, data, gdansk, name=name)
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not ImportBatch.objects.exists()


def test_a_file_over_the_limit_is_refused_before_reading(signed_in, gdansk, settings):
    settings.IMPORT_MAX_BYTES = 100
    response = upload(signed_in, b"x" * 200, gdansk)
    assert "limit" in response.context["form"].errors["file"][0]


def test_reimporting_says_nothing_changes(signed_in, gdansk):
    data = workbook_bytes({"S": long_sheet(["5.1", 2019, 1])})
    signed_in.post(upload(signed_in, data, gdansk).url)
    page = signed_in.get(upload(signed_in, data, gdansk).url).content.decode()
    assert 'id="import-nothing"' in page
    assert "Confirm" not in page


def test_a_blank_template_says_its_rows_were_empty(signed_in, gdansk):
    data = workbook_bytes({"S": long_sheet(["5.1", 2019, None], ["5.2", 2019, None])})
    page = signed_in.get(upload(signed_in, data, gdansk).url).content.decode()
    assert 'id="import-empty"' in page
    assert 'id="import-nothing"' not in page


def test_a_user_who_may_not_import_is_refused(client, auditor, gdansk):
    client.force_login(auditor)
    assert client.get(UPLOAD).status_code == 403


def test_only_the_uploader_confirms(signed_in, client, gdansk, make_user):
    preview = upload(signed_in, workbook_bytes({"S": long_sheet(["5.1", 2019, 1])}), gdansk).url
    client.force_login(make_user("other", "statisticians"))
    assert client.post(preview).status_code == 403
    assert not IndicatorValue.objects.exists()


def test_the_preview_page_runs_a_bounded_number_of_queries(signed_in, gdansk, django_assert_max_num_queries):
    preview = upload(
        signed_in, workbook_bytes({"S": long_sheet(*[["5.1", y, 1] for y in range(2000, 2020)])}), gdansk
    )
    with django_assert_max_num_queries(12):
        assert signed_in.get(preview.url).status_code == 200


def test_export_downloads_values_as_xlsx(signed_in, gdansk, indicator, tmp_path):
    save_value(city=gdansk, indicator=indicator, year=2019, value=Decimal(1))
    response = signed_in.get(reverse("admin:indicators_importbatch_export"), {"format": "xlsx"})
    (tmp_path / "x.xlsx").write_bytes(response.content)
    assert load_workbook(tmp_path / "x.xlsx").active["B2"].value == "5.1"


def test_export_downloads_a_template(signed_in, gdansk):
    response = signed_in.get(
        reverse("admin:indicators_importbatch_export"), {"template": "1", "city": gdansk.pk, "year": 2020}
    )
    assert response["Content-Disposition"] == 'attachment; filename="template-gdansk-2020.xlsx"'


def test_the_import_list_links_to_upload_and_export(signed_in):
    page = signed_in.get(reverse("admin:indicators_importbatch_changelist")).content.decode()
    assert UPLOAD in page
    assert reverse("admin:indicators_importbatch_export") in page


def test_a_rejected_import_is_listed_with_nothing_created(signed_in, statistician):
    ImportBatch.objects.create(
        file_name="odrzucony.xlsx",
        checksum="0" * 64,
        state=ImportBatch.State.REJECTED,
        created_by=statistician,
        created_count=17,
        error_count=2,
    )
    page = signed_in.get(reverse("admin:indicators_importbatch_changelist")).text
    row = page[page.index("odrzucony.xlsx") :]
    row = row[: row.index("</tr>")]
    assert ">17<" not in row
    assert ">2<" in row
