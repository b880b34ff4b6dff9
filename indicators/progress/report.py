"""The progress section of the coverage report (certification): computed when the report is built, so
a frozen "as audited" copy keeps the statuses of its day, and read in any language afterwards."""

from decimal import Decimal

from django.utils.translation import gettext as _

from ..models import City
from . import selectors, tables, wording
from .method import ORDER, Method, Status


def section(city: City, *, until: int) -> dict:
    """Plain data (a report is stored as JSON): each indicator's status from the figures published up to
    `until`, the last year of the report's period, with the rate and the target."""
    method = Method.from_settings()
    rows = selectors.city_progress(city, selectors.performance_indicators(), method, until=until)
    records = {row.indicator.code: tables.record(row, city.slug, method) for row in rows}
    kept = ("status", "base_year", "latest_year", "rate", "target", "target_year", "required_rate")
    return {
        "base_year": method.base_year,
        "until": until,
        "counts": {str(status): count for status, count in selectors.status_counts(rows)},
        "rows": {
            code: {name: tables.as_text(record[name]) if record[name] is not None else None for name in kept}
            for code, record in records.items()
        },
    }


def localized(progress: dict | None) -> dict | None:
    """The section for one language (call inside translation.override): counts and a text per indicator."""
    if not progress:
        return None
    return {
        "base_year": progress["base_year"],
        "until": progress["until"],
        "counts": [
            (wording.ICONS[status], wording.label(status), progress["counts"].get(str(status), 0))
            for status in ORDER
        ],
        "by_code": {code: row_text(row) for code, row in progress["rows"].items()},
    }


def row_text(row: dict) -> str:
    """ "substantial progress (+2.1 % a year since 2016; target 5 by 2030)"."""
    status = Status(row["status"])
    text = wording.label(status)
    facts = []
    if row["rate"] is not None:
        facts.append(
            _("%(rate)s a year since %(year)s")
            % {"rate": wording.rate_text(Decimal(row["rate"])), "year": row["base_year"]}
        )
    if row["target"] is not None:
        facts.append(
            _("target %(target)s by %(year)s") % {"target": row["target"], "year": row["target_year"]}
        )
    return f"{text} ({'; '.join(facts)})" if facts else text


def sheet(progress: dict, details: list[dict]) -> tuple[list, list[list]]:
    """The report workbook's progress sheet: the counts, then each indicator's status."""
    rows = [[label, count] for _icon, label, count in progress["counts"]]
    rows += [[], [_("code"), _("name"), _("progress toward the target")]]
    rows += [[cells["code"], cells["name"], cells["progress"]] for cells in details if cells["progress"]]
    title = _("Progress toward the targets, from figures published up to %(year)s (base year %(base)s)")
    return [title % {"year": progress["until"], "base": progress["base_year"]}], rows
