import csv
import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from indicators.exporting import export_file, template_file, values_for_export
from indicators.importing import apply_import
from indicators.models import Indicator, IndicatorValue
from indicators.services import save_value

from .import_helpers import plan_of


@pytest.fixture
def stored(gdansk, indicator):
    save_value(
        city=gdansk, indicator=indicator, year=2018, value=Decimal("4.25"), source="GUS", notes="-5 % r/r"
    )
    save_value(city=gdansk, indicator=indicator, year=2019, value=Decimal("5.10"), status="published")
    save_value(
        city=gdansk, indicator=Indicator.objects.get(code="GOV-01"), year=2019, text_value="rada miasta"
    )
    save_value(
        city=gdansk,
        indicator=Indicator.objects.get(code="5.2"),
        year=2019,
        value=Decimal("12.5"),
        numerator=Decimal(125),
        denominator=Decimal(1000),
    )


def export(*args) -> str:
    out = io.StringIO()
    call_command("export_values", *args, stdout=out)
    return out.getvalue()


def test_csv_goes_to_stdout_in_the_long_layout(stored):
    rows = list(csv.reader(io.StringIO(export("--format", "csv"))))
    assert rows[0] == [
        "city",
        "indicator",
        "year",
        "value",
        "unit",
        "source",
        "notes",
        "status",
        "gap_reason",
    ]
    assert ["gdansk", "5.1", "2019", "5.10", "%", "", "", "published", ""] in rows


def test_export_filters_by_city_year_and_status(stored):
    text = export("--format", "csv", "--city", "gdansk", "--year", "2019", "--status", "published")
    assert list(csv.reader(io.StringIO(text)))[1:] == [
        ["gdansk", "5.1", "2019", "5.10", "%", "", "", "published", ""]
    ]


def test_xlsx_export_writes_the_file(stored, tmp_path):
    target = tmp_path / "out.xlsx"
    export("--format", "xlsx", "-o", str(target))
    sheet = load_workbook(target).active
    assert sheet["B2"].value == "5.1"
    assert sheet.max_row == 5


def test_xlsx_export_without_a_file_is_refused(stored):
    with pytest.raises(CommandError, match="-o"):
        export("--format", "xlsx")


def test_export_then_import_changes_nothing(stored, gdansk, statistician):
    data = export_file("xlsx", values_for_export())
    plan = plan_of(data, gdansk, statistician)
    assert plan.errors == []
    assert plan.counts == {"created": 0, "updated": 0, "unchanged": 4, "skipped": 0, "errors": 0}


def test_a_template_lists_every_indicator_with_last_years_value(stored, gdansk):
    sheet = load_workbook(io.BytesIO(template_file(gdansk, 2019))).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == Indicator.objects.count()
    first = rows[0]
    assert first[1:2] == ("5.1",)
    assert first[4] == 4.25
    assert first[5:] == (2019, None, None, None, None, None, None)


def test_a_filled_template_imports_its_values(gdansk):
    workbook = load_workbook(io.BytesIO(template_file(gdansk, 2020)))
    workbook.active["G2"] = "6,5"
    buffer = io.BytesIO()
    workbook.save(buffer)
    plan = plan_of(buffer.getvalue(), gdansk)
    apply_import(plan)
    assert plan.counts["skipped"] == Indicator.objects.count() - 1
    assert IndicatorValue.objects.get().value == Decimal("6.5")


def test_the_template_command_writes_a_workbook(gdansk, tmp_path):
    target = tmp_path / "template.xlsx"
    export("--template", "--year", "2020", "-o", str(target))
    assert load_workbook(target).active.max_row == Indicator.objects.count() + 1
