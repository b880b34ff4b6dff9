from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from indicators.models import ImportBatch, Indicator, IndicatorValue
from indicators.services import save_value

from .import_helpers import long_sheet, workbook_bytes

pytestmark = pytest.mark.usefixtures("english")  # messages are checked in English; the default is Polish


@pytest.fixture
def workbook(tmp_path, catalogue):
    path = tmp_path / "values.xlsx"
    path.write_bytes(workbook_bytes({"S": long_sheet(["5.1", 2019, 1], ["5.2", 2019, 2])}))
    return path


def run(*args, language="en"):
    out, err = StringIO(), StringIO()
    call_command("import_values", *map(str, args), "--language", language, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def run_failing(*args, language="en") -> tuple[CommandError, str]:
    err = StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("import_values", *map(str, args), "--language", language, stdout=StringIO(), stderr=err)
    return raised.value, err.getvalue()


def test_dry_run_prints_the_plan_and_writes_nothing(workbook):
    out, _ = run(workbook, "--dry-run")
    assert "5.1 2019" in out
    assert "2 to create" in out
    assert not IndicatorValue.objects.exists()


def test_import_writes_and_records_a_batch(workbook):
    run(workbook)
    assert IndicatorValue.objects.count() == 2
    assert ImportBatch.objects.get().created_count == 2


def test_importing_again_says_nothing_changes(workbook):
    run(workbook)
    out, _ = run(workbook)
    assert "already imported" in out
    assert "Nothing to change" in out
    assert ImportBatch.objects.count() == 1


def test_errors_are_printed_with_cells_and_exit_code_1(tmp_path, catalogue):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(workbook_bytes({"S": long_sheet(["5.1", 2019, "abc"], ["7.77", 2019, 1])}))
    with pytest.raises(CommandError) as raised:
        run(path)
    assert raised.value.returncode == 1
    assert not IndicatorValue.objects.exists()


def test_a_bad_file_exits_with_code_2(tmp_path, catalogue):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(b"this is not a workbook")
    with pytest.raises(CommandError, match="not a spreadsheet") as raised:
        run(path)
    assert raised.value.returncode == 2


def test_the_city_option_chooses_the_city_of_rows_without_one(workbook):
    with pytest.raises(CommandError, match="Unknown city") as raised:
        run(workbook, "--city", "atlantis")
    assert raised.value.returncode == 2


def test_a_real_run_lists_every_error_of_the_file_as_the_dry_run_does(tmp_path, catalogue):
    path = tmp_path / "bad.xlsx"
    rows = long_sheet(["7.77", 2019, 1], ["5.1", 2019, 150], ["5.2", 2019, 200], ["5.3", 2019, 3])
    path.write_bytes(workbook_bytes({"S": rows}))
    _, dry_errors = run_failing(path, "--dry-run")
    error, real_errors = run_failing(path)
    assert real_errors == dry_errors
    assert [line.split(":")[0] for line in real_errors.splitlines()] == ["'S'!A2", "'S'!C3", "'S'!C4"]
    assert str(error) == "3 errors, 1 row was fine: nothing was imported."


def test_a_blank_template_says_its_rows_were_empty_and_nothing_was_imported(tmp_path, catalogue):
    path = tmp_path / "template.xlsx"
    path.write_bytes(workbook_bytes({"S": long_sheet(["5.1", 2019, None], ["5.2", 2019, None])}))
    out, _ = run(path)
    assert "All 2 rows of the file are empty: nothing was imported." in out
    assert "Nothing to change" not in out
    assert not ImportBatch.objects.exists()


def test_the_command_speaks_the_language_asked_for(tmp_path, catalogue):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(workbook_bytes({"S": long_sheet(["7.77", 2019, 1])}))
    _, german = run_failing(path, language="de")
    _, polish = run_failing(path, language="pl")
    assert "Unbekannter Indikator" in german
    assert "Nieznany wskaźnik" in polish


def test_the_command_speaks_the_settings_language_by_default(tmp_path, catalogue, settings):
    settings.LANGUAGE_CODE = "de"
    path = tmp_path / "bad.xlsx"
    path.write_bytes(workbook_bytes({"S": long_sheet(["7.77", 2019, 1])}))
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_values", str(path), stdout=StringIO(), stderr=err)
    assert "Unbekannter Indikator" in err.getvalue()


@pytest.fixture
def published_value(catalogue):
    from indicators.models import City

    city = City.objects.get(slug="gdansk")
    indicator = Indicator.objects.get(code="5.1")
    value, _ = save_value(city=city, indicator=indicator, year=2019, value=Decimal(5), source="Urząd Miasta")
    value.status = IndicatorValue.Status.PUBLISHED
    value.save()
    return value


def test_a_row_differing_only_in_source_names_the_field_and_shows_old_and_new(tmp_path, published_value):
    path = tmp_path / "values.xlsx"
    rows = long_sheet(["5.1", 2019, 5, "Urząd Statystyczny"], header=("Wskaźnik", "Rok", "Wartość", "Źródło"))
    path.write_bytes(workbook_bytes({"S": rows}))
    _, errors = run_failing(path)
    assert errors.startswith("'S'!D2: ")
    assert "Data source: “Urząd Miasta” → “Urząd Statystyczny”" in errors
    assert "encoding" not in errors


def test_letters_replaced_by_question_marks_suggest_the_files_encoding(tmp_path, published_value):
    path = tmp_path / "values.csv"
    path.write_bytes("Wskaźnik;Rok;Wartość;Źródło\n5.1;2019;5;Urz?d Miasta\n".encode())
    _, errors = run_failing(path)
    assert "“Urząd Miasta” → “Urz?d Miasta”" in errors
    assert "CSV UTF-8" in errors


def test_a_differing_figure_is_named_in_the_decimal_sign_of_the_messages_language(tmp_path, published_value):
    path = tmp_path / "values.xlsx"
    rows = long_sheet(["5.1", 2019, 5.5, "Urząd Miasta"], header=("Wskaźnik", "Rok", "Wartość", "Źródło"))
    path.write_bytes(workbook_bytes({"S": rows}))
    _, errors = run_failing(path, language="pl")
    assert "„5” → „5,5”" in errors
