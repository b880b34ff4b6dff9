"""The comparison's strip chart: every city's figure as a dot on one axis, the quartile box drawn over
them and the home city marked. Server-rendered SVG without JavaScript; its <title> and <desc> read out
the group's summary and the home city's place, and the table beside it lists every city."""

from decimal import Decimal

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext

from indicators.templatetags.charts import axis, coord, step_places
from indicators.templatetags.figures import number

register = template.Library()

WIDTH, HEIGHT = 480, 150
LEFT, RIGHT = 24, 24
BOX_TOP, BOX_HEIGHT, DOTS_Y, AXIS_Y = 34, 28, 84, 112


def as_number(value: float, places: int) -> str:
    return number(Decimal(repr(value)), places)


def describe(comparison, places: int) -> str:
    summary = comparison.summary
    text = gettext(
        "%(n)s cities; minimum %(min)s, first quartile %(q1)s, median %(median)s, "
        "third quartile %(q3)s, maximum %(max)s."
    ) % {
        "n": summary.n,
        "min": as_number(summary.minimum, places),
        "q1": as_number(summary.q1, places),
        "median": as_number(summary.median, places),
        "q3": as_number(summary.q3, places),
        "max": as_number(summary.maximum, places),
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
    low, high, step = axis([summary.minimum, summary.maximum])
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
    return format_html(
        '<svg class="chart strip-chart" viewBox="0 0 {} {}" role="img" aria-labelledby="{}-title {}-desc" '
        'preserveAspectRatio="xMidYMid meet">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>'
        '<g aria-hidden="true">{}<line class="axis" x1="{}" x2="{}" y1="{}" y2="{}"/>{}{}{}</g></svg>',
        WIDTH,
        HEIGHT,
        chart_id,
        chart_id,
        chart_id,
        title,
        chart_id,
        describe(comparison, places),
        tick_marks,
        LEFT,
        WIDTH - RIGHT,
        AXIS_Y,
        AXIS_Y,
        box,
        dots,
        home_mark,
    )
