"""The public site: themes, indicators, the ISO 37120 table, search and downloads.

Every value shown or offered comes from selectors.published_values (published only). Each page reads
a fixed number of queries whatever the number of years, indicators or cities; pages are cached until
the data version moves (site_cache). Certificates and coverage are added to the pages by the
certification app's template tags: these views know nothing of them.
"""

import io
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template import loader
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .comparison.comparisons import comparison_summary
from .csv_safe import write_csv
from .exporting import LONG_COLUMNS, XLSX_CONTENT_TYPE, csv_dialect, long_rows, xlsx_bytes
from .models import CURRENT_EDITION, City, Indicator, IndicatorValue, Theme
from .numbers import exact_text
from .params import BadParameter, parse_year
from .selectors import published_revisions, published_values
from .site_cache import cached_page

PERFORMANCE_KINDS = (Indicator.Kind.CORE, Indicator.Kind.SUPPORTING)
SPREADSHEET_CSV_BOM = "\ufeff"  # CSVs for people: Excel reads UTF-8 only after a byte-order mark


@dataclass
class Series:
    """One indicator's published values for the home city, year by year."""

    indicator: Indicator
    values: dict[int, IndicatorValue] = field(default_factory=dict)

    @property
    def latest(self) -> IndicatorValue | None:
        return self.values[max(self.values)] if self.values else None

    @property
    def has_figure(self) -> bool:
        """A published figure or text in some year: a series of gaps only reports nothing."""
        return any(not value.gap for value in self.values.values())

    @property
    def previous(self) -> IndicatorValue | None:
        latest = self.latest
        return self.values.get(latest.year - 1) if latest else None

    @property
    def change(self) -> Decimal | None:
        """Change of the latest figure from the year before (None without both numbers)."""
        latest, previous = self.latest, self.previous
        if latest is None or previous is None or latest.value is None or previous.value is None:
            return None
        places = self.indicator.decimal_places
        return round(latest.value, places) - round(previous.value, places)

    @property
    def years_label(self) -> str:
        """The years with a published value: "2019" or "2012–2021"."""
        if not self.values:
            return ""
        first, last = min(self.values), max(self.values)
        return str(first) if first == last else f"{first}–{last}"

    @property
    def change_in_points(self) -> bool:
        """A change of a percentage is a difference of percentage points, not a per cent of it."""
        return self.indicator.unit_en == "%"

    @property
    def points(self) -> list[tuple[int, Decimal | None]]:
        """Every year from the first to the last value; a year without a value is None (a gap)."""
        numbers = {year: v.value for year, v in self.values.items() if v.value is not None}
        if not numbers:
            return []
        return [(year, numbers.get(year)) for year in range(min(numbers), max(numbers) + 1)]


def series_by_indicator(indicators, values) -> dict[int, Series]:
    series = {indicator.pk: Series(indicator) for indicator in indicators}
    for value in values:
        if value.indicator_id in series:
            series[value.indicator_id].values[value.year] = value
    return series


def trend_word(series: Series) -> str:
    if series.change is None:
        return ""
    if series.change > 0:
        return "up"
    return "down" if series.change < 0 else "flat"


@cached_page
def home(request):
    city = City.objects.home()
    themes = list(Theme.objects.filter(edition=CURRENT_EDITION))
    indicators = list(Indicator.objects.of_edition(CURRENT_EDITION).performance())
    series = series_by_indicator(indicators, published_values(city=city))
    tiles = []
    for theme in themes:
        reported = [s for s in series.values() if s.indicator.theme_id == theme.pk and s.has_figure]
        headline = next((s for s in reported if s.indicator.kind == Indicator.Kind.CORE), None)
        headline = headline or (reported[0] if reported else None)
        total = sum(1 for indicator in indicators if indicator.theme_id == theme.pk)
        trend = trend_word(headline) if headline else ""
        tiles.append(
            {"theme": theme, "reported": len(reported), "total": total, "headline": headline, "trend": trend}
        )
    return render(request, "indicators/home.html", {"city": city, "tiles": tiles})


@cached_page
def theme_detail(request, number):
    theme = get_object_or_404(Theme, edition=CURRENT_EDITION, number=number)
    city = City.objects.home()
    indicators = list(theme.indicators.all())
    values = published_values(city=city).filter(indicator__theme=theme)
    series = series_by_indicator(indicators, values)
    cards = [{"series": series[i.pk], "trend": trend_word(series[i.pk])} for i in indicators]
    return render(request, "indicators/theme.html", {"theme": theme, "city": city, "cards": cards})


def get_indicator(code: str) -> Indicator:
    return get_object_or_404(Indicator.objects.select_related("theme"), edition=CURRENT_EDITION, code=code)


@cached_page
def indicator_detail(request, code):
    indicator = get_indicator(code)
    city = City.objects.home()
    own = list(published_values(city=city).filter(indicator=indicator).order_by("year"))
    series = series_by_indicator([indicator], own)[indicator.pk]
    return render(
        request,
        "indicators/indicator.html",
        {
            "indicator": indicator,
            "city": city,
            "series": series,
            "rows": sorted(own, key=lambda v: v.year, reverse=True),
            "revisions": published_revisions(own),
            "comparison": comparison_summary(indicator, city),
            "trend": trend_word(series),
            "page_url": request.build_absolute_uri(request.path),
            "embed_url": request.build_absolute_uri(reverse("indicators:embed", args=[indicator.code])),
            "licence": {"name": settings.OPEN_DATA_LICENCE, "url": settings.OPEN_DATA_LICENCE_URL},
        },
    )


def iso_filters(request, years: list[int]) -> tuple[int | None, str]:
    """The year and kind asked for, falling back to the latest year (and every kind) when there is none.

    A year that is not written as one is refused with a 400 page (BadParameter)."""
    year = parse_year(request.GET.get("year"))
    if year not in years:
        year = years[-1] if years else None
    kind = request.GET.get("kind", "")
    return year, kind if kind in PERFORMANCE_KINDS else ""


@cached_page
def iso_37120(request):
    city = City.objects.home()
    indicators = Indicator.objects.of_edition(CURRENT_EDITION).performance().select_related("theme")
    values = published_values(city=city).filter(indicator__in=indicators)
    years = sorted(values.order_by().values_list("year", flat=True).distinct())
    year, kind = iso_filters(request, years)
    if kind:
        indicators = indicators.filter(kind=kind)
    shown = list(values.filter(year=year))
    by_indicator = {v.indicator_id: v for v in shown}
    revisions = published_revisions(shown)
    groups = defaultdict(list)
    for indicator in indicators:
        value = by_indicator.get(indicator.pk)
        revision = revisions.get(value.pk) if value else None
        groups[indicator.theme].append({"indicator": indicator, "value": value, "revision": revision})
    return render(
        request,
        "indicators/iso_37120.html",
        {
            "city": city,
            "years": years,
            "year": year,
            "kind": kind,
            "kinds": [(k.value, k.label) for k in PERFORMANCE_KINDS],
            "groups": sorted(groups.items(), key=lambda item: item[0].number),
        },
    )


def folded(text: str) -> str:
    """Lower case without accents, so "ludnosc" matches "ludność" and "strasse" matches "Straße"."""
    text = text.casefold().translate(str.maketrans({"ł": "l", "ø": "o", "đ": "d"}))
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def search(request):
    query = request.GET.get("q", "").strip()[:200]
    results = []
    if query:
        words = folded(query).split()
        for indicator in Indicator.objects.of_edition(CURRENT_EDITION).select_related("theme"):
            name = folded(indicator.name)
            if indicator.code.casefold() == query.casefold() or all(word in name for word in words):
                results.append(indicator)
        results.sort(key=lambda i: (i.code.casefold() != query.casefold(), i.sort_key))
    return render(request, "indicators/search.html", {"query": query, "results": results})


def download_rows(values, language: str, for_csv: bool):
    """Long rows with the figure, exactly as stored, written in the language's decimal sign in CSV, a true
    number in XLSX."""
    for value, row in zip(values, long_rows(values), strict=True):
        if for_csv and value.value is not None:
            row[3] = exact_text(value.value, min_places=value.indicator.decimal_places, language=language)
        yield row


def download(values: list[IndicatorValue], name: str, file_format: str) -> HttpResponse:
    language = get_language() or "pl"
    if file_format == "csv":
        buffer = io.StringIO()
        buffer.write(SPREADSHEET_CSV_BOM)
        write_csv(buffer, LONG_COLUMNS, download_rows(values, language, True), **csv_dialect(language))
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    elif file_format == "xlsx":
        body = xlsx_bytes({name: (LONG_COLUMNS, download_rows(values, language, False))})
        response = HttpResponse(body, content_type=XLSX_CONTENT_TYPE)
    else:
        raise Http404(_("Unknown file format."))
    response["Content-Disposition"] = f'attachment; filename="{name}.{file_format}"'
    return response


@cached_page
def indicator_download(request, code, file_format):
    indicator = get_indicator(code)
    city = City.objects.home()
    values = list(published_values(city=city).filter(indicator=indicator).order_by("year"))
    return download(values, f"{city.slug}-iso37120-{indicator.code}", file_format)


@cached_page
def iso_37120_download(request, file_format):
    city = City.objects.home()
    values = published_values(city=city).filter(
        indicator__edition=CURRENT_EDITION, indicator__kind__in=PERFORMANCE_KINDS
    )
    name = f"{city.slug}-iso37120"
    year = parse_year(request.GET.get("year"))
    if year is not None:
        values = values.filter(year=year)
        name += f"-{year}"
    kind = request.GET.get("kind", "")
    if kind in PERFORMANCE_KINDS:
        values = values.filter(indicator__kind=kind)
        name += f"-{kind}"
    return download(list(values.order_by("indicator__sort_key", "year")), name, file_format)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def bad_request(request, exception=None):
    """The 400 page; a parameter the site could not read is named with what it should be."""
    reason = str(exception) if isinstance(exception, BadParameter) else ""
    return render(request, "400.html", {"reason": reason}, status=400)


def server_error(request):
    """Rendered without database reads or request context: the error may be the database itself."""
    return HttpResponse(loader.render_to_string("500.html"), status=500)
