"""Checks on the raw bytes of an upload, made before any spreadsheet library parses them.

A hostile or broken file must be refused cheaply: the sizes in the zip directory are read (and
enforced by zipfile while inflating), so a decompression bomb never reaches the reader. The same
checks serve .xlsx and .ods (both zip archives of XML); an .xls is an OLE compound file, as is a
password-protected .xlsx.
"""

import re
import zipfile
from dataclasses import dataclass
from io import BytesIO
from pathlib import PurePath

from django.conf import settings
from django.utils.translation import gettext as _

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls and password-protected .xlsx alike
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
RATIO_CHECK_FROM_BYTES = 1024 * 1024  # small members may compress very well without harm
XML_CHUNK_BYTES = 1024 * 1024
# "<!DOCTYPE" or "<!ENTITY" as UTF-8 (ASCII) and as UTF-16 in either byte order: XML may be in either
DOCTYPE = re.compile(
    b"|".join(
        re.escape(keyword.encode(encoding))
        for keyword in ("<!DOCTYPE", "<!ENTITY", "<!doctype", "<!entity")
        for encoding in ("ascii", "utf-16-le", "utf-16-be")
    )
)
DOCTYPE_OVERLAP = 32  # bytes kept from one chunk to the next, so a keyword split between them is found
XML_START = re.compile(rb"^(\xef\xbb\xbf|\xff\xfe|\xfe\xff)?(\s|\x00)*(<|\x00<)")
TEXT_SUFFIXES = {".csv", ".txt"}
# An encrypted .xlsx is an OLE file with this stream: its 64-byte directory name, then the name's length.
ENCRYPTED_OLE_ENTRY = "EncryptedPackage\0".encode("utf-16-le").ljust(64, b"\0") + b"\x22\x00"
ODS_ENCRYPTION = b"encryption-data"  # in META-INF/manifest.xml of a password-protected .ods
XLSX, ODS, XLS = "xlsx", "ods", "xls"


@dataclass
class Upload:
    """A spreadsheet that passed the checks: its kind, its bytes and, for a zip, the opened archive."""

    kind: str
    data: bytes
    archive: zipfile.ZipFile | None = None


class BadFile(Exception):
    """The upload cannot be read at all; the message says why, in the user's language."""


def max_compression_ratio() -> int:
    return getattr(settings, "IMPORT_MAX_COMPRESSION_RATIO", 200)


def is_text_table(file_name: str) -> bool:
    return PurePath(file_name).suffix.lower() in TEXT_SUFFIXES


def check_text_upload(data: bytes) -> str:
    """A CSV file's text: UTF-8 (with or without Excel's BOM) or Windows-1250, which Excel on a Polish
    Windows writes when asked for plain "CSV"."""
    _check_size(data)
    if b"\0" in data:
        raise BadFile(_("The file is not a CSV text file: save it again as CSV UTF-8 or as .xlsx."))
    for encoding in ("utf-8-sig", "cp1250"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise BadFile(_("The file is not a CSV text file: save it again as CSV UTF-8 or as .xlsx."))


def check_upload(data: bytes, file_name: str) -> Upload:
    """Refuse what is not a plain, reasonably sized .xlsx, .ods or .xls; say which one it is."""
    _check_size(data)
    suffix = PurePath(file_name).suffix.lower()
    if data.startswith(OLE_SIGNATURE):
        if ENCRYPTED_OLE_ENTRY in data:
            raise _password_protected()
        return Upload(XLS, data)
    if suffix == ".xlsb":
        raise BadFile(
            _("Binary Excel workbooks (.xlsb) are not read: open it in Excel and save it as .xlsx.")
        )
    try:
        archive = zipfile.ZipFile(BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as error:
        raise _damaged() from error
    kind = _check_members(archive, members)
    return Upload(kind, data, archive)


def _password_protected() -> BadFile:
    return BadFile(
        _("The file is password-protected (encrypted): remove the password in Excel and save it again.")
    )


def _damaged() -> BadFile:
    return BadFile(_("The file is not a spreadsheet (.xlsx, .ods, .xls), or it is damaged or incomplete."))


def _check_size(data: bytes) -> None:
    if not data:
        raise BadFile(_("The file is empty."))
    if len(data) > settings.IMPORT_MAX_BYTES:
        raise BadFile(
            _("The file is %(size)s MB; the limit is %(limit)s MB.")
            % {"size": _megabytes(len(data)), "limit": _megabytes(settings.IMPORT_MAX_BYTES)}
        )


def _check_members(archive: zipfile.ZipFile, members: list[zipfile.ZipInfo]) -> str:
    names = {member.filename for member in members}
    total = sum(member.file_size for member in members)
    if total > settings.IMPORT_MAX_UNCOMPRESSED_BYTES:
        raise BadFile(
            _("Unpacked, the file would take %(size)s MB; the limit is %(limit)s MB.")
            % {"size": _megabytes(total), "limit": _megabytes(settings.IMPORT_MAX_UNCOMPRESSED_BYTES)}
        )
    for member in members:
        if member.file_size > RATIO_CHECK_FROM_BYTES and member.file_size > max_compression_ratio() * max(
            member.compress_size, 1
        ):
            raise BadFile(
                _("The file inflates suspiciously (%(name)s is compressed %(ratio)s times): refused.")
                % {"name": member.filename, "ratio": member.file_size // max(member.compress_size, 1)}
            )
    if "mimetype" in names and _read_member(archive, "mimetype").strip() == ODS_MIMETYPE:
        kind = ODS
        if "content.xml" not in names:
            raise _damaged()
        if "META-INF/manifest.xml" in names and ODS_ENCRYPTION in _read_member(
            archive, "META-INF/manifest.xml"
        ):
            raise _password_protected()
    elif "xl/workbook.xml" in names:
        kind = XLSX
        sheets = [name for name in names if re.fullmatch(r"xl/worksheets/[^/]+\.xml", name)]
        check_sheet_count(len(sheets))
    elif "xl/workbook.bin" in names:
        raise BadFile(
            _("Binary Excel workbooks (.xlsb) are not read: open it in Excel and save it as .xlsx.")
        )
    else:
        raise _damaged()
    for member in members:
        _check_no_doctype(archive, member)
    return kind


def check_sheet_count(count: int) -> None:
    if count > settings.IMPORT_MAX_SHEETS:
        raise BadFile(
            _("The workbook has %(count)s sheets; the limit is %(limit)s.")
            % {"count": count, "limit": settings.IMPORT_MAX_SHEETS}
        )


def check_cell_area(title: str, width: int, height: int) -> None:
    """A sheet's used area, known before its rows become Python objects: one very wide row costs
    seconds and hundreds of megabytes to turn into records, and no statistician's file needs it."""
    if width > settings.IMPORT_MAX_CELLS_PER_ROW:
        raise BadFile(
            _("Sheet “%(sheet)s” has %(count)s columns; the limit is %(limit)s.")
            % {"sheet": title, "count": width, "limit": settings.IMPORT_MAX_CELLS_PER_ROW}
        )
    if width * height > settings.IMPORT_MAX_CELLS_PER_SHEET:
        raise BadFile(
            _("Sheet “%(sheet)s” spans %(count)s cells; the limit is %(limit)s: split it into smaller files.")
            % {"sheet": title, "count": width * height, "limit": settings.IMPORT_MAX_CELLS_PER_SHEET}
        )


def _read_member(archive: zipfile.ZipFile, name: str) -> bytes:
    try:
        return archive.read(name)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as error:
        raise _damaged() from error


def _check_no_doctype(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> None:
    """XML with a DOCTYPE can declare entities (billion laughs, external files): never needed in a
    spreadsheet, and refusing it here lets the readers parse with plain, fast parsers. Every member
    that starts like XML is read whole (its size is bounded above), whatever its name (.xml, .rels,
    .vml, .rdf, custom parts) and in UTF-8 or UTF-16."""
    try:
        with archive.open(member) as stream:
            chunk = stream.read(XML_CHUNK_BYTES)
            if not XML_START.match(chunk[:4096]):
                return
            tail = b""
            while chunk:
                if DOCTYPE.search(tail + chunk):
                    raise BadFile(
                        _(
                            "The file contains XML declarations (DOCTYPE/ENTITY) that Excel never writes: "
                            "refused."
                        )
                    )
                tail = chunk[-DOCTYPE_OVERLAP:]
                chunk = stream.read(XML_CHUNK_BYTES)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as error:
        raise _damaged() from error


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}"
