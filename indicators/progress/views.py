"""The progress page: every indicator of a city with its status, filtered, sorted, downloadable; and the
method page. Published figures and targets only; a fixed number of queries; cached by data version."""

import io
from dataclasses import dataclass

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ..csv_safe import write_csv
from ..exporting import XLSX_CONTENT_TYPE, csv_dialect, xlsx_bytes
from ..models import CURRENT_EDITION, City, Theme
from ..params import BadParameter, parse_id
from ..site_cache import cached_page
from . import selectors, tables, wording
from .method import ORDER, Method, Status

SPREADSHEET_CSV_BOM = "\ufeff"  # Excel reads UTF-8 only after a byte-order mark
SORTS = ("code", "theme", "status", "rate")


@dataclass(frozen=True)
class Choice:
    """What the visitor asked for, read from the query string (a 400 page for what cannot be read)."""

    city: City
    theme: Theme | None
    status: Status | None
    sort: str
    descending: bool

    @property
    def query(self) -> str:
        parts = [f"city={self.city.slug}"]
        if self.theme is not None:
            parts.append(f"theme={self.theme.number}")
        if self.status is not None:
            parts.append(f"status={self.status}")
        return "&".join(parts)


def read_choice(request, themes: list[Theme]) -> Choice:
    slug = request.GET.get("city", "")
    city = get_object_or_404(City, slug=slug) if slug else City.objects.home()
    number = parse_id(request.GET.get("theme"), parameter="theme")
    theme = next((t for t in themes if t.number == number), None)
    if number is not None and theme is None:
        raise Http404(_("Unknown theme."))
    status = request.GET.get("status", "")
    if status and status not in Status.__members__.values():
        raise BadParameter(_("“status” must be one of: %(statuses)s.") % {"statuses": ", ".join(Status)})
    sort = request.GET.get("sort", "code")
    descending = sort.startswith("-")
    sort = sort.removeprefix("-")
    if sort not in SORTS:
        raise BadParameter(_("“sort” must be one of: %(sorts)s.") % {"sorts": ", ".join(SORTS)})
    return Choice(city, theme, Status(status) if status else None, sort, descending)


def sort_key(sort: str):
    if sort == "theme":
        return lambda row: (row.indicator.theme.number, row.indicator.sort_key)
    if sort == "status":
        return lambda row: (ORDER.index(row.status), row.indicator.sort_key)
    if sort == "rate":
        return progress_rate
    return lambda row: row.indicator.sort_key


def progress_rate(row):
    """The rate in the desired direction: higher is better progress, whatever the indicator's direction."""
    rate = row.assessment.rate
    return rate if row.indicator.higher_is_better else -rate


def chosen_rows(choice: Choice, method: Method) -> tuple[list[selectors.Row], list[selectors.Row]]:
    """(every row of the chosen theme, those of the chosen status in the chosen order: rows without a
    rate come last when sorted by rate, in either direction)."""
    indicators = selectors.performance_indicators(choice.theme)
    rows = selectors.city_progress(choice.city, indicators, method)
    shown = [row for row in rows if choice.status is None or row.status == choice.status]
    key = sort_key(choice.sort)
    known = [row for row in shown if not (choice.sort == "rate" and row.assessment.rate is None)]
    unknown = [row for row in shown if choice.sort == "rate" and row.assessment.rate is None]
    return rows, sorted(known, key=key, reverse=choice.descending) + unknown


@cached_page
def progress_page(request):
    themes = list(Theme.objects.filter(edition=CURRENT_EDITION))
    choice = read_choice(request, themes)
    method = Method.from_settings()
    rows, shown = chosen_rows(choice, method)
    return render(
        request,
        "progress/progress.html",
        {
            "choice": choice,
            "city": choice.city,
            "cities": list(City.objects.order_by("name").only("name", "slug")),
            "themes": themes,
            "statuses": [(status, wording.label(status), wording.ICONS[status]) for status in ORDER],
            "counts": selectors.status_counts(rows),
            "rows": [presented(row, method) for row in shown],
            "headers": sort_headers(choice),
            "sort_options": [
                ("code", _("by code")),
                ("theme", _("by theme")),
                ("status", _("best status first")),
                ("-rate", _("fastest progress first")),
                ("rate", _("slowest progress first")),
            ],
            "sort_value": f"{'-' if choice.descending else ''}{choice.sort}",
            "method": method,
        },
    )


def sort_headers(choice: Choice) -> dict[str, dict]:
    """Each sortable column's link (the other direction when it is the current order) and aria-sort."""
    headers = {}
    for sort in SORTS:
        current = choice.sort == sort
        descending = current and not choice.descending
        headers[sort] = {
            "href": f"?{choice.query}&sort={'-' if descending else ''}{sort}",
            "aria_sort": ("descending" if choice.descending else "ascending") if current else "",
        }
    return headers


def presented(row: selectors.Row, method: Method) -> dict:
    assessment, places = row.assessment, row.indicator.decimal_places
    return {
        "row": row,
        "label": wording.label(row.status),
        "icon": wording.ICONS[row.status],
        "reason": wording.reason_text(assessment, method),
        "base": wording.figure_text(assessment.base, places),
        "latest": wording.figure_text(assessment.latest, places),
        "rate": wording.rate_text(assessment.rate),
        "target": wording.figure_text(row.target.value, places) if row.target else "",
        "required": wording.rate_text(assessment.required_rate),
    }


@cached_page
def progress_download(request, file_format):
    themes = list(Theme.objects.filter(edition=CURRENT_EDITION))
    choice = read_choice(request, themes)
    method = Method.from_settings()
    _rows, shown = chosen_rows(choice, method)
    records = [tables.record(row, choice.city.slug, method) for row in shown]
    name = f"{choice.city.slug}-progress" + (f"-theme-{choice.theme.number}" if choice.theme else "")
    language = get_language() or settings.LANGUAGE_CODE
    if file_format == "csv":
        buffer = io.StringIO()
        buffer.write(SPREADSHEET_CSV_BOM)
        write_csv(buffer, tables.COLUMNS, tables.rows_for_file(records, language), **csv_dialect(language))
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    elif file_format == "xlsx":
        sheet = (tables.COLUMNS, tables.rows_for_file(records, for_csv=False))
        response = HttpResponse(xlsx_bytes({"progress": sheet}), content_type=XLSX_CONTENT_TYPE)
    else:
        raise Http404(_("Unknown file format."))
    response["Content-Disposition"] = f'attachment; filename="{name}.{file_format}"'
    return response


@cached_page
def method_page(request):
    method = Method.from_settings()
    return render(
        request,
        "progress/method.html",
        {
            "method": method,
            "rate_thresholds": [wording.rate_text(t) for t in method.rate_thresholds],
            "ratio_thresholds": [wording.figure_text(t, 2) for t in method.ratio_thresholds],
            "statuses": [(status, wording.label(status), wording.ICONS[status]) for status in ORDER],
        },
    )
