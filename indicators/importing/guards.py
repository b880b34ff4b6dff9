"""Checks on the raw bytes of an upload, made before any spreadsheet library parses them.

A hostile or broken file must be refused cheaply: the sizes in the zip directory are read (and
enforced by zipfile while inflating), so a decompression bomb never reaches openpyxl.
"""

import re
import zipfile
from io import BytesIO
from pathlib import PurePath

from django.conf import settings
from django.utils.translation import gettext as _

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls and password-protected .xlsx alike
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
RATIO_CHECK_FROM_BYTES = 1024 * 1024  # small members may compress very well without harm
XML_PROLOGUE_BYTES = 4096
DOCTYPE = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)
TEXT_SUFFIXES = {".csv", ".txt"}


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


def check_upload(data: bytes, file_name: str) -> zipfile.ZipFile:
    """Refuse what is not a plain, reasonably sized .xlsx; return its opened zip directory."""
    _check_size(data)
    suffix = PurePath(file_name).suffix.lower()
    if data.startswith(OLE_SIGNATURE):
        if suffix == ".xls":
            raise BadFile(_("Old Excel files (.xls) are not read: open it in Excel and save it as .xlsx."))
        raise BadFile(
            _("The file is password-protected (encrypted): remove the password in Excel and save it again.")
        )
    if suffix in {".ods", ".xls"}:
        raise BadFile(
            _("%(kind)s files are not read: open it in a spreadsheet and save it as .xlsx.")
            % {"kind": suffix[1:].upper()}
        )
    try:
        archive = zipfile.ZipFile(BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as error:
        raise BadFile(
            _("The file is not an Excel workbook (.xlsx), or it is damaged or incomplete.")
        ) from error
    _check_members(archive, members)
    return archive


def _check_size(data: bytes) -> None:
    if not data:
        raise BadFile(_("The file is empty."))
    if len(data) > settings.IMPORT_MAX_BYTES:
        raise BadFile(
            _("The file is %(size)s MB; the limit is %(limit)s MB.")
            % {"size": _megabytes(len(data)), "limit": _megabytes(settings.IMPORT_MAX_BYTES)}
        )


def _check_members(archive: zipfile.ZipFile, members: list[zipfile.ZipInfo]) -> None:
    names = {member.filename for member in members}
    if "mimetype" in names and archive.read("mimetype").strip() == ODS_MIMETYPE:
        raise BadFile(_("ODS files are not read: open it in a spreadsheet and save it as .xlsx."))
    if "xl/workbook.xml" not in names:
        raise BadFile(_("The file is not an Excel workbook (.xlsx), or it is damaged or incomplete."))
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
    sheets = [name for name in names if re.fullmatch(r"xl/worksheets/[^/]+\.xml", name)]
    if len(sheets) > settings.IMPORT_MAX_SHEETS:
        raise BadFile(
            _("The workbook has %(count)s sheets; the limit is %(limit)s.")
            % {"count": len(sheets), "limit": settings.IMPORT_MAX_SHEETS}
        )
    for member in members:
        if member.filename.endswith((".xml", ".rels")):
            _check_prologue(archive, member)


def _check_prologue(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> None:
    """XML with a DOCTYPE can declare entities (billion laughs, external files): never needed in .xlsx."""
    try:
        with archive.open(member) as stream:
            prologue = stream.read(XML_PROLOGUE_BYTES)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as error:
        raise BadFile(
            _("The file is not an Excel workbook (.xlsx), or it is damaged or incomplete.")
        ) from error
    if DOCTYPE.search(prologue):
        raise BadFile(
            _("The file contains XML declarations (DOCTYPE/ENTITY) that Excel never writes: refused.")
        )


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}"
