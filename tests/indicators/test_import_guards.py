"""Bad files: a clear message (BadFile), never a traceback, never a write."""

import io
import zipfile

import pytest
from openpyxl import Workbook

from indicators.importing import BadFile
from indicators.models import IndicatorValue

from .import_helpers import long_sheet, plan_of, workbook_bytes

pytestmark = pytest.mark.usefixtures("english")  # messages are checked in English; the default is Polish


def refused(data: bytes, city, name="values.xlsx") -> str:
    with pytest.raises(BadFile) as raised:
        plan_of(data, city, name=name)
    assert not IndicatorValue.objects.exists()
    return str(raised.value)


def test_a_file_that_is_not_a_zip_is_refused(gdansk):
    assert "not a spreadsheet" in refused(b"PK\x03\x04 but no more", gdansk)


def test_a_truncated_workbook_is_refused(gdansk):
    data = workbook_bytes({"S": long_sheet(["5.1", 2019, 1])})
    assert "damaged or incomplete" in refused(data[: len(data) // 2], gdansk)


@pytest.mark.parametrize("name", ["values.xls", "values.ods"])
def test_text_named_as_a_spreadsheet_is_refused(gdansk, name):
    assert "not a spreadsheet" in refused(b"indicator,year,value\n5.1,2019,1\n", gdansk, name=name)


def test_an_ods_archive_without_its_content_is_refused(gdansk):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
    assert "damaged or incomplete" in refused(buffer.getvalue(), gdansk)


def test_an_empty_workbook_is_refused(gdansk):
    assert "No sheet has a header" in refused(workbook_bytes({"Arkusz1": []}), gdansk)


def test_a_workbook_without_a_header_names_the_sheets_it_read(gdansk):
    message = refused(workbook_bytes({"Dane": [["5.1", 2019, 1]]}), gdansk)
    assert "Dane" in message


def _patched(data: bytes, member: str, content: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, content if item.filename == member else source.read(item))
    return out.getvalue()


def test_xml_entities_are_refused(gdansk):
    data = workbook_bytes({"S": long_sheet(["5.1", 2019, "&lol2;"])})
    sheet = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    entities = b'<!DOCTYPE lol [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
    hostile = entities + sheet.replace(b"&amp;lol2;", b"&lol2;")
    assert "DOCTYPE" in refused(_patched(data, "xl/worksheets/sheet1.xml", hostile), gdansk)


ENTITIES = b'<!DOCTYPE lol [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'


def test_a_doctype_after_the_first_kilobytes_of_a_part_is_refused(gdansk):
    data = workbook_bytes({"S": long_sheet(["5.1", 2019, 1])})
    sheet = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    declaration, body = sheet.split(b"?>", 1) if sheet.startswith(b"<?xml") else (b"", sheet)
    if declaration:
        declaration += b"?>"
    hostile = declaration + b"<!--" + b" " * 100_000 + b"-->" + ENTITIES + body
    assert "DOCTYPE" in refused(_patched(data, "xl/worksheets/sheet1.xml", hostile), gdansk)


@pytest.mark.parametrize(
    ("member", "content"),
    [
        ("xl/drawings/vmlDrawing1.vml", b"<xml>" + ENTITIES + b"</xml>"),
        (
            "customXml/item1.xml",
            ('<?xml version="1.0" encoding="UTF-16"?>' + ENTITIES.decode()).encode("utf-16"),
        ),
        ("docProps/custom.data", b"  <?xml version='1.0'?>" + ENTITIES + b"<a/>"),
    ],
)
def test_a_doctype_in_any_xml_part_whatever_its_name_or_encoding_is_refused(gdansk, member, content):
    data = workbook_bytes({"S": long_sheet(["5.1", 2019, 1])})
    buffer = io.BytesIO(data)
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(member, content)
    assert "DOCTYPE" in refused(buffer.getvalue(), gdansk)


def test_a_decompression_bomb_is_refused_before_parsing(gdansk, settings):
    settings.IMPORT_MAX_UNCOMPRESSED_BYTES = 10 * 1024 * 1024
    data = workbook_bytes({"S": long_sheet(["5.1", 2019, 1])})
    bomb = _patched(data, "xl/worksheets/sheet1.xml", b" " * (20 * 1024 * 1024))
    assert len(bomb) < 100_000
    assert "Unpacked" in refused(bomb, gdansk)


def test_a_highly_compressed_member_is_refused(gdansk):
    data = workbook_bytes({"S": long_sheet(["5.1", 2019, 1])})
    bomb = _patched(data, "xl/worksheets/sheet1.xml", b" " * (5 * 1024 * 1024))
    assert "inflates" in refused(bomb, gdansk)


def test_a_file_over_the_byte_limit_is_refused(gdansk, settings):
    settings.IMPORT_MAX_BYTES = 1000
    assert "limit" in refused(workbook_bytes({"S": long_sheet(["5.1", 2019, 1])}), gdansk)


def test_a_workbook_with_too_many_sheets_is_refused(gdansk, settings):
    settings.IMPORT_MAX_SHEETS = 2
    data = workbook_bytes({f"S{number}": long_sheet(["5.1", 2019, 1]) for number in range(3)})
    assert "3 sheets" in refused(data, gdansk)


def test_a_workbook_with_too_many_rows_is_refused(gdansk, settings):
    settings.IMPORT_MAX_ROWS = 5
    rows = long_sheet(*[["5.1", year, 1] for year in range(2000, 2010)])
    assert "more than 5 rows" in refused(workbook_bytes({"S": rows}), gdansk)


def test_a_workbook_with_no_sheets_is_refused(gdansk):
    data = workbook_bytes({"S": long_sheet(["5.1", 2019, 1])})
    empty = _patched(
        data,
        "xl/workbook.xml",
        b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets/></workbook>',
    )
    assert refused(empty, gdansk)


def test_openpyxl_itself_is_never_the_one_to_complain(gdansk):
    workbook = Workbook()
    buffer = io.BytesIO()
    workbook.save(buffer)
    broken = _patched(buffer.getvalue(), "xl/workbook.xml", b"<not xml")
    assert "could not be read" in refused(broken, gdansk)
