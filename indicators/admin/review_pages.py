"""The hand-over pages of the value admin: a theme or year marked ready, the reviewers' inbox, and the
confirmation that lists what goes public before it does. Thin: the steps are services.take_step and
handover's, decided by workflow.decide; the reads are indicators.desk's."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _

from .. import desk, handover, services, workflow
from ..models import IndicatorValue
from ..params import parse_ids
from .value_pages import chosen_theme, city_and_year

Status = IndicatorValue.Status
REFUSALS_SHOWN = 20


def offered(request) -> set[str]:
    """The steps the person may take: what the pages offer (workflow's table, the person's rights)."""
    return workflow.steps_offered(workflow.actor_of(request.user))


class ReviewPages:
    """Mixed into the value admin, beside ValuePages."""

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("inbox/", view(self.inbox_view), name="indicators_review_inbox"),
            path(
                "inbox/publish/", view(self.publish_confirmation_view), name="indicators_publish_confirmation"
            ),
            path("year-entry/ready/", view(self.mark_ready_view), name="indicators_mark_ready"),
            *super().get_urls(),
        ]

    def mark_ready_view(self, request):
        """POST: the drafts of a city's year (one theme, or all) handed over for review."""
        if request.method != "POST" or Status.READY not in offered(request):
            raise PermissionDenied
        city, year = city_and_year(request)
        theme = chosen_theme(request)
        result = handover.mark_ready(user=request.user, city=city, year=year, theme=theme)
        messages.success(
            request, _("%(count)s values marked ready for review.") % {"count": len(result.done)}
        )
        _report_refusals(request, result)
        query = f"?city={city.slug}&year={year}" + (f"&theme={theme.pk}" if theme else "")
        return HttpResponseRedirect(reverse("admin:indicators_year_entry") + query)

    def inbox_view(self, request):
        """What waits for review, with warnings, explanations and authors; verify or publish from here."""
        steps = offered(request)
        if not steps & {Status.VERIFIED, Status.PUBLISHED}:
            raise PermissionDenied
        if request.method == "POST" and request.POST.get("step") == Status.VERIFIED:
            if Status.VERIFIED not in steps:
                raise PermissionDenied
            chosen = self._chosen(request)
            result = services.take_step(user=request.user, values=chosen, target=Status.VERIFIED)
            messages.success(request, _("%(count)s values verified.") % {"count": len(result.done)})
            _report_refusals(request, result)
            return HttpResponseRedirect(reverse("admin:indicators_review_inbox"))
        context = {
            **self.admin_site.each_context(request),
            "opts": IndicatorValue._meta,
            "title": _("Review inbox"),
            "items": desk.review_inbox(request.user),
            "may_verify": Status.VERIFIED in steps,
            "may_publish": Status.PUBLISHED in steps,
        }
        return TemplateResponse(request, "admin/indicators/review_inbox.html", context)

    def publish_confirmation_view(self, request):
        """The chosen values as residents would see them, before they do; publishing needs this page's
        own confirmation."""
        if request.method != "POST" or Status.PUBLISHED not in offered(request):
            raise PermissionDenied
        chosen = self._chosen(request)
        if request.POST.get("confirmed") == "yes":
            result = services.take_step(user=request.user, values=chosen, target=Status.PUBLISHED)
            messages.success(request, _("%(count)s values published.") % {"count": len(result.done)})
            _report_refusals(request, result)
            return HttpResponseRedirect(reverse("admin:indicators_review_inbox"))
        values = list(
            chosen.select_related("city", "indicator").order_by("city__name", "year", "indicator__sort_key")
        )
        context = {
            **self.admin_site.each_context(request),
            "opts": IndicatorValue._meta,
            "title": _("Confirm: these figures go public"),
            "values": values,
            "ids": ",".join(str(value.pk) for value in values),
        }
        return TemplateResponse(request, "admin/indicators/publish_confirmation.html", context)

    def _chosen(self, request):
        ids = request.POST.getlist("value") or parse_ids(request.POST.get("ids"), parameter="ids") or []
        ids = parse_ids(",".join(str(pk) for pk in ids), parameter="value") or []
        return IndicatorValue.objects.worked_on_by(request.user).filter(pk__in=ids)


def _report_refusals(request, result) -> None:
    for message in result.refused[:REFUSALS_SHOWN]:
        messages.error(request, message)
    if len(result.refused) > REFUSALS_SHOWN:
        messages.error(
            request, _("… and %(count)s more refusals.") % {"count": len(result.refused) - REFUSALS_SHOWN}
        )
