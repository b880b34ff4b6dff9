"""The letters: a tagged PDF and a DOCX per owner, in the owner's language, saying what is asked."""

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from docx import Document
from pypdf import PdfReader

from indicators.collection import letters
from indicators.collection.links import link_url

pytestmark = pytest.mark.django_db
ARTIFACTS = Path(settings.BASE_DIR) / "artifacts/screenshots"


def letter(request, fmt):
    with translation.override(request.owner.language):
        context = letters.letter_context(request, link=link_url(request))
        return context, (letters.letter_pdf(context) if fmt == "pdf" else letters.letter_docx(context))


def pdf_text(data: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_the_pdf_letter_is_tagged_with_the_owners_language(owners, request_of):
    _context, data = letter(request_of(owners["water"]), "pdf")
    catalog = PdfReader(io.BytesIO(data)).trailer["/Root"]
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert catalog["/Lang"] == "pl"
    assert "/StructTreeRoot" in catalog


@pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="pdfinfo (poppler-utils) is not installed")
def test_poppler_reads_the_pdf_letter_as_tagged(owners, request_of):
    _context, data = letter(request_of(owners["police"]), "pdf")
    info = subprocess.run(  # noqa: S603
        [shutil.which("pdfinfo"), "-"], input=data, capture_output=True, check=True
    ).stdout.decode()
    fields = dict(line.split(":", 1) for line in info.splitlines() if ":" in line)
    assert fields["Tagged"].strip() == "yes"
    assert int(fields["Pages"]) >= 1


def test_the_pdf_letter_lists_each_indicator_with_its_definition_and_last_years_figure(owners, request_of):
    context, data = letter(request_of(owners["water"]), "pdf")
    text = " ".join(pdf_text(data).split())
    assert "20.1" in text
    assert "8.1" in text
    assert "Rejestr przyłączy" in text
    assert context["due_text"] in text
    assert {row["code"]: row["previous"] for row in context["rows"]}["20.1"] == "97,94 %"
    assert "97,94 %" in text
    assert "Sprawozdanie spółki 2022" in text


def test_the_docx_letter_is_readable_and_says_the_same(owners, request_of):
    context, data = letter(request_of(owners["registry"]), "docx")
    document = Document(io.BytesIO(data))
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert document.core_properties.language == "de"
    assert "14.1" in text
    assert "PPL-01" in text
    assert context["due_text"] in text
    assert any("Nenner" in cell for cell in cells) or any("denominator" in cell for cell in cells)
    signed_at = link_url(request_of(owners["registry"])).rsplit(":", 2)[0]  # the signature's time moves on
    assert signed_at in text


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) is not installed")
def test_the_letters_first_page_renders(owners, request_of):
    _context, data = letter(request_of(owners["water"]), "pdf")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    source = ARTIFACTS / "collection-letter.pdf"
    source.write_bytes(data)
    command = [shutil.which("pdftoppm"), "-png", "-r", "80", "-singlefile", "-f", "1", "-l", "1"]
    subprocess.run([*command, str(source), str(ARTIFACTS / "collection-letter")], check=True)  # noqa: S603
    assert (ARTIFACTS / "collection-letter.png").stat().st_size > 10_000
