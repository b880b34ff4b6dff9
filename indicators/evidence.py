"""Evidence per value: a link to the source document and an attached file, for auditors only.

The file may be an internal document, so it lives under EVIDENCE_FILES_ROOT, outside MEDIA_ROOT, and
its only address is the value admin's download page, which asks for the permission to view values.
Uploads are checked by size, by extension and by their first bytes, so a renamed file is refused.
"""

import os

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .private_storage import PrivateStorage

ZIP = b"PK\x03\x04"
SIGNATURES = {  # extension: how such a file begins
    "pdf": (b"%PDF-",),
    "xlsx": (ZIP,),
    "ods": (ZIP,),
    "docx": (ZIP,),
    "odt": (ZIP,),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
}
ALLOWED_EXTENSIONS = tuple(SIGNATURES)


class PrivateEvidenceStorage(PrivateStorage):
    """Under settings.EVIDENCE_FILES_ROOT; its only URL is the admin's download."""

    root_setting = "EVIDENCE_FILES_ROOT"

    def url(self, name):
        return reverse("admin:indicators_indicatorvalue_evidence", args=[name])


def evidence_file_storage() -> PrivateEvidenceStorage:
    """The storage of IndicatorValue.evidence_file (a callable, so migrations name it, not its place)."""
    return PrivateEvidenceStorage()


def evidence_upload_path(value, filename: str) -> str:
    return f"{value.city.slug}/{value.year}/{value.indicator.code}/{filename}"


def validate_evidence_file(file) -> None:
    """Refuse a new file that is too big or is not what its extension says; a stored one was checked."""
    if getattr(file, "_committed", False):
        return
    if file.size > settings.EVIDENCE_MAX_BYTES:
        raise ValidationError(
            _("The file is too big (%(size)s); evidence files may have at most %(limit)s."),
            code="evidence_too_big",
            params={"size": filesizeformat(file.size), "limit": filesizeformat(settings.EVIDENCE_MAX_BYTES)},
        )
    extension = os.path.splitext(file.name)[1].lower().lstrip(".")
    if extension not in SIGNATURES:
        raise ValidationError(
            _("Evidence files may be %(allowed)s; “%(name)s” is not."),
            code="evidence_type",
            params={"allowed": ", ".join(ALLOWED_EXTENSIONS).upper(), "name": os.path.basename(file.name)},
        )
    file.seek(0)
    start = file.read(8)
    file.seek(0)
    if not start.startswith(SIGNATURES[extension]):
        raise ValidationError(
            _("“%(name)s” is not a %(kind)s file inside: it was refused."),
            code="evidence_content",
            params={"name": os.path.basename(file.name), "kind": extension.upper()},
        )


def evidence_label(value) -> str:
    """The evidence as the auditors' report lists it: the link and the file's name."""
    parts = [value.evidence_url]
    if value.evidence_file:
        parts.append(os.path.basename(value.evidence_file.name))
    return "; ".join(part for part in parts if part)
