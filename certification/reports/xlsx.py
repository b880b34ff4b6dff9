"""XLSX: a summary sheet (facts, counts per theme, totals, level), the detail and the missing list."""

from django.utils.translation import gettext as _

from indicators.exporting import xlsx_bytes

from . import summary_rows


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
    return xlsx_bytes(
        {
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
    )
