"""What progress adds to the public pages of the indicators (indicator, theme, home, embed), which know
nothing of it: each tag reads a fixed number of queries."""

from django import template

from .. import selectors, wording
from ..method import Method

register = template.Library()


@register.inclusion_tag("progress/_indicator.html")
def indicator_progress(indicator, city, links=True):
    """The indicator's status in words and icon, and the sentence that says how it was reached; an
    embed leaves out the links (they would open inside another site's frame)."""
    method = Method.from_settings()
    (row,) = selectors.city_progress(city, [indicator], method)
    return {
        "status": row.status,
        "label": wording.label(row.status),
        "icon": wording.ICONS[row.status],
        "sentence": wording.sentence(row.assessment, indicator.decimal_places),
        "target": row.target,
        "city": city,
        "theme": indicator.theme,
        "links": links,
    }


@register.inclusion_tag("progress/_counts.html")
def progress_counts(city, theme=None):
    """How many indicators (of the theme, or all) are in each status, each linking to the progress page."""
    rows = selectors.city_progress(city, selectors.performance_indicators(theme))
    counts = [
        (status, wording.label(status), wording.ICONS[status], count)
        for status, count in selectors.status_counts(rows)
    ]
    return {"counts": counts, "theme": theme, "city": city}
