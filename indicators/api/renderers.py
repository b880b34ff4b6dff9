"""CSV for list endpoints (`?format=csv`): the same flat fields as the JSON, every row, no pagination."""

from decimal import Decimal

from rest_framework.renderers import BaseRenderer

from indicators.exporting import csv_text
from indicators.numbers import is_plain_decimal


def csv_cell(cell):
    """Decimal strings become numbers, so "-1.5" is not mistaken for a formula (csv_text escapes those)."""
    if cell is None:
        return ""
    if isinstance(cell, str) and is_plain_decimal(cell):
        return Decimal(cell)
    return cell


class CSVRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, dict):  # an error ({"detail": …}) or a single object
            header, records = list(data), [data]
        else:
            header, records = self.header(renderer_context), data
        rows = ([csv_cell(record.get(column)) for column in header] for record in records)
        return csv_text(header, rows).encode(self.charset)

    @staticmethod
    def header(renderer_context) -> list[str]:
        """Columns from the view's serializer, so an empty result still says what its columns are."""
        view = (renderer_context or {}).get("view")
        return list(view.get_serializer().fields) if view is not None else []
