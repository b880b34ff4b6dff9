"""All or nothing, or the good rows: all-or-nothing stays the default; a statistician may choose to import
the valid rows and receive the refused ones as a file of the same layout with a column saying why, in
their language; the import's record keeps both counts."""

import csv
import io
from datetime import timedelta
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from indicators.importing import apply_valid_rows, plan_import, read_import
from indicators.models import ImportBatch, IndicatorValue

from ..indicators.import_helpers import long_sheet, workbook_bytes

CSV = "Wskaźnik;Rok;Wartość;Uwagi\n5.1;2019;5;ok\n5.2;2019;abc;zła\n6.1;2019;90;ok\n7.77;2019;1;nieznany\n"


def test_all_or_nothing_stays_the_default(gdansk, english):
    plan = plan_import(CSV.encode(), "values.csv", default_city=gdansk)
    assert plan.errors
    from indicators.importing import apply_import

    assert apply_import(read_import(CSV.encode(), "values.csv", default_city=gdansk)) is None
    assert not IndicatorValue.objects.exists()


def test_the_valid_rows_are_imported_and_the_refused_ones_come_back_as_csv(gdansk, statistician, english):
    plan = read_import(CSV.encode(), "values.csv", default_city=gdansk)
    outcome = apply_valid_rows(plan, data=CSV.encode(), user=statistician)
    assert sorted(IndicatorValue.objects.values_list("indicator__code", flat=True)) == ["5.1", "6.1"]
    batch = outcome.batch
    assert (batch.accepted_count, batch.refused_count) == (2, 2)
    assert outcome.file_name == "values-refused.csv"
    rows = list(csv.reader(io.StringIO(outcome.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Wskaźnik", "Rok", "Wartość", "Uwagi", "Why refused"]
    assert [row[:4] for row in rows[1:]] == [["5.2", "2019", "abc", "zła"], ["7.77", "2019", "1", "nieznany"]]
    assert "not a number" in rows[1][4]
    assert "Unknown indicator" in rows[2][4]


def test_the_refused_rows_file_speaks_the_users_language(gdansk, statistician):
    plan = read_import(CSV.encode(), "values.csv", default_city=gdansk)
    outcome = apply_valid_rows(plan, data=CSV.encode(), user=statistician)
    header = outcome.content.decode("utf-8-sig").splitlines()[0]
    assert header.endswith("Powód odrzucenia")
    assert "Nieznany wskaźnik" in outcome.content.decode("utf-8-sig")


def test_the_refused_rows_of_a_workbook_come_back_as_a_workbook_of_the_same_layout(
    gdansk, statistician, english
):
    data = workbook_bytes(
        {
            "Gospodarka": [["Zestawienie 2019"], *long_sheet(["5.1", 2019, 5], ["5.2", 2019, 0.5])],
            "Edukacja": long_sheet(["6.1", 2019, "abc"]),
        },
        formats={("Gospodarka", "C4"): "0.0%"},
    )
    plan = read_import(data, "values.xlsx", default_city=gdansk)
    outcome = apply_valid_rows(plan, data=data, user=statistician)
    workbook = load_workbook(io.BytesIO(outcome.content))
    assert outcome.file_name == "values-refused.xlsx"
    assert workbook.sheetnames == ["Edukacja"]
    rows = list(workbook["Edukacja"].values)
    assert rows[0] == ("Wskaźnik", "Rok", "Wartość", "Why refused")
    assert rows[1][:3] == ("6.1", 2019, "abc")
    assert sorted(IndicatorValue.objects.values_list("indicator__code", flat=True)) == ["5.1", "5.2"]
    assert str(IndicatorValue.objects.get(indicator__code="5.2").value) == "50.000000"


def test_a_percent_cell_of_a_refused_row_stays_a_percentage(gdansk, statistician, english):
    data = workbook_bytes(
        {
            "S": [
                ["Wskaźnik", "Rok", "Wartość", "Status"],
                ["5.1", 2019, 0.5, "nonsense"],
                ["5.2", 2019, 0.25, None],
            ]
        },
        formats={("S", "C2"): "0%"},
    )
    outcome = apply_valid_rows(
        read_import(data, "values.xlsx", default_city=gdansk), data=data, user=statistician
    )
    cell = load_workbook(io.BytesIO(outcome.content))["S"]["C2"]
    assert cell.value == 0.5
    assert "%" in cell.number_format


def test_the_command_imports_the_valid_rows_and_writes_the_refused_ones(tmp_path, gdansk, statistician):
    path = tmp_path / "values.csv"
    path.write_text(CSV, encoding="utf-8")
    out = StringIO()
    call_command("import_values", str(path), "--valid-rows", "--user", "stat", "--language", "de", stdout=out)
    refused = tmp_path / "values-abgelehnt.csv"  # named in the language asked for
    assert refused.exists()
    assert refused.read_text(encoding="utf-8-sig").splitlines()[0].endswith("Grund der Ablehnung")
    assert IndicatorValue.objects.count() == 2
    assert str(refused) in out.getvalue()
    batch = ImportBatch.objects.get()
    assert (batch.accepted_count, batch.refused_count) == (2, 2)


def test_the_admin_imports_the_valid_rows_on_request_and_offers_the_refused_ones(
    client, gdansk, statistician
):
    client.force_login(statistician)
    upload = io.BytesIO(CSV.encode())
    upload.name = "values.csv"
    response = client.post(
        reverse("admin:indicators_importbatch_upload"),
        {"file": upload, "city": gdansk.pk, "valid_rows_only": "on"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    preview = client.get(reverse("admin:indicators_importbatch_preview", args=[batch.pk])).content.decode()
    assert "Zatwierdź import" in preview
    client.post(reverse("admin:indicators_importbatch_preview", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.state == ImportBatch.State.APPLIED
    assert (batch.accepted_count, batch.refused_count) == (2, 2)
    assert IndicatorValue.objects.count() == 2
    refused = client.get(reverse("admin:indicators_importbatch_refused", args=[batch.pk]))
    assert refused.status_code == 200
    assert b"5.2;2019;abc" in b"".join(refused.streaming_content if refused.streaming else [refused.content])


def test_a_file_with_errors_stays_refused_whole_in_the_admin_without_the_choice(client, gdansk, statistician):
    client.force_login(statistician)
    upload = io.BytesIO(CSV.encode())
    upload.name = "values.csv"
    client.post(reverse("admin:indicators_importbatch_upload"), {"file": upload, "city": gdansk.pk})
    assert ImportBatch.objects.get().state == ImportBatch.State.REJECTED


def test_the_refused_rows_file_is_purged_with_the_upload_after_the_retention(
    gdansk, statistician, settings, tmp_path
):
    settings.IMPORT_FILES_ROOT = tmp_path / "private"
    plan = read_import(CSV.encode(), "values.csv", default_city=gdansk)
    batch = apply_valid_rows(plan, data=CSV.encode(), user=statistician).batch
    stored = Path(batch.refused_file.path)
    assert stored.is_file()
    ImportBatch.objects.filter(pk=batch.pk).update(
        created_at=timezone.now() - timedelta(days=settings.IMPORT_FILE_RETENTION_DAYS + 1)
    )
    call_command("purge_import_files", verbosity=0)
    batch.refresh_from_db()
    assert not stored.exists()
    assert (batch.refused_file.name, batch.refused_count) == ("", 2)
