"""/api/progress/?city=<slug>&theme=<n>: the progress table as JSON or CSV (`?format=csv`), with ETag
and Last-Modified from the one data version, like the rest of the public API."""

from django.conf import settings
from django.shortcuts import get_object_or_404
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import caching, data_version
from ..api.views import LANG_PARAMETER, requested_language
from ..csv_safe import csv_text
from ..models import CURRENT_EDITION, City, Theme
from ..params import PLAIN_ID
from . import selectors, tables
from .method import Method, Status


class ProgressCSVRenderer(BaseRenderer):
    """One row per indicator in tables.COLUMNS order: the same file as the page's CSV, for machines."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if "indicators" not in data:  # an error
            return csv_text(list(data), [[str(v) for v in data.values()]]).encode(self.charset)
        rows = (
            [tables.as_text(record[column]) for column in tables.COLUMNS] for record in data["indicators"]
        )
        return csv_text(tables.COLUMNS, rows).encode(self.charset)


def _text_or_none(cell):
    return None if cell is None or cell == "" else tables.as_text(cell)


PROGRESS_ROW_FIELDS = {
    **{column: serializers.CharField(allow_null=True) for column in tables.COLUMNS},
    "theme": serializers.IntegerField(allow_null=True),
    "base_year": serializers.IntegerField(allow_null=True),
    "latest_year": serializers.IntegerField(allow_null=True),
    "target_year": serializers.IntegerField(allow_null=True),
    "higher_is_better": serializers.BooleanField(allow_null=True),
    "status": serializers.CharField(help_text=f"One of: {', '.join(Status)}."),
    "base": serializers.DecimalField(max_digits=40, decimal_places=6, allow_null=True),
    "latest": serializers.DecimalField(max_digits=40, decimal_places=6, allow_null=True),
    "rate": serializers.DecimalField(max_digits=40, decimal_places=6, allow_null=True),
    "target": serializers.DecimalField(max_digits=40, decimal_places=6, allow_null=True),
    "required_rate": serializers.DecimalField(max_digits=40, decimal_places=6, allow_null=True),
    "ratio": serializers.DecimalField(max_digits=40, decimal_places=6, allow_null=True),
}
PROGRESS_RESPONSE = inline_serializer(
    "Progress",
    {
        "city": serializers.CharField(),
        "theme": serializers.IntegerField(allow_null=True),
        "base_year": serializers.IntegerField(),
        "counts": serializers.DictField(child=serializers.IntegerField()),
        "indicators": inline_serializer("ProgressRow", PROGRESS_ROW_FIELDS, many=True),
    },
)


class ProgressView(APIView):
    """Every indicator's progress status for a city (default: the home city), with each component of the
    calculation (base and latest figures and years, rate, target, needed rate, ratio): Open SDG's method,
    published figures and targets only. Rates are fractions a year (0.021 is +2.1 %)."""

    permission_classes = [AllowAny]
    renderer_classes = [JSONRenderer, ProgressCSVRenderer]

    def initial(self, request, *args, **kwargs):
        translation.activate(requested_language(request))
        super().initial(request, *args, **kwargs)

    @extend_schema(
        parameters=[
            OpenApiParameter("city", OpenApiTypes.STR, description="City slug (default: the home city)."),
            OpenApiParameter("theme", OpenApiTypes.INT, description="Theme number (default: every theme)."),
            LANG_PARAMETER,
        ],
        responses={200: PROGRESS_RESPONSE, 304: None, 400: OpenApiTypes.OBJECT, 404: OpenApiTypes.OBJECT},
    )
    def get(self, request):
        version = data_version.current(request)
        etag = caching.response_etag(
            version, request.get_full_path(), translation.get_language(), request.accepted_renderer.format
        )
        early = get_conditional_response(request, etag=etag, last_modified=caching.last_modified(version))
        if early is not None:
            return self._validated(early, etag, version)
        slug = request.query_params.get("city", "")
        city = get_object_or_404(City, slug=slug) if slug else City.objects.home()
        theme = None
        number = request.query_params.get("theme", "")
        if number:
            if not PLAIN_ID.fullmatch(number):
                raise ValidationError({"theme": [_("Give a theme number, e.g. 5.")]})
            theme = get_object_or_404(Theme, edition=CURRENT_EDITION, number=int(number))
        method = Method.from_settings()
        rows = selectors.city_progress(city, selectors.performance_indicators(theme), method)
        records = [tables.record(row, city.slug, method) for row in rows]
        data = {
            "city": city.slug,
            "theme": theme.number if theme else None,
            "base_year": method.base_year,
            "counts": {str(status): count for status, count in selectors.status_counts(rows)},
            "indicators": [
                {
                    column: cell if isinstance(cell, bool | int) or cell is None else _text_or_none(cell)
                    for column, cell in record.items()
                }
                for record in records
            ],
        }
        return self._validated(Response(data), etag, version)

    @staticmethod
    def _validated(response, etag, version):
        response["ETag"] = etag
        if last_modified := caching.http_last_modified(version):
            response["Last-Modified"] = last_modified
        patch_cache_control(response, public=True, max_age=settings.API_CACHE_MAX_AGE)
        patch_vary_headers(response, ["Accept", "Accept-Language"])
        return response
