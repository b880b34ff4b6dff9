"""A page's figures as a CSV or XLSX file for people: the long layout, each figure exactly as stored.

The `value` column holds figures only, so that every tool reads it as numbers: a text value has the
column `text_value`, a gap its sign (x not applicable, . not available) in `gap`; the importer reads
all three back."""

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


PEOPLE_COLUMNS = [*LONG_COLUMNS[:4], "text_value", "gap", *LONG_COLUMNS[4:]]


def download_rows(values, language: str, for_csv: bool):
    """Rows of PEOPLE_COLUMNS with the figure, exactly as stored, written in the language's decimal sign
    in CSV, a true number in XLSX; a text and a gap's sign beside it."""
    for value, row in zip(values, long_rows(values), strict=True):
        city, code, year, exported, *rest = row
        figure = text = sign = ""
        kind = value.holds
        if kind is ValueKind.GAP:
            sign = exported
        elif kind is ValueKind.TEXT:
            text = exported
        elif for_csv:
            figure = exact_text(value.value, min_places=value.indicator.decimal_places, language=language)
        else:
            figure = exported
        yield [city, code, year, figure, text, sign, *rest]


def download(values: list[IndicatorValue], name: str, file_format: str) -> HttpResponse:
    language = get_language() or settings.LANGUAGE_CODE
    if file_format == "csv":
        buffer = io.StringIO()
        buffer.write(SPREADSHEET_CSV_BOM)
        write_csv(buffer, PEOPLE_COLUMNS, download_rows(values, language, True), **csv_dialect(language))
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    elif file_format == "xlsx":
        body = xlsx_bytes({name: (PEOPLE_COLUMNS, download_rows(values, language, False))})
        response = HttpResponse(body, content_type=XLSX_CONTENT_TYPE)
    else:
        raise Http404(_("Unknown file format."))
    response["Content-Disposition"] = f'attachment; filename="{name}.{file_format}"'
    return response
