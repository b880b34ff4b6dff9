"""XLSX: a summary sheet (facts, counts per theme, totals, level), the detail and the missing list."""

from django.utils.translation import gettext as _

from indicators.exporting import xlsx_bytes
from indicators.progress import report as progress_report

from . import change_rows, summary_rows


def render(context: dict) -> bytes:
    summary = [
        *summary_rows(context),
        [],
        [_("Theme"), _("Core reported"), _("Supporting reported")],
        *(
            [f"{theme['number']}. {theme['name']}", theme["core"], theme["supporting"]]
            for theme in context["theme_rows"]
        ),
        [_("Total"), context["core"], context["supporting"]],
        [],
        [_("Status"), _("Indicators")],
        *([label, count] for label, count in context["statuses"]),
    ]
    columns = context["columns"]
    missing_columns = [
        column for column in columns if column[0] in ("code", "theme", "kind", "name", "status")
    ]
    sheets = {
        _("Summary"): ([_("Coverage report"), context["city"]], summary),
        _("Detail"): (
            [label for _key, label in columns],
            ([cells[key] for key, _label in columns] for cells in context["details"]),
        ),
        _("Missing"): (
            [label for _key, label in missing_columns],
            ([cells[key] for key, _label in missing_columns] for cells in context["missing"]),
        ),
    }
    if context["changes"]:
        header = [
            _("Change since %(cycle)s") % {"cycle": context["changes"]["previous"]},
            _("code"),
            _("name"),
            _("year"),
            _("earlier figure"),
            _("figure"),
            _("revised at"),
            _("revision note"),
        ]
        sheets[_("Changes")] = (header, change_rows(context["changes"]))
    if context["progress"]:
        sheets[_("Progress")] = progress_report.sheet(context["progress"], context["details"])
    return xlsx_bytes(sheets)
