"""How a status reads, in the reader's language: its words, its icon (never colour alone), the reason
there is none, and the sentence of the indicator page. Figures are written by indicators.numbers."""

from decimal import Decimal

from django.conf import settings
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from ..numbers import format_number, format_percent
from .method import Assessment, Method, Reason, Status

RATE_PLACES = 1  # a rate on pages: "2,1 %"
LABELS = {
    Status.ACHIEVED: gettext_lazy("target achieved"),
    Status.SUBSTANTIAL: gettext_lazy("substantial progress"),
    Status.MODERATE: gettext_lazy("moderate progress"),
    Status.LIMITED: gettext_lazy("limited progress"),
    Status.DETERIORATION: gettext_lazy("deterioration"),
    Status.INSUFFICIENT: gettext_lazy("not enough data"),
}
ICONS = {
    Status.ACHIEVED: "✔",
    Status.SUBSTANTIAL: "⇈",
    Status.MODERATE: "↑",
    Status.LIMITED: "→",
    Status.DETERIORATION: "↓",
    Status.INSUFFICIENT: "?",
}


def label(status: Status) -> str:
    return str(LABELS[Status(status)])


def reason_text(assessment: Assessment, method: Method | None = None) -> str:
    """Why there is no status, in words; empty when there is one."""
    method = method or Method.from_settings()
    reason = assessment.reason
    since = assessment.goal.base_year if assessment.goal and assessment.goal.base_year else method.base_year
    texts = {
        Reason.NO_DIRECTION: _("the catalogue says neither higher nor lower is better"),
        Reason.NO_FIGURE: _("no published figure since %(year)s") % {"year": since},
        Reason.ONE_FIGURE: _("only one published figure since %(year)s") % {"year": since},
        Reason.SHORT_SPAN: _("fewer than %(years)s years between the first and the latest figure")
        % {"years": method.min_span},
        Reason.ZERO_BASE: _("the base figure is zero, so no yearly rate can be computed"),
        Reason.SIGN_CHANGE: _("the figures change sign, so no yearly rate can be computed"),
        Reason.NEGATIVE: _("the figures are below zero, so no yearly rate can be computed"),
        Reason.TARGET_YEAR: _("the target's year is not after the base year"),
    }
    return texts[reason] if reason else ""


def rate_text(rate: Decimal | None) -> str:
    return "" if rate is None else format_percent(rate, RATE_PLACES, get_language() or settings.LANGUAGE_CODE)


def figure_text(figure: Decimal | None, places: int) -> str:
    return "" if figure is None else format_number(figure, places, get_language() or settings.LANGUAGE_CODE)


def sentence(assessment: Assessment, places: int) -> str:
    """ "Since 2016 the figure has grown by 2,1 % a year; the target for 2030 needs 1,4 % a year:
    substantial progress." — every part from the assessment."""
    status = label(assessment.status)
    if assessment.status == Status.INSUFFICIENT:
        return _("Not enough data for a progress status: %(reason)s.") % {"reason": reason_text(assessment)}
    rate = assessment.rate
    parts = {"year": assessment.base_year, "rate": rate_text(abs(rate))}
    if rate > 0:
        text = _("Since %(year)s the figure has grown by %(rate)s a year") % parts
    elif rate < 0:
        text = _("Since %(year)s the figure has fallen by %(rate)s a year") % parts
    else:
        text = _("Since %(year)s the figure has not changed") % parts
    goal = assessment.goal
    if goal is not None:
        target = {"year": goal.year, "target": figure_text(goal.value, places)}
        required = assessment.required_rate
        if assessment.status == Status.ACHIEVED:
            text += _("; the target for %(year)s (%(target)s) has been reached") % target
        elif required is not None and required > 0:
            text += _("; the target for %(year)s (%(target)s) needs growth of %(rate)s a year") % {
                **target,
                "rate": rate_text(required),
            }
        elif required is not None and required < 0:
            text += _("; the target for %(year)s (%(target)s) needs a fall of %(rate)s a year") % {
                **target,
                "rate": rate_text(-required),
            }
        else:
            text += _("; the target for %(year)s is %(target)s") % target
    return _("%(facts)s: %(status)s.") % {"facts": text, "status": status}
