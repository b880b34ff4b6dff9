"""The open data as a Frictionless Data Package: the Table Schema of each download, so machines read
codes as text (16.10 stays 16.10), figures as numbers and text values from their own column.

https://specs.frictionlessdata.io/data-package/ — checked by `frictionless validate`.
"""

from django.conf import settings

from indicators.exporting import XLSX_CONTENT_TYPE
from indicators.models import ValueKind
from indicators.progress.tables import FIELDS as PROGRESS_FIELDS

VALUE_FIELDS = [
    {"name": "city", "type": "string", "description": "City (slug)", "constraints": {"required": True}},
    {
        "name": "indicator",
        "type": "string",
        "description": "Indicator code, text: 16.10 is not 16.1",
        "constraints": {"required": True},
    },
    {"name": "year", "type": "integer", "constraints": {"required": True}},
    {"name": "value", "type": "number", "description": "The figure, for numeric indicators"},
    {"name": "text_value", "type": "string", "description": "The value, for text indicators"},
    {"name": "unit", "type": "string"},
    {"name": "source", "type": "string"},
    {"name": "notes", "type": "string"},
    {"name": "status", "type": "string", "constraints": {"enum": ["published"]}},
    {
        "name": "gap",
        "type": "string",
        "description": "Instead of a figure: the indicator is not applicable or not available",
        "constraints": {"enum": ["not_applicable", "not_available"]},
    },
    {"name": "gap_reason", "type": "string", "description": "Why there is no figure (with a gap)"},
]
VALUE_COLUMNS = [field["name"] for field in VALUE_FIELDS]
TRANSLATED = ("name", "unit", "definition")
METADATA_FIELDS = [
    {"name": "edition", "type": "integer"},
    {"name": "code", "type": "string", "description": "Indicator code, text"},
    {"name": "theme", "type": "integer", "description": "Theme number; empty for profile indicators"},
    {"name": "kind", "type": "string", "constraints": {"enum": ["core", "supporting", "profile"]}},
    *(
        {"name": f"{field}_{code}", "type": "string"}
        for field in TRANSLATED
        for code, _name in settings.LANGUAGES
    ),
    {"name": "source", "type": "string"},
    {"name": "licence", "type": "string"},
]
METADATA_COLUMNS = [field["name"] for field in METADATA_FIELDS]


def open_data_rows(values, rows):
    """Long rows with the figure split: numbers in `value`, text in `text_value`, a gap in `gap`
    (VALUE_COLUMNS order)."""
    for value, row in zip(values, rows, strict=True):
        city, indicator, year, figure, *rest, reason = row
        kind = value.holds
        number = figure if kind is ValueKind.FIGURE else ""
        text = figure if kind is ValueKind.TEXT else ""
        yield [city, indicator, year, number, text, *rest, value.gap, reason]


def resource(name: str, path: str, fields: list[dict], file_format: str = "csv") -> dict:
    described = {"name": name, "path": path, "profile": "tabular-data-resource", "format": file_format}
    if file_format == "csv":
        described.update(mediatype="text/csv", encoding="utf-8")
    else:
        described["mediatype"] = XLSX_CONTENT_TYPE
    return {**described, "schema": {"fields": fields, "missingValues": [""]}}


def values_resource(path: str, file_format: str = "csv") -> dict:
    return resource(path.lower(), path, VALUE_FIELDS, file_format)


def metadata_resource(path: str) -> dict:
    return resource(path.lower(), path, METADATA_FIELDS)


def progress_resource(path: str) -> dict:
    """Every city's progress status per indicator, with each component of the calculation."""
    return resource(path.lower(), path, PROGRESS_FIELDS)


def descriptor(resources: list[dict]) -> dict:
    """The datapackage.json of a set of files (paths relative to it)."""
    return {
        "profile": "tabular-data-package",
        "name": "iso37120-indicators",
        "title": "ISO 37120 city indicators: published values",
        "licenses": [
            {
                "name": settings.OPEN_DATA_LICENCE_ID,
                "title": settings.OPEN_DATA_LICENCE,
                "path": settings.OPEN_DATA_LICENCE_URL,
            }
        ],
        "resources": resources,
    }
