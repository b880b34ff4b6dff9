import pytest
from django.core.management import CommandError, call_command

from indicators.models import ImportBatch, IndicatorValue

from .import_helpers import long_sheet, workbook_bytes

pytestmark = pytest.mark.usefixtures("english")  # messages are checked in English; the default is Polish


@pytest.fixture
def workbook(tmp_path, catalogue):
    path = tmp_path / "values.xlsx"
    path.write_bytes(workbook_bytes({"S": long_sheet(["5.1", 2019, 1], ["5.2", 2019, 2])}))
    return path


def run(*args):
    from io import StringIO

    out, err = StringIO(), StringIO()
    call_command("import_values", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


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
