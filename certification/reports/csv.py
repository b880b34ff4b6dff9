"""CSV: the detail, one row per indicator (formula-like text escaped)."""

from indicators.csv_safe import csv_text


def render(context: dict) -> bytes:
    header = [label for _key, label in context["columns"]]
    rows = ([cells[key] for key, _label in context["columns"]] for cells in context["details"])
    return csv_text(header, rows).encode("utf-8-sig")
