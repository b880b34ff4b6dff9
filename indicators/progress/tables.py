"""The progress table as files and JSON: one record per indicator, the same for the page's CSV and XLSX,
the API, the data package and the coverage report. Figures exactly as published; computed rates and
ratios written to WRITTEN_PLACES decimals (they are exact Decimals until here)."""

from decimal import Decimal

from ..csv_safe import csv_text
from ..numbers import Figure, exact_text
from . import selectors, wording
from .method import Method
from .selectors import Row

WRITTEN_PLACES = 6  # a rate of 0.021234 is 2.1234 % a year
WRITTEN = Decimal(1).scaleb(-WRITTEN_PLACES)
COLUMNS = [
    "city",
    "indicator",
    "name",
    "theme",
    "unit",
    "higher_is_better",
    "status",
    "status_label",
    "reason",
    "base_year",
    "base",
    "latest_year",
    "latest",
    "rate",
    "target",
    "target_year",
    "target_document",
    "target_document_url",
    "required_rate",
    "ratio",
]
FIELDS = [  # Frictionless Table Schema of COLUMNS (indicators/datapackage.py)
    {"name": "city", "type": "string", "constraints": {"required": True}},
    {"name": "indicator", "type": "string", "description": "Indicator code, text: 16.10 is not 16.1"},
    {"name": "name", "type": "string"},
    {"name": "theme", "type": "integer"},
    {"name": "unit", "type": "string"},
    {"name": "higher_is_better", "type": "boolean"},
    {
        "name": "status",
        "type": "string",
        "constraints": {
            "enum": ["achieved", "substantial", "moderate", "limited", "deterioration", "insufficient"]
        },
    },
    {"name": "status_label", "type": "string"},
    {"name": "reason", "type": "string", "description": "Why there is no status (not enough data)"},
    {"name": "base_year", "type": "integer"},
    {"name": "base", "type": "number", "description": "The published figure of the base year"},
    {"name": "latest_year", "type": "integer"},
    {"name": "latest", "type": "number"},
    {"name": "rate", "type": "number", "description": "Compound change a year: 0.021 is +2.1 %"},
    {"name": "target", "type": "number"},
    {"name": "target_year", "type": "integer"},
    {"name": "target_document", "type": "string"},
    {"name": "target_document_url", "type": "string"},
    {"name": "required_rate", "type": "number", "description": "Change a year needed to reach the target"},
    {"name": "ratio", "type": "number", "description": "rate ÷ required_rate"},
]


def written(number: Decimal | None) -> Decimal | None:
    return None if number is None else number.quantize(WRITTEN)


def record(row: Row, city_slug: str, method: Method | None = None) -> dict:
    """The row with figures as Decimals (Figure: at least the indicator's places) and None for none."""
    indicator, assessment, target = row.indicator, row.assessment, row.target
    places = indicator.decimal_places

    def figure(number):
        return None if number is None else Figure(number, places)

    return {
        "city": city_slug,
        "indicator": indicator.code,
        "name": indicator.name,
        "theme": indicator.theme.number if indicator.theme else None,
        "unit": indicator.unit,
        "higher_is_better": indicator.higher_is_better,
        "status": str(assessment.status),
        "status_label": wording.label(assessment.status),
        "reason": wording.reason_text(assessment, method),
        "base_year": assessment.base_year,
        "base": figure(assessment.base),
        "latest_year": assessment.latest_year,
        "latest": figure(assessment.latest),
        "rate": written(assessment.rate),
        "target": figure(target.value) if target else None,
        "target_year": target.year if target else None,
        "target_document": target.document if target else "",
        "target_document_url": target.document_url if target else "",
        "required_rate": written(assessment.required_rate),
        "ratio": written(assessment.ratio),
    }


def as_text(cell, language: str | None = None):
    """A cell for CSV and JSON: decimals as plain decimal text (a comma for a comma language)."""
    if isinstance(cell, Decimal):
        return exact_text(cell, min_places=getattr(cell, "places", 0), language=language)
    if isinstance(cell, bool):
        return "true" if cell else "false"
    return "" if cell is None else cell


def rows_for_file(records: list[dict], language: str | None = None, *, for_csv: bool = True) -> list[list]:
    return [[as_text(r[c], language) if for_csv else r[c] for c in COLUMNS] for r in records]


def csv_of_every_city() -> str:
    """The open data's progress file: every city with a published figure or target, machine CSV."""
    method = Method.from_settings()
    records = [
        record(row, city.slug, method) for city, rows in selectors.every_city_progress(method) for row in rows
    ]
    return csv_text(COLUMNS, rows_for_file(records))
