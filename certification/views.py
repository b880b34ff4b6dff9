"""The auditors' pages: read-only coverage reports, their downloads and the frozen as-audited copies.

Login required (the admin login page); reading needs the certification view permission, freezing the
permission to add a snapshot. Bad parameters get the form's message and a 400, never a traceback.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from indicators.models import City

from .coverage import build_report
from .forms import DownloadForm, ReportScopeForm, form_errors
from .models import Certificate, CoverageSnapshot
from .reports import FORMATS, file_name, localize, summary_rows
from .reports import render as render_file
from .snapshots import freeze as freeze_report
from .snapshots import is_intact

VIEW_PERMISSION = "certification.view_certificate"
FREEZE_PERMISSION = "certification.add_coveragesnapshot"


def auditors_only(view):
    return login_required(permission_required(VIEW_PERMISSION, raise_exception=True)(view))


def download_response(report: dict, file_format: str, snapshot=None) -> HttpResponse:
    content = render_file(report, file_format, get_language(), snapshot)
    response = HttpResponse(content, content_type=FORMATS[file_format])
    response["Content-Disposition"] = f'attachment; filename="{file_name(report, file_format, snapshot)}"'
    return response


def bad_request(request, form) -> HttpResponse:
    return render(request, "certification/bad_request.html", {"message": form_errors(form)}, status=400)


@require_GET
@auditors_only
def index(request):
    certificates = (
        Certificate.objects.select_related("standard", "city", "body")
        .filter(standard__indicator_edition__isnull=False)
        .order_by("city__name", "standard__code", "-cycle_number")
    )
    return render(
        request,
        "certification/index.html",
        {"certificates": certificates, "cities": City.objects.all(), "form": ReportScopeForm()},
    )


@require_GET
@auditors_only
def report(request):
    form = ReportScopeForm(request.GET)
    if not form.is_valid():
        return bad_request(request, form)
    period = form.period
    data = build_report(period)
    context = localize(data, get_language())
    snapshots = CoverageSnapshot.objects.filter(city=period.city).select_related("created_by")
    if period.certificate:
        snapshots = snapshots.filter(certificate=period.certificate)
    else:
        snapshots = snapshots.filter(year=period.years[0])
    return render(
        request,
        "certification/report.html",
        {
            **context,
            "summary": summary_rows(context),
            "query": request.GET.urlencode(),
            "scope": form.cleaned_data,
            "formats": list(FORMATS),
            "snapshots": snapshots,
            "can_freeze": request.user.has_perm(FREEZE_PERMISSION),
        },
    )


@require_GET
@auditors_only
def download(request):
    form = DownloadForm(request.GET)
    if not form.is_valid():
        return bad_request(request, form)
    return download_response(build_report(form.period), form.cleaned_data["format"])


@require_POST
@auditors_only
@permission_required(FREEZE_PERMISSION, raise_exception=True)
def freeze(request):
    form = ReportScopeForm(request.POST)
    if not form.is_valid():
        return bad_request(request, form)
    snapshot = freeze_report(form.period, user=request.user)
    messages.success(request, _("The report is frozen. This copy will not change."))
    return redirect("certification:snapshot", uuid=snapshot.uuid)


@require_GET
@auditors_only
def snapshot(request, uuid):
    frozen = get_object_or_404(CoverageSnapshot.objects.select_related("created_by", "city"), uuid=uuid)
    context = localize(frozen.data, get_language(), frozen)
    return render(
        request,
        "certification/snapshot.html",
        {
            **context,
            "summary": summary_rows(context),
            "frozen": frozen,
            "intact": is_intact(frozen),
            "formats": list(FORMATS),
        },
    )


@require_GET
@auditors_only
def snapshot_download(request, uuid, file_format):
    frozen = get_object_or_404(CoverageSnapshot.objects.select_related("created_by"), uuid=uuid)
    return download_response(frozen.data, file_format, frozen)
