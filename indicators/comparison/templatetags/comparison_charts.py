"""The comparison's strip chart: every city's figure as a dot on one axis, the quartile box drawn over
them and the home city marked. Server-rendered SVG without JavaScript; its <title> and <desc> read out
the group's summary and the home city's place, and the table beside it lists every city."""

import math
from decimal import Decimal

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext

from indicators.templatetags.charts import accessible_svg, axis, coord, segments, step_places
from indicators.templatetags.figures import number, signed_number

register = template.Library()

WIDTH, HEIGHT = 480, 150
LEFT, RIGHT = 24, 24
BOX_TOP, BOX_HEIGHT, DOTS_Y, AXIS_Y = 34, 28, 84, 112


def describe(comparison, places: int) -> str:
    summary = comparison.summary
    text = gettext(
        "%(n)s cities; minimum %(min)s, first quartile %(q1)s, median %(median)s, "
        "third quartile %(q3)s, maximum %(max)s."
    ) % {
        "n": summary.n,
        "min": number(summary.minimum, places),
        "q1": number(summary.q1, places),
        "median": number(summary.median, places),
        "q3": number(summary.q3, places),
        "max": number(summary.maximum, places),
    }
    home = comparison.home_row
    if home is not None:
        text += " " + gettext("%(city)s: %(value)s") % {
            "city": home.name,
            "value": number(home.figure, places),
        }
        if comparison.home_rank:
            text += ", " + gettext("rank %(k)s of %(n)s") % {
                "k": comparison.home_rank[0],
                "n": comparison.home_rank[1],
            }
        text += "."
    return text


@register.simple_tag
def strip_chart(comparison, *, title, chart_id="comparison-chart"):
    """The comparison (an IndicatorComparison with rows) as an accessible SVG strip chart."""
    summary = comparison.summary
    if summary.n == 0:
        return ""
    places = comparison.indicator.decimal_places
    low, high, step = axis([float(summary.minimum), float(summary.maximum)])
    plot_width = WIDTH - LEFT - RIGHT

    def x(value) -> str:
        return coord(LEFT + plot_width * (float(value) - low) / (high - low))

    ticks = []
    tick = low
    while tick <= high + step / 2:
        ticks.append(
            (x(tick), AXIS_Y, x(tick), AXIS_Y + 18, number(Decimal(str(round(tick, 6))), step_places(step)))
        )
        tick += step
    tick_marks = format_html_join(
        "",
        '<line class="grid" x1="{}" x2="{}" y1="{}" y2="{}"/>'
        '<text class="tick" x="{}" y="{}" text-anchor="middle">{}</text>',
        ((tx, tx, y1 - 4, y1 + 4, tx2, y2, label) for tx, y1, tx2, y2, label in ticks),
    )
    middle = BOX_TOP + BOX_HEIGHT / 2
    box = format_html(
        '<line class="whisker" x1="{}" x2="{}" y1="{}" y2="{}"/>'
        '<rect class="quartiles" x="{}" y="{}" width="{}" height="{}"/>'
        '<line class="median" x1="{}" x2="{}" y1="{}" y2="{}"/>',
        x(summary.minimum),
        x(summary.maximum),
        middle,
        middle,
        x(summary.q1),
        BOX_TOP,
        coord(float(x(summary.q3)) - float(x(summary.q1))),
        BOX_HEIGHT,
        x(summary.median),
        x(summary.median),
        BOX_TOP - 4,
        BOX_TOP + BOX_HEIGHT + 4,
    )
    dots = format_html_join(
        "",
        '<circle class="peer" cx="{}" cy="{}" r="5"/>',
        ((x(row.figure), DOTS_Y) for row in comparison.rows if not row.is_home),
    )
    home = comparison.home_row
    home_mark = ""
    if home is not None:
        home_x = float(x(home.figure))
        anchor = "start" if home_x < WIDTH / 5 else "end" if home_x > WIDTH * 4 / 5 else "middle"
        home_mark = format_html(
            '<path class="home" d="M{} {} l-8 -14 h16 z"/><circle class="home" cx="{}" cy="{}" r="7"/>'
            '<text class="home-label" x="{}" y="{}" text-anchor="{}">{}</text>',
            x(home.figure),
            DOTS_Y - 9,
            x(home.figure),
            DOTS_Y,
            x(home.figure),
            BOX_TOP - 10,
            anchor,
            home.name,
        )
    drawing = format_html(
        '{}<line class="axis" x1="{}" x2="{}" y1="{}" y2="{}"/>{}{}{}',
        tick_marks,
        LEFT,
        WIDTH - RIGHT,
        AXIS_Y,
        AXIS_Y,
        box,
        dots,
        home_mark,
    )
    return accessible_svg(
        "strip-chart",
        WIDTH,
        HEIGHT,
        chart_id=chart_id,
        title=title,
        description=describe(comparison, places),
        drawing=drawing,
    )


BAR_CHART_MOST = 50
BAR_WIDTH, BAR_ROW, BAR_TOP = 640, 22, 8
NAME_WIDTH, FIGURE_WIDTH = 200, 110
LOG_SPAN = 100  # figures spanning more than two orders of magnitude are drawn on a log scale


def bar_scale(figures: list[Decimal]):
    """x(figure) in 0..1 and whether the scale is logarithmic: log where every figure is positive and the
    largest is more than LOG_SPAN times the smallest, else linear from zero (or the smallest below it)."""
    low, high = min(figures), max(figures)
    if low > 0 and high / low > LOG_SPAN:
        log_low, log_high = math.log10(float(low)) - 0.1, math.log10(float(high))
        return (lambda figure: (math.log10(float(figure)) - log_low) / (log_high - log_low)), True
    start, end = min(low, Decimal(0)), max(high, Decimal(0))
    span = float(end - start) or 1.0
    return (lambda figure: float(figure - start) / span), False


@register.simple_tag
def bar_chart(comparison, *, title, chart_id="ranking-chart"):
    """Every city's figure as a named bar, best first (for at most BAR_CHART_MOST cities)."""
    rows = comparison.rows
    if not 2 <= len(rows) <= BAR_CHART_MOST:
        return ""
    places = comparison.indicator.decimal_places
    scale, logarithmic = bar_scale([row.figure for row in rows])
    plot = BAR_WIDTH - NAME_WIDTH - FIGURE_WIDTH
    height = BAR_TOP * 2 + BAR_ROW * len(rows)
    bars = format_html_join(
        "",
        '<text x="{}" y="{}" text-anchor="end">{}</text>'
        '<rect class="bar{}" x="{}" y="{}" width="{}" height="{}"/>'
        '<text x="{}" y="{}">{}</text>',
        (
            (
                NAME_WIDTH - 6,
                BAR_TOP + BAR_ROW * index + 16,
                row.name,
                " home" if row.is_home else "",
                NAME_WIDTH,
                BAR_TOP + BAR_ROW * index + 2,
                coord(max(plot * scale(row.figure), 1)),
                BAR_ROW - 4,
                coord(NAME_WIDTH + max(plot * scale(row.figure), 1) + 4),
                BAR_TOP + BAR_ROW * index + 16,
                number(row.figure, places),
            )
            for index, row in enumerate(rows)
        ),
    )
    description = gettext("Cities best first, each bar its figure.")
    if logarithmic:
        description += " " + gettext("Logarithmic scale: the figures span more than two orders of magnitude.")
    return accessible_svg(
        "bar-chart", BAR_WIDTH, height, chart_id=chart_id, title=title, description=description, drawing=bars
    )


HISTORY_WIDTH, HISTORY_LEFT, HISTORY_RIGHT = 480, 64, 28
FIGURE_TOP, FIGURE_HEIGHT = 14, 150
RANK_TOP, RANK_HEIGHT = 206, 70


def describe_history(comparison, places: int) -> str:
    """The chart's numbers read out year by year, as the table beside it lists them."""
    home = comparison.home.name
    parts = []
    for point in comparison.history:
        if not point.n:
            parts.append(gettext("%(year)s: no figure") % {"year": point.year})
            continue
        text = gettext("%(year)s: median of %(n)s cities %(median)s") % {
            "year": point.year,
            "n": point.n,
            "median": number(point.median, places),
        }
        if point.figure is not None:
            text += ", " + gettext("%(city)s %(value)s") % {
                "city": home,
                "value": number(point.figure, places),
            }
        if point.rank is not None:
            text += ", " + gettext("rank %(k)s of %(n)s") % {"k": point.rank, "n": point.n}
        parts.append(text)
    return "; ".join(parts) + "."


def history_lines(points, x, y, css_class: str):
    """Polylines of a yearly series, broken where a year has no figure."""
    return format_html_join(
        "",
        '<polyline class="{}" points="{}"/>',
        (
            (css_class, " ".join(f"{x(year)},{y(value)}" for year, value in run))
            for run in segments(points)
            if len(run) > 1
        ),
    )


def history_dots(points, x, y, css_class: str):
    return format_html_join(
        "",
        '<circle class="{}" cx="{}" cy="{}" r="4"/>',
        ((css_class, x(year), y(value)) for year, value in points if value is not None),
    )


def axis_ticks(y, low: float, high: float, step: float, write=number) -> list[tuple[str, str]]:
    """(y, label) of every step of the value axis from low to high, each written in the page's language."""
    ticks = []
    tick = low
    while tick <= high + step / 2:
        ticks.append((y(tick), write(Decimal(str(round(tick, 6))), step_places(step))))
        tick += step
    return ticks


def grid_lines(ticks, *, left, right):
    """Horizontal grid lines from left to right, each labelled at its left: (y, label) pairs."""
    return format_html_join(
        "",
        '<line class="grid" x1="{}" x2="{}" y1="{}" y2="{}"/>'
        '<text class="tick" x="{}" y="{}" text-anchor="end">{}</text>',
        ((left, right, ty, ty, left - 8, coord(float(ty) + 4), label) for ty, label in ticks),
    )


@register.simple_tag
def peer_history_chart(comparison, *, title, chart_id="history-chart"):
    """The home city's figure beside the group's median year by year (upper panel) and its rank in the
    group (lower panel, rank 1 at the top), as an accessible SVG; None-years are gaps."""
    history = comparison.history
    medians = [(point.year, point.median) for point in history]
    figures = [(point.year, point.figure) for point in history]
    ranks = [(point.year, point.rank) for point in history]
    known = [float(value) for _year, value in medians + figures if value is not None]
    if not known:
        return ""
    places = comparison.indicator.decimal_places
    low, high, step = axis(known)
    years = [point.year for point in history]
    plot_width = HISTORY_WIDTH - HISTORY_LEFT - HISTORY_RIGHT
    span = max(years[-1] - years[0], 1)
    has_ranks = any(rank is not None for _year, rank in ranks)
    height = (RANK_TOP + RANK_HEIGHT if has_ranks else FIGURE_TOP + FIGURE_HEIGHT) + 30

    def x(year) -> str:
        offset = plot_width * (year - years[0]) / span if len(years) > 1 else plot_width / 2
        return coord(HISTORY_LEFT + offset)

    def y(value) -> str:
        return coord(FIGURE_TOP + FIGURE_HEIGHT * (1 - (float(value) - low) / (high - low)))

    grid = grid_lines(axis_ticks(y, low, high, step), left=HISTORY_LEFT, right=HISTORY_WIDTH - HISTORY_RIGHT)
    rank_panel = ""
    if has_ranks:
        most = max(point.n for point in history)

        def rank_y(rank) -> str:
            return coord(RANK_TOP + (RANK_HEIGHT * (rank - 1) / (most - 1) if most > 1 else RANK_HEIGHT / 2))

        rank_panel = format_html(
            '<text class="panel-label" x="{}" y="{}">{}</text>{}{}{}',
            HISTORY_LEFT,
            RANK_TOP - 12,
            gettext("Rank in the group (1 = best)"),
            grid_lines(
                [(rank_y(1), 1), (rank_y(most), most)], left=HISTORY_LEFT, right=HISTORY_WIDTH - HISTORY_RIGHT
            ),
            history_lines(ranks, x, rank_y, "series"),
            history_dots(ranks, x, rank_y, "point"),
        )
    label_every = max(1, math.ceil(len(years) / 7))
    year_labels = format_html_join(
        "",
        '<text class="tick" x="{}" y="{}" text-anchor="middle">{}</text>',
        ((x(year), height - 8, year) for index, year in enumerate(years) if index % label_every == 0),
    )
    drawing = format_html(
        "{}{}{}{}{}{}",
        grid,
        history_lines(medians, x, y, "median-series") + history_dots(medians, x, y, "median-point"),
        history_lines(figures, x, y, "series"),
        history_dots(figures, x, y, "point"),
        rank_panel,
        year_labels,
    )
    return accessible_svg(
        "history-chart",
        HISTORY_WIDTH,
        height,
        chart_id=chart_id,
        title=title,
        description=describe_history(comparison, places),
        drawing=drawing,
    )


QUADRANT_WIDTH, QUADRANT_HEIGHT = 480, 330
QUADRANT_LEFT, QUADRANT_RIGHT, QUADRANT_TOP, QUADRANT_BOTTOM = 64, 20, 30, 50


def describe_quadrant(comparison) -> str:
    """How many cities lie in each quadrant, and where the home city lies."""
    median = comparison.score_median
    counts = {(high, up): 0 for high in (True, False) for up in (True, False)}
    for point in comparison.quadrant:
        counts[point["score"] >= median, point["change"] > 0] += 1
    text = gettext(
        "%(n)s cities; median theme score %(median)s. At or above the median: %(high_up)s improving, "
        "%(high_down)s not improving; below it: %(low_up)s improving, %(low_down)s not improving."
    ) % {
        "n": len(comparison.quadrant),
        "median": number(median, 1),
        "high_up": counts[True, True],
        "high_down": counts[True, False],
        "low_up": counts[False, True],
        "low_down": counts[False, False],
    }
    home = next((point for point in comparison.quadrant if point["is_home"]), None)
    if home is not None:
        text += " " + gettext("%(city)s: theme score %(score)s, change %(change)s points a year.") % {
            "city": home["name"],
            "score": number(home["score"], 1),
            "change": signed_number(home["change"], 1),
        }
    return text


@register.simple_tag
def quadrant_chart(comparison, *, title, chart_id="quadrant-chart"):
    """Each scored city's theme score (x, 0 to 100) against the change of its score over the window
    (y, points a year), split at the group's median score and at no change; the home city marked."""
    points = comparison.quadrant
    if len(points) < 2:
        return ""
    largest = max(abs(float(point["change"])) for point in points)
    low, high, step = axis([-largest, largest])
    plot_width = QUADRANT_WIDTH - QUADRANT_LEFT - QUADRANT_RIGHT
    plot_height = QUADRANT_HEIGHT - QUADRANT_TOP - QUADRANT_BOTTOM
    bottom = QUADRANT_TOP + plot_height

    def x(score) -> str:
        return coord(QUADRANT_LEFT + plot_width * float(score) / 100)

    def y(change) -> str:
        return coord(QUADRANT_TOP + plot_height * (1 - (float(change) - low) / (high - low)))

    grid = grid_lines(
        axis_ticks(y, low, high, step, write=signed_number),
        left=QUADRANT_LEFT,
        right=QUADRANT_WIDTH - QUADRANT_RIGHT,
    )
    scores = format_html_join(
        "",
        '<line class="grid" x1="{}" x2="{}" y1="{}" y2="{}"/>'
        '<text class="tick" x="{}" y="{}" text-anchor="middle">{}</text>',
        (
            (x(score), x(score), QUADRANT_TOP, bottom, x(score), bottom + 18, score)
            for score in (0, 25, 50, 75, 100)
        ),
    )
    dots = format_html_join(
        "",
        '<circle class="peer" cx="{}" cy="{}" r="5"/>',
        ((x(point["score"]), y(point["change"])) for point in points if not point["is_home"]),
    )
    home = next((point for point in points if point["is_home"]), None)
    home_mark = ""
    if home is not None:
        home_x = float(x(home["score"]))
        # beside the dot, towards the middle of the chart, where its name has room
        anchor, shift = ("start", 12) if home_x < QUADRANT_WIDTH / 2 else ("end", -12)
        home_mark = format_html(
            '<circle class="home" cx="{}" cy="{}" r="8"/>'
            '<text class="home-label" x="{}" y="{}" text-anchor="{}">{}</text>',
            x(home["score"]),
            y(home["change"]),
            coord(home_x + shift),
            coord(float(y(home["change"])) + 5),
            anchor,
            home["name"],
        )
    drawing = format_html(
        "{}{}"
        '<line class="no-change" x1="{}" x2="{}" y1="{}" y2="{}"/>'
        '<line class="median" x1="{}" x2="{}" y1="{}" y2="{}"/>'
        '<text class="panel-label" x="{}" y="{}">{}</text>'
        '<text class="panel-label" x="{}" y="{}" text-anchor="end">{}</text>'
        "{}{}",
        grid,
        scores,
        QUADRANT_LEFT,
        QUADRANT_WIDTH - QUADRANT_RIGHT,
        y(0),
        y(0),
        x(comparison.score_median),
        x(comparison.score_median),
        QUADRANT_TOP,
        bottom,
        QUADRANT_LEFT,
        QUADRANT_TOP - 12,
        gettext("Change of the score, points a year"),
        QUADRANT_WIDTH - QUADRANT_RIGHT,
        QUADRANT_HEIGHT - 6,
        gettext("Theme score"),
        dots,
        home_mark,
    )
    return accessible_svg(
        "quadrant-chart",
        QUADRANT_WIDTH,
        QUADRANT_HEIGHT,
        chart_id=chart_id,
        title=title,
        description=describe_quadrant(comparison),
        drawing=drawing,
    )
