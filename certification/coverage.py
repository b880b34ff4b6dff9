"""Coverage of the ISO 37120 catalogue for a city and a period: one year, or a certificate's cycle.

The report is plain JSON-ready data. The auditors' pages, the three file formats, the API and the
frozen snapshots all render this one dict, so a snapshot reads exactly like the report it froze.
Only published values (indicators.selectors.published_values) ever appear in it: a draft is counted
as "draft only", never shown, never reported.

The counting rule, the one every output uses: an indicator is *reported* with a published figure (or text)
of the period; else *not applicable* / *not available* with a published gap of the period and its reason;
else *stale* with a published figure of an earlier year; else *draft only* with an unpublished value of
the period; else *missing*. Only reported indicators count for a certification level.
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from indicators.evidence import evidence_label
from indicators.exporting import exported
from indicators.models import CURRENT_EDITION, City, Edition, Indicator, IndicatorValue, ValueKind
from indicators.numbers import Figure
from indicators.progress import report as progress_report
from indicators.selectors import published_revisions, published_values

from .models import Certificate, Level

FORMAT_VERSION = 1
REPORTED, STALE, DRAFT_ONLY, MISSING = "reported", "stale", "draft", "missing"
NOT_APPLICABLE, NOT_AVAILABLE = IndicatorValue.Gap.values
GAP_STATUSES = (NOT_APPLICABLE, NOT_AVAILABLE)
STATUS_LABELS = {
    REPORTED: _("reported"),
    NOT_APPLICABLE: _("not applicable"),
    NOT_AVAILABLE: _("not available"),
    DRAFT_ONLY: _("draft only"),
    STALE: _("stale"),
    MISSING: _("missing"),
}
KINDS = [Indicator.Kind.CORE, Indicator.Kind.SUPPORTING, Indicator.Kind.PROFILE]


@dataclass(frozen=True)
class Period:
    """What a report covers: a city and its years, taken from a certificate's cycle or given as one year."""

    city: City
    years: tuple[int, ...]
    certificate: Certificate | None = None

    @property
    def edition(self) -> int:
        if self.certificate and self.certificate.standard.indicator_edition:
            return self.certificate.standard.indicator_edition
        return CURRENT_EDITION

    @property
    def label(self) -> str:
        first, last = self.years[0], self.years[-1]
        return str(first) if first == last else f"{first}–{last}"


def period_for_year(city: City, year: int) -> Period:
    return Period(city=city, years=(year,))


def period_for_certificate(certificate: Certificate) -> Period:
    """The certificate's cycle; ValueError when its years are not known (nothing to report on)."""
    if not certificate.years:
        raise ValueError(_("The years of this certificate are not known, so its cycle cannot be reported."))
    return Period(city=certificate.city, years=tuple(certificate.years), certificate=certificate)


def in_all_languages(obj, field: str) -> dict[str, str]:
    """A translated field as {language: text}, so a frozen report can be read in any language later."""
    fallback = getattr(obj, field) or ""
    return {code: getattr(obj, f"{field}_{code}", None) or fallback for code, _name in settings.LANGUAGES}


def label_in_all_languages(label) -> dict[str, str]:
    texts = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            texts[code] = str(label)
    return texts


def person(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


def moment(when) -> str:
    return timezone.localtime(when).isoformat(timespec="seconds") if when else ""


def build_report(
    period: Period,
    *,
    now=None,
    drafts_shown: bool = True,
    with_changes: bool = True,
    with_progress: bool = True,
) -> dict:
    """Every indicator's status for the period, the counts per theme and kind, and the level supported;
    for a certificate's cycle also the changes since the previous cycle (unless with_changes is False);
    progress toward the targets at the period's end (indicators.progress; unless with_progress is False).

    drafts_shown=False (the public): an indicator with only unpublished values is "missing", and the
    report has no "draft only" count, so it never tells that unpublished values exist.
    """
    rows = report_rows(period, drafts_shown=drafts_shown)
    return {
        "format_version": FORMAT_VERSION,
        "city": {"slug": period.city.slug, "name": in_all_languages(period.city, "name")},
        "standard": period.certificate.standard.code if period.certificate else Edition(period.edition).label,
        "edition": period.edition,
        "certificate": certificate_facts(period.certificate),
        "years": list(period.years),
        "period": period.label,
        "generated_at": moment(now or timezone.now()),
        **summarise(rows, period.edition, drafts_shown=drafts_shown),
        "rows": rows,
        "changes": cycle_changes(period, rows) if period.certificate and with_changes else None,
        "progress": (
            progress_report.section(period.city, until=period.years[-1])
            if with_progress and period.edition == CURRENT_EDITION
            else None
        ),
    }


def report_rows(period: Period, *, drafts_shown: bool = True) -> list[dict]:
    """One row per indicator of the period's edition: its status and its latest published value.

    Which value is each indicator's latest is decided from (id, indicator, year, gap) tuples; only those
    few values are read whole, not every published year of the city's history."""
    years = period.years
    indicators = list(
        Indicator.objects.of_edition(period.edition).select_related("theme").order_by("sort_key")
    )
    published = published_values(city=period.city).filter(
        indicator__edition=period.edition, year__lte=years[-1]
    )
    latest_ids: dict[int, int] = {}
    gap_ids: dict[int, int] = {}  # the latest published gap of the period
    years_reported: dict[int, list[int]] = defaultdict(list)
    keys = published.order_by("indicator_id", "-year").values_list("pk", "indicator_id", "year", "gap")
    for pk, indicator_id, year, gap in keys:
        if gap:
            if year in years:
                gap_ids.setdefault(indicator_id, pk)
            continue
        latest_ids.setdefault(indicator_id, pk)
        if year in years:
            years_reported[indicator_id].append(year)
    shown = published.select_related("created_by", "verified_by").in_bulk(
        [*latest_ids.values(), *gap_ids.values()]
    )
    with_drafts = set()
    if drafts_shown:
        with_drafts = set(
            IndicatorValue.objects.for_city(period.city)
            .filter(indicator__edition=period.edition, year__in=years)
            .exclude(pk__in=published.values("pk"))
            .values_list("indicator_id", flat=True)
        )
    return [
        indicator_row(
            indicator,
            shown.get(latest_ids.get(indicator.pk)),
            sorted(years_reported[indicator.pk]),
            with_drafts,
            years,
            gap=shown.get(gap_ids.get(indicator.pk)),
            evidence_shown=drafts_shown,
        )
        for indicator in indicators
    ]


def previous_cycle(certificate: Certificate) -> Certificate | None:
    """The latest earlier cycle of the same standard family for the city, with known years."""
    return (
        Certificate.objects.for_city(certificate.city)
        .filter(
            standard__family=certificate.standard.family,
            cycle_number__lt=certificate.cycle_number,
            first_year__isnull=False,
            last_year__isnull=False,
        )
        .order_by("-cycle_number")
        .first()
    )


def change_row(row: dict) -> dict:
    return {"code": row["code"], "kind": row["kind"], "name": row["name"]}


def cycle_changes(period: Period, rows: list[dict]) -> dict | None:
    """Since the previous cycle: indicators newly reported, no longer reported, and published figures of
    this cycle's years that were revised after publication (from the values' history)."""
    previous = previous_cycle(period.certificate)
    if previous is None:
        return None
    earlier_rows = report_rows(period_for_certificate(previous))
    reported_then = {row["code"] for row in earlier_rows if row["status"] == REPORTED}
    reported_now = {row["code"] for row in rows if row["status"] == REPORTED}
    values = list(
        published_values(city=period.city)
        .filter(indicator__edition=period.edition, year__in=period.years)
        .order_by("indicator__sort_key", "year")
    )
    revisions = published_revisions(values)
    return {
        "previous": certificate_facts(previous),
        "newly_reported": [change_row(row) for row in rows if row["code"] in reported_now - reported_then],
        "no_longer_reported": [
            change_row(row) for row in earlier_rows if row["code"] in reported_then - reported_now
        ],
        "revised": [
            {
                "code": value.indicator.code,
                "name": in_all_languages(value.indicator, "name"),
                "year": value.year,
                "earlier": str(earlier_figure(value, revisions[value.pk].earlier)),
                "figure": str(exported(value)),
                "revised_at": moment(revisions[value.pk].revised_at),
                "note": revisions[value.pk].note,
            }
            for value in values
            if value.pk in revisions
        ],
    }


def earlier_figure(value: IndicatorValue, earlier: Decimal | str) -> Figure | str:
    """An earlier published figure written like the current one: exact, with the indicator's places."""
    return earlier if isinstance(earlier, str) else Figure(earlier, value.indicator.decimal_places)


def indicator_row(
    indicator, value, years_reported, with_drafts, years, *, evidence_shown: bool, gap=None
) -> dict:
    """`evidence_shown` False (the public): the evidence of a value is for auditors only."""
    if value is not None and value.year >= years[0]:
        status = REPORTED
    elif gap is not None:
        status, value = gap.gap, gap
    elif value is not None:
        status = STALE
    elif indicator.pk in with_drafts:
        status = DRAFT_ONLY
    else:
        status = MISSING
    if indicator.theme_id:
        theme = in_all_languages(indicator.theme, "name")
    else:
        theme = label_in_all_languages(indicator.get_profile_group_display())
    shown = value if status in (REPORTED, STALE, *GAP_STATUSES) else None
    figure = shown if status in (REPORTED, STALE) else None
    return {
        "code": indicator.code,
        "kind": indicator.kind,
        "theme_number": indicator.theme.number if indicator.theme_id else None,
        "theme": theme,
        "name": in_all_languages(indicator, "name"),
        "unit": in_all_languages(indicator, "unit"),
        "status": status,
        "value": None if figure is None else str(exported(figure)),
        "is_number": figure is not None and figure.holds is ValueKind.FIGURE,
        "reason": shown.gap_reason if shown else "",
        "year": shown.year if shown else None,
        "years_reported": years_reported,
        "source": shown.source if shown else "",
        "notes": shown.notes if shown else "",
        "evidence": evidence_label(shown) if shown and evidence_shown else "",
        "entered_by": person(shown.created_by) if shown else "",
        "entered_at": moment(shown.created_at) if shown else "",
        "verified_by": person(shown.verified_by) if shown else "",
        "verified_at": moment(shown.verified_at) if shown else "",
    }


def certificate_facts(certificate: Certificate | None) -> dict | None:
    if certificate is None:
        return None
    return {
        "id": certificate.pk,
        "standard": certificate.standard.code,
        "number": certificate.number,
        "cycle_number": certificate.cycle_number,
        "body": certificate.body.short_name if certificate.body else "",
        "first_year": certificate.first_year,
        "last_year": certificate.last_year,
    }


def summarise(rows: list[dict], edition: int, *, drafts_shown: bool = True) -> dict:
    """Counts per kind and per theme, statuses, the missing list and the level the counts support."""
    totals = {kind: {"reported": 0, "total": 0} for kind in KINDS}
    themes: dict[int, dict] = {}
    statuses = dict.fromkeys((status for status in STATUS_LABELS if drafts_shown or status != DRAFT_ONLY), 0)
    performance_statuses = dict(statuses)  # core and supporting only: what a level counts
    for row in rows:
        reported = row["status"] == REPORTED
        statuses[row["status"]] += 1
        if row["kind"] != Indicator.Kind.PROFILE:
            performance_statuses[row["status"]] += 1
        totals[row["kind"]]["total"] += 1
        totals[row["kind"]]["reported"] += reported
        if row["theme_number"] is not None:
            theme = themes.setdefault(
                row["theme_number"],
                {
                    "number": row["theme_number"],
                    "name": row["theme"],
                    "core": {"reported": 0, "total": 0},
                    "supporting": {"reported": 0, "total": 0},
                },
            )
            theme[row["kind"]]["total"] += 1
            theme[row["kind"]]["reported"] += reported
    performance = {
        key: totals[Indicator.Kind.CORE][key] + totals[Indicator.Kind.SUPPORTING][key]
        for key in ("reported", "total")
    }
    thresholds = list(Level.objects.of_edition(edition))
    return {
        "totals": {**totals, "performance": performance},
        "themes": [themes[number] for number in sorted(themes)],
        "statuses": statuses,
        "performance_statuses": performance_statuses,
        "missing": [row["code"] for row in rows if row["status"] != REPORTED],
        "gaps": [
            {"code": row["code"], "name": row["name"], "status": row["status"], "reason": row["reason"]}
            for row in rows
            if row["status"] in GAP_STATUSES
        ],
        "level": supported_level(
            thresholds, totals[Indicator.Kind.CORE]["reported"], totals[Indicator.Kind.SUPPORTING]["reported"]
        ),
        "thresholds": [level_facts(level) for level in thresholds],
    }


def supported_level(thresholds: list[Level], core: int, supporting: int) -> dict | None:
    """The highest-ranked level whose core, supporting and total minimums the counts all meet."""
    met = [
        level
        for level in thresholds
        if core >= level.min_core
        and supporting >= level.min_supporting
        and core + supporting >= level.min_total
    ]
    return level_facts(max(met, key=lambda level: level.rank)) if met else None


def level_facts(level: Level) -> dict:
    return {
        "code": level.code,
        "name": in_all_languages(level, "name"),
        "rank": level.rank,
        "min_core": level.min_core,
        "min_supporting": level.min_supporting,
        "min_total": level.min_total,
        "confirmed": level.confirmed,
        "source": level.source,
    }
