import io
from decimal import Decimal

from openpyxl import load_workbook

from indicators.exporting import LONG_COLUMNS, csv_text, long_rows, xlsx_bytes
from indicators.models import IndicatorValue
from indicators.services import save_value


def test_long_rows_carry_the_figure_as_stored_with_at_least_the_indicators_places(gdansk, indicator):
    save_value(city=gdansk, indicator=indicator, year=2019, value=Decimal("5.12345"))
    save_value(city=gdansk, indicator=indicator, year=2020, value=Decimal("5.1"))
    rows = long_rows(IndicatorValue.objects.select_related("city", "indicator").order_by("year"))
    assert [str(row[3]) for row in rows] == ["5.12345", "5.10"]


def test_csv_escapes_text_that_a_spreadsheet_would_run_as_a_formula():
    text = csv_text(["notes"], [['=HYPERLINK("http://x")'], ["-5 %"]])
    assert text.splitlines()[1:] == ['"\'=HYPERLINK(""http://x"")"', "'-5 %"]


def test_xlsx_keeps_codes_as_text_and_numbers_as_numbers():
    content = xlsx_bytes({"values": (LONG_COLUMNS, [["gdansk", "16.10", 2019, Decimal("5.10")]])})
    sheet = load_workbook(io.BytesIO(content)).active
    code, number = sheet["B2"], sheet["D2"]
    assert code.value == "16.10"
    assert number.value == 5.1
    assert number.number_format == "0.00"
