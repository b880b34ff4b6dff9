"""The request that writes itself: one letter per owner, in the owner's language, as PDF and DOCX.

Both are built from one context (letter_context), so they say the same: each indicator asked for with
its ISO 37120 definition, unit, the part asked (the figure, or the numerator or denominator), the
owner's note, last year's published figure and its source, the due date and the personal link. The
caller activates the owner's language (translation.override) before building the context.

The PDF is tagged PDF/UA-1 as the auditors' reports are (public bodies in Poland publish accessible
documents); its template has no links to fetch and the URL fetcher takes data: URLs only, so no text
in the catalogue or a note can make the renderer read a file or call the network.
"""

import io

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from indicators.numbers import format_number

from .models import Part, RoundItem, RoundRequest
from .selectors import items_of, last_year_figures

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def part_label(item: RoundItem) -> str:
    indicator = item.indicator
    if item.part == Part.NUMERATOR:
        return _("the numerator: %(what)s") % {"what": indicator.numerator or _("as defined")}
    if item.part == Part.DENOMINATOR:
        return _("the denominator: %(what)s") % {"what": indicator.denominator or _("as defined")}
    return _("the figure")


def figure_text(value, language: str) -> str:
    if value is None:
        return "—"
    places, unit = value.indicator.decimal_places, value.indicator.unit
    return value.reads(figure=lambda figure: f"{format_number(figure, places, language)} {unit}".strip())


def letter_context(request: RoundRequest, *, link: str, missing: list[RoundItem] | None = None) -> dict:
    """What a letter says, in the active language; `missing`: only these items (a reminder)."""
    collection_round = request.round
    items = missing if missing is not None else items_of(request)
    previous = last_year_figures(collection_round, {item.indicator_id for item in items})
    language = get_language()
    rows = []
    for item in items:
        value = previous.get(item.indicator_id)
        rows.append(
            {
                "code": item.indicator.code,
                "name": item.indicator.name,
                "definition": item.indicator.definition,
                "unit": item.indicator.unit,
                "asked": part_label(item),
                "note": item.note,
                "previous": figure_text(value, language),
                "previous_source": value.source if value is not None else "",
            }
        )
    return {
        "language": language,
        "owner": request.owner.name,
        "contacts": [contact.name for contact in request.owner.contacts.all()],
        "city": collection_round.city.name,
        "year": collection_round.year,
        "previous_year": collection_round.year - 1,
        "due_text": date_format(collection_round.due_date, "DATE_FORMAT"),
        "today_text": date_format(timezone.localdate(), "DATE_FORMAT"),
        "expires_text": date_format(timezone.localtime(request.link_expires_at), "DATE_FORMAT"),
        "link": link,
        "rows": rows,
        "title": _("Request for figures for %(city)s, %(year)s")
        % {
            "city": collection_round.city.name,
            "year": collection_round.year,
        },
    }


def file_name(request: RoundRequest) -> str:
    return slugify(f"{request.round.city.slug}-{request.round.year}-{request.owner.name}")[:80]


def letter_pdf(context: dict) -> bytes:
    from weasyprint import HTML, URLFetcher  # imported when a letter is written: it slows every start

    html = render_to_string("collection/letter_pdf.html", context)
    fetcher = URLFetcher(allowed_protocols={"data"}, allow_redirects=False)
    return HTML(string=html, base_url="data:,", url_fetcher=fetcher).write_pdf(pdf_variant="pdf/ua-1")


def letter_docx(context: dict) -> bytes:
    """The same letter for the city's letterhead: plain paragraphs and one table per indicator."""
    from docx import Document  # imported when a letter is written: it slows every start

    document = Document()
    document.core_properties.title = context["title"]
    document.core_properties.language = context["language"]
    document.add_paragraph(context["today_text"])
    document.add_paragraph(context["owner"])
    document.add_heading(context["title"], level=1)
    for paragraph in letter_paragraphs(context):
        document.add_paragraph(paragraph)
    for row in context["rows"]:
        document.add_heading(f"{row['code']} {row['name']}", level=2)
        table = document.add_table(rows=0, cols=2)
        table.style = "Table Grid"
        for label, text in letter_row_cells(row, context):
            cells = table.add_row().cells
            cells[0].text, cells[1].text = label, text
    document.add_paragraph("")
    document.add_paragraph(_("Thank you for your help."))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def letter_paragraphs(context: dict) -> list[str]:
    return [
        _(
            "The city of %(city)s reports its indicators under ISO 37120 each year. Please give us the "
            "figures for %(year)s listed below by %(due)s."
        )
        % {"city": context["city"], "year": context["year"], "due": context["due_text"]},
        _(
            "Give them through your personal link, without an account: %(link)s — it opens a page with "
            "exactly these indicators, where you type or upload each figure with its source; it works "
            "until %(expires)s. Please do not forward it."
        )
        % {"link": context["link"], "expires": context["expires_text"]},
    ]


def letter_row_cells(row: dict, context: dict) -> list[tuple[str, str]]:
    return [
        (_("Definition (ISO 37120)"), row["definition"] or "—"),
        (_("Unit"), row["unit"] or "—"),
        (_("Asked for"), row["asked"]),
        (_("Note for you"), row["note"] or "—"),
        (
            _("Published figure for %(year)s") % {"year": context["previous_year"]},
            row["previous"],
        ),
        (_("Its source"), row["previous_source"] or "—"),
    ]


def email_text(context: dict, *, reminder: bool) -> str:
    lines = [_("Dear %(owner)s,") % {"owner": context["owner"]}, ""]
    if reminder:
        lines.append(
            _("we are still waiting for these figures for %(city)s, %(year)s, due %(due)s:")
            % {"city": context["city"], "year": context["year"], "due": context["due_text"]}
        )
    else:
        lines.append(
            _("please give us these figures for %(city)s, %(year)s by %(due)s:")
            % {"city": context["city"], "year": context["year"], "due": context["due_text"]}
        )
    lines.extend(f"- {row['code']} {row['name']} ({row['asked']})" for row in context["rows"])
    lines += [
        "",
        _("Your personal link (no account needed; valid until %(expires)s; please do not forward it):")
        % {"expires": context["expires_text"]},
        context["link"],
        "",
        _("The attached letter (PDF and DOCX) explains each indicator."),
        "",
        _("Thank you for your help."),
    ]
    return "\n".join(lines)
