"""The statistician's hand-over: a theme or a whole year marked ready for review.

A value takes the step draft → ready like any other step (indicators.workflow.decide: the person's
rights, nothing blocking, warnings explained), written by services.take_step with a history row each.
"""

from . import services
from .models import CURRENT_EDITION, City, IndicatorValue, Theme

Status = IndicatorValue.Status


def mark_ready(*, user, city: City, year: int, theme: Theme | None = None) -> services.StepResult:
    """Every draft of the city's year (of one theme, or all) handed over for review; a draft the
    workflow refuses (warnings not explained, blocking problems) stays a draft, with its message."""
    drafts = IndicatorValue.objects.filter(
        city=city, year=year, status=Status.DRAFT, indicator__edition=CURRENT_EDITION
    )
    if theme is not None:
        drafts = drafts.filter(indicator__theme=theme)
    return services.take_step(user=user, values=drafts, target=Status.READY)
