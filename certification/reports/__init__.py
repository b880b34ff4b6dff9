"""The coverage report as files: one localised reading of the report dict feeds XLSX, CSV and PDF alike."""

import datetime
from decimal import Decimal
from importlib import import_module

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from indicators.exporting import XLSX_CONTENT_TYPE
from indicators.models import Indicator
from indicators.progress import report as progress_report

from ..coverage import GAP_STATUSES, REPORTED, STATUS_LABELS, moment, person

FORMATS = {
    "xlsx": XLSX_CONTENT_TYPE,
    "csv": "text/csv; charset=utf-8",
    "pdf": "application/pdf",
}
DETAIL_COLUMNS = [
    ("code", gettext_lazy("code")),
    ("theme", gettext_lazy("theme")),
    ("kind", gettext_lazy("kind")),
    ("name", gettext_lazy("name")),
    ("value", gettext_lazy("value")),
    ("unit", gettext_lazy("unit")),
    ("year", gettext_lazy("year")),
    ("source", gettext_lazy("source")),
    ("notes", gettext_lazy("notes")),
    ("evidence", gettext_lazy("evidence")),
    ("status", gettext_lazy("status")),
    ("reason", gettext_lazy("reason (not applicable, not available)")),
    ("entered_by", gettext_lazy("entered by")),
    ("entered_at", gettext_lazy("entered at")),
    ("verified_by", gettext_lazy("verified by")),
    ("verified_at", gettext_lazy("verified at")),
    ("years_reported", gettext_lazy("years reported in the period")),
    ("progress", gettext_lazy("progress toward the target")),
]


def in_language(texts: dict | None, language: str) -> str:
    if not texts:
        return ""
    return texts.get(language) or next(iter(texts.values()), "")


def fraction(count: dict) -> str:
    return f"{count['reported']}/{count['total']}"


def display_moment(iso: str) -> str:
    return datetime.datetime.fromisoformat(iso).strftime("%Y-%m-%d %H:%M") if iso else ""


def kind_label(kind: str) -> str:
    return str(Indicator.Kind(kind).label)


def detail_cells(row: dict, language: str) -> dict:
    """One indicator's detail as display values; numbers stay Decimal for the spreadsheet."""
    value = row["value"]
    if value is not None and row["is_number"]:
        value = Decimal(value)
    return {
        "code": row["code"],
        "theme": in_language(row["theme"], language),
        "kind": kind_label(row["kind"]),
        "name": in_language(row["name"], language),
        "value": "" if value is None else value,
        "unit": in_language(row["unit"], language),
        "year": row["year"] or "",
        "source": row["source"],
        "notes": row["notes"],
        "evidence": row.get("evidence", ""),
        "status": str(STATUS_LABELS[row["status"]]),
        "status_code": row["status"],
        "reason": row.get("reason", ""),  # reports frozen before gaps existed have none
        "entered_by": row["entered_by"],
        "entered_at": display_moment(row["entered_at"]),
        "verified_by": row["verified_by"],
        "verified_at": display_moment(row["verified_at"]),
        "years_reported": ", ".join(str(year) for year in row["years_reported"]),
    }


def localize(report: dict, language: str, snapshot=None) -> dict:
    """Everything a renderer shows, in one language; call inside translation.override(language)."""
    certificate = report["certificate"]
    level = report["level"]
    thresholds = report["thresholds"]
    details = [detail_cells(row, language) for row in report["rows"]]
    progress = progress_report.localized(report.get("progress"))  # reports frozen before it have none
    for cells in details:
        cells["progress"] = progress["by_code"].get(cells["code"], "") if progress else ""
    themes: dict[str, list[dict]] = {}
    for cells in details:
        themes.setdefault(cells["theme"], []).append(cells)
    totals = report["totals"]
    return {
        "language": language,
        "city": in_language(report["city"]["name"], language),
        "standard": report["standard"],
        "period": report["period"],
        "is_cycle": certificate is not None,
        "certificate": certificate_label(certificate),
        "generated_at": display_moment(report["generated_at"]),
        "level": level_name(level, report["thresholds"], language),
        "levels_source": "; ".join(dict.fromkeys(filter(None, (t.get("source") for t in thresholds)))),
        "levels_confirmed": all(threshold["confirmed"] for threshold in report["thresholds"]),
        "thresholds": [
            {**threshold, "name": in_language(threshold["name"], language)}
            for threshold in report["thresholds"]
        ],
        "theme_rows": [
            {
                "number": theme["number"],
                "name": in_language(theme["name"], language),
                "core": fraction(theme["core"]),
                "supporting": fraction(theme["supporting"]),
            }
            for theme in report["themes"]
        ],
        "core": fraction(totals["core"]),
        "supporting": fraction(totals["supporting"]),
        "profile": fraction(totals["profile"]),
        "performance": fraction(totals["performance"]),
        "statuses": [
            (str(label), report["statuses"][code])
            for code, label in STATUS_LABELS.items()
            if code in report["statuses"]  # a public report has no "draft only" count
        ],
        "performance_statuses": [
            (code, str(label), report["performance_statuses"][code])
            for code, label in STATUS_LABELS.items()
            if code in report.get("performance_statuses", {})
        ],
        "totals": totals,
        "gaps": [cells for cells in details if cells["status_code"] in GAP_STATUSES],
        "columns": [(key, str(label)) for key, label in DETAIL_COLUMNS],
        "details": details,
        "details_by_theme": list(themes.items()),
        "missing": [cells for cells in details if cells["status_code"] != REPORTED],
        "snapshot": snapshot_facts(snapshot),
        "changes": localized_changes(report.get("changes"), language),
        "progress": progress,
    }


def localized_changes(changes: dict | None, language: str) -> dict | None:
    """The changes since the previous cycle, in one language (None for a year or a first cycle)."""
    if not changes:
        return None

    def listed(rows):
        return [
            {"code": row["code"], "kind": kind_label(row["kind"]), "name": in_language(row["name"], language)}
            for row in rows
        ]

    return {
        "previous": certificate_label(changes["previous"]),
        "previous_years": f"{changes['previous']['first_year']}–{changes['previous']['last_year']}",
        "newly_reported": listed(changes["newly_reported"]),
        "no_longer_reported": listed(changes["no_longer_reported"]),
        "revised": [
            {
                **revision,
                "name": in_language(revision["name"], language),
                "revised_at": display_moment(revision["revised_at"]),
            }
            for revision in changes["revised"]
        ],
    }


def change_rows(changes: dict | None) -> list[list]:
    """The changes as spreadsheet rows: what changed, code, name, year, earlier figure, figure, note."""
    if not changes:
        return []
    rows = [[_("Newly reported"), row["code"], row["name"]] for row in changes["newly_reported"]]
    rows += [[_("No longer reported"), row["code"], row["name"]] for row in changes["no_longer_reported"]]
    rows += [
        [
            _("Revised after publication"),
            row["code"],
            row["name"],
            row["year"],
            row["earlier"],
            row["figure"],
            row["revised_at"],
            row["note"],
        ]
        for row in changes["revised"]
    ]
    return rows


def level_name(level: dict | None, thresholds: list[dict], language: str) -> str:
    """The level reached; "none" when levels exist but none is reached, or that no level is configured."""
    if level:
        return in_language(level["name"], language)
    return _("none") if thresholds else _("levels not configured")


def certificate_label(certificate: dict | None) -> str:
    if certificate is None:
        return ""
    parts = [certificate["standard"], _("cycle %(number)s") % {"number": certificate["cycle_number"]}]
    if certificate["number"]:
        parts.append(_("no. %(number)s") % {"number": certificate["number"]})
    if certificate["body"]:
        parts.append(certificate["body"])
    return ", ".join(parts)


def snapshot_facts(snapshot) -> dict | None:
    if snapshot is None:
        return None
    return {
        "checksum": snapshot.checksum,
        "frozen_by": person(snapshot.created_by),
        "frozen_at": display_moment(moment(snapshot.created_at)),
        "uuid": str(snapshot.uuid),
    }


def summary_rows(context: dict) -> list[list]:
    """The summary as label/value pairs, shared by the XLSX summary sheet and the pages."""
    rows = [
        [_("City"), context["city"]],
        [_("Standard"), context["standard"]],
        [_("Certification cycle") if context["is_cycle"] else _("Year"), context["period"]],
    ]
    if context["certificate"]:
        rows.append([_("Certificate"), context["certificate"]])
    rows += [
        [_("Generated at"), context["generated_at"]],
        [_("Core indicators reported"), context["core"]],
        [_("Supporting indicators reported"), context["supporting"]],
        [_("Core and supporting indicators reported"), context["performance"]],
        [_("Profile indicators reported"), context["profile"]],
        [_("Level supported (WCCD)"), context["level"]],
    ]
    if context["levels_source"]:
        rows.append([_("Source of the level thresholds"), context["levels_source"]])
    if not context["levels_confirmed"]:
        rows.append([_("Note"), _("The level thresholds are commonly quoted figures, not confirmed.")])
    if context["snapshot"]:
        rows += [
            [_("Frozen by"), context["snapshot"]["frozen_by"]],
            [_("Frozen at"), context["snapshot"]["frozen_at"]],
            [_("SHA-256 of the frozen report"), context["snapshot"]["checksum"]],
        ]
    return rows


def render(report: dict, file_format: str, language: str, snapshot=None) -> bytes:
    """Each format's module is imported when its format is asked for: WeasyPrint only for a PDF."""
    if file_format not in FORMATS:
        raise ValueError(f"unknown report format {file_format!r}")
    renderer = import_module(f"{__package__}.{file_format}").render
    with translation.override(language):
        return renderer(localize(report, language, snapshot))


def file_name(report: dict, file_format: str, snapshot=None) -> str:
    period = report["period"].replace("–", "-")
    suffix = f"_frozen_{snapshot.checksum[:12]}" if snapshot else ""
    return f"coverage_{report['city']['slug']}_{period}{suffix}.{file_format}"
