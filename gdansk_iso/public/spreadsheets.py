"""A page's figures as a CSV or XLSX file for people: the long layout, each figure exactly as stored."""

import io

from django.conf import settings
from django.http import Http404, HttpResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from indicators.csv_safe import write_csv
from indicators.exporting import LONG_COLUMNS, XLSX_CONTENT_TYPE, csv_dialect, long_rows, xlsx_bytes
from indicators.models import IndicatorValue, ValueKind
from indicators.numbers import exact_text

SPREADSHEET_CSV_BOM = "\ufeff"  # CSVs for people: Excel reads UTF-8 only after a byte-order mark


def download_rows(values, language: str, for_csv: bool):
    """Long rows with the figure, exactly as stored, written in the language's decimal sign in CSV, a true
    number in XLSX."""
    for value, row in zip(values, long_rows(values), strict=True):
        if for_csv and value.holds is ValueKind.FIGURE:
            row[3] = exact_text(value.value, min_places=value.indicator.decimal_places, language=language)
        yield row


def download(values: list[IndicatorValue], name: str, file_format: str) -> HttpResponse:
    language = get_language() or settings.LANGUAGE_CODE
    if file_format == "csv":
        buffer = io.StringIO()
        buffer.write(SPREADSHEET_CSV_BOM)
        write_csv(buffer, LONG_COLUMNS, download_rows(values, language, True), **csv_dialect(language))
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    elif file_format == "xlsx":
        body = xlsx_bytes({name: (LONG_COLUMNS, download_rows(values, language, False))})
        response = HttpResponse(body, content_type=XLSX_CONTENT_TYPE)
    else:
        raise Http404(_("Unknown file format."))
    response["Content-Disposition"] = f'attachment; filename="{name}.{file_format}"'
    return response
