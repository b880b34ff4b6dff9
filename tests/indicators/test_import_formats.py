"""LibreOffice's own .ods and .xls files (tests/data/workbooks, made by make_workbooks.py) read as
properly as .xlsx: the same layouts, quirks and cell references, and hostile ones refused."""

import io
import random
import string
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

from indicators.importing import BadFile, apply_import
from indicators.models import IndicatorValue

from .import_helpers import error_texts, long_sheet, plan_of, workbook_bytes

pytestmark = pytest.mark.usefixtures("english")  # messages are checked in English; the default is Polish

WORKBOOKS = Path(__file__).resolve().parent.parent / "data" / "workbooks"
KINDS = ["ods", "xls"]


def workbook(name: str, kind: str) -> bytes:
    return (WORKBOOKS / f"{name}.{kind}").read_bytes()


def imported(kind: str, city) -> dict:
    plan = plan_of(workbook("quirks", kind), city, name=f"quirks.{kind}")
    assert plan.is_valid, error_texts(plan)
    apply_import(plan)
    return {(v.indicator.code, v.year): v.value for v in IndicatorValue.objects.select_related("indicator")}


def refused(data: bytes, city, name: str) -> str:
    with pytest.raises(BadFile) as raised:
        plan_of(data, city, name=name)
    assert not IndicatorValue.objects.exists()
    return str(raised.value)


@pytest.mark.parametrize("kind", KINDS)
def test_sheets_with_a_header_are_read_and_others_named(gdansk, kind):
    plan = plan_of(workbook("quirks", kind), gdansk, name=f"quirks.{kind}")
    assert (plan.sheets_read, plan.sheets_skipped) == (["Gospodarka", "Edukacja"], ["Notatki"])


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(
    ("code", "year", "stored"),
    [
        pytest.param("5.1", 2019, Decimal("4.2"), id="long-layout-below-title-rows"),
        pytest.param("5.2", 2019, Decimal(3), id="code-typed-as-a-number"),
        pytest.param("5.3", 2020, Decimal("12.5"), id="year-and-number-typed-as-polish-text"),
        pytest.param("5.4", 2019, Decimal("12.5"), id="fraction-shown-as-percent"),
        pytest.param("6.1", 2019, Decimal(42), id="formula-value"),
        pytest.param("7.1", 2018, Decimal(10), id="wide-layout-year-number"),
        pytest.param("7.1", 2019, Decimal(11), id="wide-layout-year-text"),
    ],
)
def test_each_quirk_of_a_libreoffice_file_is_read(gdansk, kind, code, year, stored):
    assert imported(kind, gdansk)[code, year] == stored


@pytest.mark.parametrize("kind", KINDS)
def test_a_dash_in_a_libreoffice_file_is_a_zero(gdansk, kind):
    assert imported(kind, gdansk)["6.2", 2019] == Decimal(0)


@pytest.mark.parametrize("kind", KINDS)
def test_errors_in_a_libreoffice_file_point_at_their_cells(gdansk, kind):
    plan = plan_of(workbook("mistakes", kind), gdansk, name=f"mistakes.{kind}")
    messages = error_texts(plan)
    assert [message.split(":")[0] for message in messages] == [
        "'Gospodarka'!A2",
        "'Gospodarka'!C3",
        "'Gospodarka'!A4",
    ]
    assert "16.10" in messages[0]
    assert "not a number" in messages[1]


def _patched(data: bytes, member: str, content: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, content if item.filename == member else source.read(item))
    return out.getvalue()


def _ods_content(name="quirks") -> bytes:
    return zipfile.ZipFile(io.BytesIO(workbook(name, "ods"))).read("content.xml")


def test_an_ods_formula_without_a_value_is_an_error(gdansk):
    content = _ods_content().replace(
        b'table:formula="of:=40+2" office:value-type="float" office:value="42" calcext:value-type="float"',
        b'table:formula="of:=40+2"',
    )
    assert b'table:formula="of:=40+2">' in content
    plan = plan_of(_patched(workbook("quirks", "ods"), "content.xml", content), gdansk, name="q.ods")
    [message] = error_texts(plan)
    assert message.startswith("'Gospodarka'!C8:")
    assert "formula" in message


def test_an_ods_decompression_bomb_is_refused_before_parsing(gdansk, settings):
    settings.IMPORT_MAX_UNCOMPRESSED_BYTES = 10 * 1024 * 1024
    bomb = _patched(workbook("quirks", "ods"), "content.xml", b" " * (20 * 1024 * 1024))
    assert "Unpacked" in refused(bomb, gdansk, "bomb.ods")


def test_ods_xml_entities_are_refused(gdansk):
    hostile = b'<!DOCTYPE lol [<!ENTITY lol "lol">]>' + _ods_content()
    assert "DOCTYPE" in refused(_patched(workbook("quirks", "ods"), "content.xml", hostile), gdansk, "x.ods")


def test_a_password_protected_ods_is_refused(gdansk):
    data = workbook("quirks", "ods")
    manifest = zipfile.ZipFile(io.BytesIO(data)).read("META-INF/manifest.xml")
    encrypted = manifest.replace(
        b"</manifest:manifest>",
        b'<manifest:file-entry manifest:full-path="x.xml" manifest:media-type="text/xml">'
        b'<manifest:encryption-data manifest:checksum-type="SHA1/1K" manifest:checksum="AAAA"/>'
        b"</manifest:file-entry></manifest:manifest>",
    )
    assert "password" in refused(_patched(data, "META-INF/manifest.xml", encrypted), gdansk, "x.ods")


def test_a_password_protected_xlsx_is_refused(gdansk):
    entry = "EncryptedPackage\0".encode("utf-16-le").ljust(64, b"\0") + b"\x22\x00"
    encrypted = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1024) + entry + bytes(62)
    assert "password" in refused(encrypted, gdansk, "values.xlsx")


def test_an_ods_file_renamed_to_xlsx_is_read_as_ods(gdansk):
    plan = plan_of(workbook("quirks", "ods"), gdansk, name="values.xlsx")
    assert plan.sheets_read == ["Gospodarka", "Edukacja"]


def test_a_damaged_xls_is_refused_with_a_message(gdansk):
    data = workbook("quirks", "xls")
    assert "could not be read" in refused(data[: len(data) // 2], gdansk, "values.xls")


@pytest.mark.parametrize("kind", KINDS)
def test_an_ods_or_xls_with_too_many_sheets_is_refused(gdansk, settings, kind):
    settings.IMPORT_MAX_SHEETS = 2
    assert "3 sheets" in refused(workbook("quirks", kind), gdansk, f"quirks.{kind}")


@pytest.mark.parametrize("kind", KINDS)
def test_an_ods_or_xls_with_too_many_rows_is_refused(gdansk, settings, kind):
    settings.IMPORT_MAX_ROWS = 5
    assert "more than 5 rows" in refused(workbook("quirks", kind), gdansk, f"quirks.{kind}")


def test_an_ods_whose_repeated_cells_would_fill_millions_of_cells_is_refused(gdansk):
    content = _ods_content()
    first_row = content.index(b"<table:table-row ")
    after_row = content.index(b"</table:table-row>", first_row) + len(b"</table:table-row>")
    repeated = (
        b'<table:table-row table:number-rows-repeated="20000"><table:table-cell '
        b'table:number-columns-repeated="1000" office:value-type="float" office:value="1">'
        b"<text:p>1</text:p></table:table-cell></table:table-row>"
    )
    bomb = _patched(
        workbook("quirks", "ods"), "content.xml", content[:first_row] + repeated + content[after_row:]
    )
    assert len(bomb) < 20_000
    assert "cells; the limit is" in refused(bomb, gdansk, "bomb.ods")


def test_an_xlsb_workbook_is_asked_to_be_saved_as_xlsx(gdansk):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.bin", b"\0")
    assert ".xlsx" in refused(buffer.getvalue(), gdansk, "values.xlsb")


def test_a_very_wide_row_is_refused_with_the_limit(gdansk, settings):
    settings.IMPORT_MAX_CELLS_PER_ROW = 50
    rows = long_sheet(["5.1", 2019, 1, *range(60)])
    message = refused(workbook_bytes({"Szeroki": rows}), gdansk, "wide.xlsx")
    assert "Szeroki" in message
    assert "63 columns; the limit is 50" in message


def test_a_very_wide_csv_row_is_refused_with_the_limit(gdansk, settings):
    settings.IMPORT_MAX_CELLS_PER_ROW = 50
    text = "Wskaźnik;Rok;Wartość\n5.1;2019;1" + ";1" * 60 + "\n"
    assert "the limit is 50" in refused(text.encode(), gdansk, "wide.csv")


def test_a_sheet_with_too_many_cells_is_refused_with_the_limit(gdansk, settings):
    settings.IMPORT_MAX_CELLS_PER_SHEET = 100
    rows = long_sheet(*[["5.1", year, 1] for year in range(1990, 2030)])
    assert "the limit is 100" in refused(workbook_bytes({"Dane": rows}), gdansk, "tall.xlsx")


@pytest.mark.parametrize("kind", KINDS)
def test_a_libreoffice_file_with_two_cells_far_apart_is_refused_before_reading(gdansk, kind):
    assert "cells; the limit is" in refused(workbook("far_apart", kind), gdansk, f"far.{kind}")


FIRST_SHEET = "xl/worksheets/sheet1.xml"


def sheet_edited(data: bytes, *edits: tuple[bytes, bytes]) -> bytes:
    """The workbook with its first sheet's XML edited, each (old, new) replacing the first `old`, which
    must be there."""
    sheet = zipfile.ZipFile(io.BytesIO(data)).read(FIRST_SHEET)
    for old, new in edits:
        assert old in sheet
        sheet = sheet.replace(old, new, 1)
    return _patched(data, FIRST_SHEET, sheet)


def one_value_workbook() -> bytes:
    return workbook_bytes({"Daleko": long_sheet(["5.1", 2019, 1])})


def test_an_xlsx_with_two_cells_far_apart_is_refused_before_reading(gdansk):
    far = (b"</sheetData>", b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>')
    assert "columns; the limit is" in refused(sheet_edited(one_value_workbook(), far), gdansk, "far.xlsx")


def test_an_xlsx_cell_naming_two_places_is_measured_at_the_last_one_calamine_uses(gdansk):
    twice = (b'<c r="C2" t="n">', b'<c t="n" r="C2" r="XFD1048576">')
    assert "columns; the limit is" in refused(sheet_edited(one_value_workbook(), twice), gdansk, "twice.xlsx")


def test_an_xlsx_percent_cell_naming_two_places_is_refused_not_read_at_either(gdansk):
    data = workbook_bytes({"S": long_sheet(["5.1", 2019, 0.051])}, formats={("S", "C2"): "0.0%"})
    twice = (b'<c r="C2" s="1" t="n">', b'<c r="D2" s="1" t="n" r="C2">')
    assert "could not be read" in refused(sheet_edited(data, twice), gdansk, "twice.xlsx")


def test_an_xlsx_whose_cells_carry_no_reference_is_measured_by_their_places_before_reading(gdansk):
    placed = (b"</sheetData>", b'<row r="600000">' + b'<c t="n"><v>1</v></c>' * 2000 + b"</row></sheetData>")
    assert "cells; the limit is" in refused(sheet_edited(one_value_workbook(), placed), gdansk, "far.xlsx")


def test_an_xlsx_reference_beyond_the_last_column_is_refused_before_reading(gdansk):
    beyond = (b'<c r="C2" t="n">', b'<c r="ABCD1048576" t="n">')
    assert "columns; the limit is" in refused(
        sheet_edited(one_value_workbook(), beyond), gdansk, "beyond.xlsx"
    )


def test_an_xlsx_reference_of_a_hundred_thousand_letters_is_refused_at_once(gdansk):
    letters = "".join(random.Random(37120).choices(string.ascii_uppercase, k=100_000)).encode()
    hostile = (b'<c r="C2" t="n">', b"<c r='" + letters + b'2\' t="n">')
    assert "columns; the limit is" in refused(
        sheet_edited(one_value_workbook(), hostile), gdansk, "letters.xlsx"
    )


def test_an_xlsx_whose_prefixed_cells_carry_no_reference_is_measured_before_reading(gdansk):
    main = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    prefixed = (b"<worksheet ", b'<worksheet xmlns:x="' + main + b'" ')
    placed = (
        b"</sheetData>",
        b'<row r="600000">' + b'<x:c t="n"><v>1</v></x:c>' * 2000 + b"</row></sheetData>",
    )
    assert "cells; the limit is" in refused(
        sheet_edited(one_value_workbook(), prefixed, placed), gdansk, "x.xlsx"
    )
