"""The value admin's own pages: year-entry grid, data-quality page, history export, restore, evidence.

Thin views, as methods of the admin like Django's own (`history_view`, `changelist_view`): the rules live
in workflow.py, quality.py, history.py and year_entry.py.
"""

import os

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _

from .. import history, workflow, year_entry
from ..desk import missing_indicators
from ..exporting import XLSX_CONTENT_TYPE
from ..models import CURRENT_EDITION, FIRST_YEAR, City, IndicatorValue, Theme, last_allowed_year, reading
from ..params import parse_id, parse_ids, parse_year
from ..quality import city_year_problems, has_blocking
from ..selectors import collection_year
from ..visibility import of_viewable_cities


def city_and_year(request) -> tuple[City, int]:
    slug = request.GET.get("city") or request.POST.get("city")
    cities = City.objects.worked_on_by(request.user)  # a person limited to some cities reads those only
    city = get_object_or_404(cities, slug=slug) if slug else City.objects.home_for(request.user)
    year = parse_year(request.GET.get("year") or request.POST.get("year"))
    if year is None:
        year = collection_year(city)
    return city, min(max(year, FIRST_YEAR), last_allowed_year())


def chosen_theme(request) -> Theme | None:
    theme_id = parse_id(request.GET.get("theme") or request.POST.get("theme"), parameter="theme")
    return None if theme_id is None else get_object_or_404(Theme, pk=theme_id)


class ValuePages:
    """Mixed into the value admin: its pages beside the list and the change form."""

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("year-entry/", view(self.year_entry_view), name="indicators_year_entry"),
            path("quality/", view(self.quality_view), name="indicators_quality"),
            path("history.<str:fmt>", view(self.history_export_view), name="indicators_history_export"),
            path("evidence/<path:name>", view(self.evidence_view), name="indicators_indicatorvalue_evidence"),
            path(
                "<int:object_id>/restore/<int:history_id>/",
                view(self.restore_view),
                name="indicators_indicatorvalue_restore",
            ),
            *super().get_urls(),
        ]

    def _page_context(self, request, city, year, theme, title) -> dict:
        return {
            **self.admin_site.each_context(request),
            "opts": IndicatorValue._meta,
            "title": title,
            "cities": City.objects.worked_on_by(request.user),
            "themes": Theme.objects.filter(edition=CURRENT_EDITION),
            "city": city,
            "year": year,
            "theme": theme,
            "years": range(last_allowed_year(), FIRST_YEAR - 1, -1),
        }

    def year_entry_view(self, request):
        """One city × one year × one theme (or all indicators) in one grid; valid rows saved, others kept.

        Open to whoever may change values; what each person may do with each row is the workflow's decision.
        """
        if not self.has_change_permission(request):
            raise PermissionDenied
        city, year = city_and_year(request)
        theme = chosen_theme(request)
        rows = year_entry.build_rows(user=request.user, city=city, year=year, theme=theme)
        if request.method == "POST":
            year_entry.save_rows(user=request.user, city=city, year=year, rows=rows, data=request.POST)
            saved = sum(row.outcome in ("created", "updated") for row in rows)
            failed = [row.indicator.code for row in rows if row.errors]
            messages.info(request, _("%(saved)s rows saved.") % {"saved": saved})
            if failed:
                messages.error(
                    request,
                    _("%(failed)s rows not saved: they are kept below with their errors.")
                    % {"failed": len(failed)}
                    + " "
                    + _("Rows: %(rows)s.") % {"rows": ", ".join(failed)},
                )
            unexplained = [row.indicator.code for row in rows if row.unexplained and not row.errors]
            if unexplained:
                messages.warning(
                    request,
                    _("Rows with warnings to explain: %(rows)s (the field is on each row).")
                    % {"rows": ", ".join(unexplained)},
                )
        context = self._page_context(request, city, year, theme, _("Enter a year"))
        context.update(year_entry.page_context(rows, year=year, theme=theme, themes=context["themes"]))
        context["may_mark_ready"] = IndicatorValue.Status.READY in workflow.steps_offered(
            workflow.actor_of(request.user)
        )
        return TemplateResponse(request, "admin/indicators/year_entry.html", context)

    def quality_view(self, request):
        """Every blocking problem and warning of a city's year, each with a link to fix it."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        city, year = city_and_year(request)
        problems = city_year_problems(city, year)
        context = self._page_context(request, city, year, None, _("Data quality"))
        missing = missing_indicators(city, year)
        context.update(
            problems=problems,
            blocking=has_blocking(problems),
            missing=missing,
            no_figures=len(missing) == year_entry.indicators_for(None).count(),
        )
        return TemplateResponse(request, "admin/indicators/quality.html", context)

    def history_export_view(self, request, fmt):
        """The audit trail of the selected values (?ids=1,2) or of a city's year, as CSV or XLSX."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        ids = parse_ids(request.GET.get("ids"), parameter="ids")
        if ids:
            records = history.history_of(value_ids=ids).filter(of_viewable_cities(request.user))
            name = "history"
        else:
            city, year = city_and_year(request)
            records = history.history_of(city=city, year=year)
            name = f"history-{city.slug}-{year}"
        if fmt == "csv":
            response = HttpResponse(history.history_csv(records), content_type="text/csv; charset=utf-8")
        elif fmt == "xlsx":
            response = HttpResponse(history.history_xlsx(records), content_type=XLSX_CONTENT_TYPE)
        else:
            raise Http404
        response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
        return response

    def evidence_view(self, request, name):
        """A value's evidence file, for whoever may view the value; the only address such a file has."""
        value = IndicatorValue.objects.filter(evidence_file=name).first()
        if value is None:
            raise Http404
        if not self.has_view_permission(request, value):
            raise PermissionDenied
        try:
            opened = value.evidence_file.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        return FileResponse(opened, as_attachment=True, filename=os.path.basename(name))

    def restore_view(self, request, object_id, history_id):
        """Confirm, then restore an earlier version through the service (the restore is itself recorded)."""
        value = get_object_or_404(IndicatorValue.objects.select_related("city", "indicator"), pk=object_id)
        if not self.has_view_permission(request, value):
            raise PermissionDenied
        record = get_object_or_404(value.history.all(), history_id=history_id)
        page = reverse("admin:indicators_indicatorvalue_change", args=[value.pk])
        lock = workflow.lock_reason(request.user, value)
        error = lock
        if request.method == "POST" and not lock:
            try:
                history.restore(
                    user=request.user,
                    value=value,
                    history_id=record.history_id,
                    reason=request.POST.get("reason", ""),
                    revision_note=request.POST.get("revision_note", ""),
                )
            except ValidationError as refused:
                error = " ".join(refused.messages)
            else:
                messages.success(
                    request, _("The earlier version was restored; the restore is in the history.")
                )
                return HttpResponseRedirect(page)
        context = {
            **self.admin_site.each_context(request),
            "opts": IndicatorValue._meta,
            "title": _("Restore an earlier version"),
            "object": value,
            "record": record,
            "record_figure": reading(record.value, record.text_value, record.gap, record.gap_reason),
            "error": error,
            "locked": bool(lock),
            "needs_revision_note": value.status == IndicatorValue.Status.PUBLISHED,
            "page": page,
        }
        return TemplateResponse(request, "admin/indicators/restore.html", context)
