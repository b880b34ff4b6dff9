"""Server-rendered SVG charts for the public pages (the residents' site and the comparison).

Charts work without JavaScript, print, and carry role="img" with a <title> and <desc> that read out
the same numbers as the table beside them. A year without a value is a gap: the line is never joined
across it.
"""

import math
from decimal import Decimal

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from .figures import number

register = template.Library()

CHART_WIDTH, CHART_HEIGHT = 480, 240
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 64, 28, 14, 32
SPARK_WIDTH, SPARK_HEIGHT, SPARK_PAD = 120, 32, 4


def segments(points):
    """Runs of consecutive years that have values: the pieces of line between gaps."""
    runs, current = [], []
    for point in points:
        if point[1] is None:
            if current:
                runs.append(current)
            current = []
        else:
            current.append(point)
    if current:
        runs.append(current)
    return runs


def coord(value: float) -> str:
    return f"{value:.1f}"


def nice_step(span: float, ticks: int = 4) -> float:
    raw = span / ticks if span > 0 else 1.0
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * magnitude:
            return factor * magnitude
    return 10 * magnitude


def axis(values: list[float]) -> tuple[float, float, float]:
    low, high = min(values), max(values)
    if low == high:
        low, high = (low - 1, high + 1) if low == 0 else (low - abs(low) * 0.1, high + abs(high) * 0.1)
    step = nice_step(high - low)
    return math.floor(low / step) * step, math.ceil(high / step) * step, step


def step_places(step: float) -> int:
    return max(0, -math.floor(math.log10(step))) if step < 1 else 0


def describe(points, places) -> str:
    no_data = gettext("no data")
    return "; ".join(f"{year}: {no_data if v is None else number(v, places)}" for year, v in points)


def accessible_svg(css_class: str, width, height, *, chart_id: str, title, description, drawing) -> str:
    """A chart as an SVG image whose <title> and <desc> are read out; the drawing itself is hidden from
    screen readers (its numbers are in the description and the table beside it)."""
    return format_html(
        '<svg class="{}" viewBox="0 0 {} {}" role="img" aria-labelledby="{}-title {}-desc" '
        'preserveAspectRatio="xMidYMid meet">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc><g aria-hidden="true">{}</g></svg>',
        f"chart {css_class}".strip(),
        width,
        height,
        chart_id,
        chart_id,
        chart_id,
        title,
        chart_id,
        description,
        drawing,
    )


@register.simple_tag
def line_chart(points, *, title, unit="", places=2, chart_id="chart"):
    """A yearly time series as an accessible SVG line chart; points are (year, Decimal | None)."""
    known = [float(v) for _, v in points if v is not None]
    if not known:
        return ""
    low, high, step = axis(known)
    plot_w = CHART_WIDTH - MARGIN_LEFT - MARGIN_RIGHT
    plot_h = CHART_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
    years = [year for year, _ in points]
    span = max(len(years) - 1, 1)

    def x(year):
        index = years.index(year)
        return MARGIN_LEFT + (plot_w * index / span if len(years) > 1 else plot_w / 2)

    def y(value):
        return MARGIN_TOP + plot_h * (1 - (float(value) - low) / (high - low))

    tick_places = step_places(step)
    grid = []
    tick = low
    while tick <= high + step / 2:
        grid.append(
            format_html(
                '<line class="grid" x1="{}" x2="{}" y1="{}" y2="{}"/>'
                '<text class="tick" x="{}" y="{}" text-anchor="end">{}</text>',
                MARGIN_LEFT,
                CHART_WIDTH - MARGIN_RIGHT,
                coord(y(tick)),
                coord(y(tick)),
                MARGIN_LEFT - 8,
                coord(y(tick) + 4),
                number(Decimal(str(round(tick, 6))), tick_places),
            )
        )
        tick += step
    label_every = max(1, math.ceil(len(years) / 7))
    year_labels = format_html_join(
        "",
        '<text class="tick" x="{}" y="{}" text-anchor="middle">{}</text>',
        ((coord(x(year)), CHART_HEIGHT - 12, year) for i, year in enumerate(years) if i % label_every == 0),
    )
    lines = format_html_join(
        "",
        '<polyline class="series" points="{}"/>',
        ((" ".join(f"{x(yr):.1f},{y(v):.1f}" for yr, v in run),) for run in segments(points) if len(run) > 1),
    )
    dots = format_html_join(
        "",
        '<circle class="point" cx="{}" cy="{}" r="4"/>',
        ((coord(x(year)), coord(y(v))) for year, v in points if v is not None),
    )
    gaps = format_html_join(
        "",
        '<text class="gap" x="{}" y="{}" text-anchor="middle">{}</text>',
        ((coord(x(year)), CHART_HEIGHT - MARGIN_BOTTOM - 6, "×") for year, v in points if v is None),
    )
    description = describe(points, places)
    if unit:
        description = f"{unit}. {description}"
    drawing = format_html(
        "{}{}{}{}{}",
        mark_safe("".join(grid)),  # noqa: S308 - each piece built by format_html above
        year_labels,
        lines,
        dots,
        gaps,
    )
    return accessible_svg(
        "",
        CHART_WIDTH,
        CHART_HEIGHT,
        chart_id=chart_id,
        title=title,
        description=description,
        drawing=drawing,
    )


@register.simple_tag
def sparkline(points, *, label, places=2):
    """A small trend line for a card; the label and values are read out, the drawing is not."""
    known = [float(v) for _, v in points if v is not None]
    if len(known) < 2:
        return ""
    low, high = min(known), max(known)
    spread = (high - low) or 1.0
    count = max(len(points) - 1, 1)

    def x(index):
        return SPARK_PAD + (SPARK_WIDTH - 2 * SPARK_PAD) * index / count

    def y(value):
        return SPARK_HEIGHT - SPARK_PAD - (SPARK_HEIGHT - 2 * SPARK_PAD) * (float(value) - low) / spread

    index_of = {year: i for i, (year, _) in enumerate(points)}
    lines = format_html_join(
        "",
        '<polyline points="{}"/>',
        (
            (" ".join(f"{x(index_of[yr]):.1f},{y(v):.1f}" for yr, v in run),)
            for run in segments(points)
            if len(run) > 1
        ),
    )
    last_year, last_value = next(p for p in reversed(points) if p[1] is not None)
    return format_html(
        '<svg class="sparkline" viewBox="0 0 {} {}" width="{}" height="{}" role="img">'
        '<title>{}: {}</title><g aria-hidden="true">{}<circle cx="{}" cy="{}" r="2.5"/></g></svg>',
        SPARK_WIDTH,
        SPARK_HEIGHT,
        SPARK_WIDTH,
        SPARK_HEIGHT,
        label,
        describe(points, places),
        lines,
        coord(x(index_of[last_year])),
        coord(y(last_value)),
    )
