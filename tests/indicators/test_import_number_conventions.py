"""A file decides what its "," and "." mean: cells that can be read one way only settle it for their column
(or else the file); a cell that could mean two numbers is read so, or refused naming both readings."""

import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from indicators.models import IndicatorValue

from .import_helpers import error_texts, long_sheet, plan_of, workbook_bytes

pytestmark = pytest.mark.usefixtures("english")


def run_import(path, err=None):
    call_command("import_values", str(path), stdout=io.StringIO(), stderr=err or io.StringIO())


def stored_by_year() -> dict:
    return {value.year: value.value for value in IndicatorValue.objects.all()}


def test_import_values_reads_a_column_written_the_english_way_as_english(tmp_path, catalogue):
    path = tmp_path / "population.csv"
    path.write_text("indicator;year;value\nPPL-01;2017;776,298\nPPL-01;2018;1,088.78\nPPL-01;2019;2,500\n")
    run_import(path)
    assert stored_by_year() == {2017: Decimal(776298), 2018: Decimal("1088.78"), 2019: Decimal(2500)}


def test_import_values_refuses_what_nothing_in_the_file_explains_naming_both_readings(tmp_path, catalogue):
    path = tmp_path / "population.csv"
    path.write_text("indicator;year;value\nPPL-01;2017;776,298\nPPL-01;2019;2,500\n")
    err = io.StringIO()
    with pytest.raises(CommandError) as refused:
        run_import(path, err)
    assert refused.value.returncode == 1
    assert "could mean 776298 (“,” between thousands) or 776.298" in err.getvalue()
    assert "could mean 2500 (“,” between thousands) or 2.5" in err.getvalue()
    assert not IndicatorValue.objects.exists()


def test_a_refused_cell_names_both_readings_and_how_to_write_each(gdansk):
    plan = plan_of(b"indicator;year;value\nPPL-01;2017;776,298\n", gdansk, name="population.csv")
    assert error_texts(plan) == [
        "'population'!C2: “776,298” could mean 776298 (“,” between thousands) or 776.298 (“,” as the "
        "decimal sign), and no cell of its column or file shows which. "
        "Write 776298 for the first, 776,2980 for the second."
    ]


def test_a_decimal_comma_elsewhere_in_the_column_reads_it_as_a_fraction(gdansk):
    plan = plan_of(workbook_bytes({"S": long_sheet(["8.8", 2018, "12,5"], ["8.8", 2019, "776,298"])}), gdansk)
    assert [row["value"] for row in plan.rows] == [Decimal("12.5"), Decimal("776.298")]


def test_a_column_that_shows_nothing_follows_the_rest_of_the_file(gdansk):
    rows = [["Kod", "Rok", "Wartość", "Licznik"], ["8.8", 2019, "2,500", "1,088.78"]]
    plan = plan_of(workbook_bytes({"S": rows}), gdansk)
    assert plan.rows[0]["value"] == Decimal(2500)


def test_a_column_that_uses_a_sign_both_ways_refuses_what_it_cannot_explain(gdansk):
    sheet = long_sheet(["8.8", 2017, "12,5"], ["8.8", 2018, "1,088.78"], ["8.8", 2019, "776,298"])
    plan = plan_of(workbook_bytes({"S": sheet}), gdansk)
    [message] = error_texts(plan)
    assert message.startswith("'S'!C4: “776,298” could mean 776298")
    assert "'S'!C2: “12,5”" in message
    assert "'S'!C3: “1,088.78”" in message


def test_numbers_stored_as_numbers_need_no_convention(gdansk):
    plan = plan_of(workbook_bytes({"S": long_sheet(["8.8", 2018, 1088.78], ["8.8", 2019, 776.298])}), gdansk)
    assert [row["value"] for row in plan.rows] == [Decimal("1088.78"), Decimal("776.298")]
