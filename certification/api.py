"""Public, read-only API of certificates and coverage (published values only).

The API engineer wires these views to /api/certificates/ and /api/coverage/. Coverage answers with the
same report dict as the auditors' files, without the names of the staff who entered or verified values.
"""

from django.utils.cache import patch_cache_control, patch_vary_headers
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from .coverage import build_report
from .forms import ReportScopeForm, form_errors
from .models import Audit, Certificate
from .views import VIEW_PERMISSION

PRIVATE_ROW_FIELDS = ("entered_by", "verified_by", "evidence")


class AuditSerializer(serializers.ModelSerializer):
    class Meta:
        model = Audit
        fields = ["kind", "date", "result"]


class CertificateSerializer(serializers.ModelSerializer):
    standard = serializers.CharField(source="standard.code")
    family = serializers.CharField(source="standard.family")
    city = serializers.CharField(source="city.slug")
    body = serializers.CharField(source="body.short_name", default="")
    state = serializers.CharField()
    audits = AuditSerializer(many=True)

    class Meta:
        model = Certificate
        fields = [
            "id",
            "standard",
            "family",
            "city",
            "body",
            "number",
            "cycle_number",
            "first_year",
            "last_year",
            "issued_on",
            "handed_over_on",
            "valid_from",
            "valid_until",
            "scope",
            "reported_indicator_count",
            "reported_core_count",
            "reported_supporting_count",
            "state",
            "audits",
            "notes",
        ]


class CertificateFilter(filters.FilterSet):
    city = filters.CharFilter(field_name="city__slug", help_text="City slug, e.g. gdansk.")
    family = filters.CharFilter(field_name="standard__family", help_text='Standard family, e.g. "ISO 37120".')

    class Meta:
        model = Certificate
        fields = ["city", "family"]


class CertificateViewSet(viewsets.ReadOnlyModelViewSet):
    """Certificates the cities hold: standard, body, cycle, years, reported counts, audits, state."""

    queryset = Certificate.objects.select_related("standard", "city", "body").prefetch_related("audits")
    serializer_class = CertificateSerializer
    permission_classes = [AllowAny]
    filterset_class = CertificateFilter
    ordering_fields = ["cycle_number", "first_year"]


def public_report(report: dict) -> dict:
    rows = [
        {key: value for key, value in row.items() if key not in PRIVATE_ROW_FIELDS} for row in report["rows"]
    ]
    return {**report, "rows": rows}


class CoverageView(APIView):
    """Coverage of ISO 37120 by a city for a year or a certificate's cycle: statuses, counts, level.

    Anonymous callers see an indicator with only unpublished values as missing; auditors see "draft only".
    """

    permission_classes = [AllowAny]

    @extend_schema(
        parameters=[
            OpenApiParameter("city", OpenApiTypes.STR, description="City slug (default: the home city)."),
            OpenApiParameter("year", OpenApiTypes.INT, description="One year (or give certificate)."),
            OpenApiParameter(
                "certificate", OpenApiTypes.INT, description="Certificate id: its cycle's years."
            ),
        ],
        responses={200: OpenApiTypes.OBJECT, 400: OpenApiTypes.OBJECT},
    )
    def get(self, request):
        form = ReportScopeForm(request.query_params)
        if not form.is_valid():
            return Response({"detail": form_errors(form)}, status=400)
        auditor = request.user.has_perm(VIEW_PERMISSION)
        response = Response(public_report(build_report(form.period, drafts_shown=auditor)))
        patch_vary_headers(response, ["Cookie", "Authorization"])
        if auditor:
            patch_cache_control(response, private=True)
        return response
