"""The comparison in the API: the same figures as the page, as JSON or CSV, and the peer groups."""

from decimal import Decimal

from django.shortcuts import get_object_or_404
from django.utils import translation
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.generics import ListAPIView
from rest_framework.permissions import AllowAny
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from ..api.renderers import csv_cell
from ..api.serializers import decimal_text
from ..api.views import LANG_PARAMETER, requested_language
from ..exporting import csv_text
from ..models import CURRENT_EDITION, City, Indicator
from ..params import BadParameter, parse_year
from . import builders, selectors
from .models import PeerGroup

CITY_COLUMNS = ["rank", "city", "name", "country", "year", "value", "source", "other_year", "home"]


def statistic_text(number: float | None) -> str | None:
    """A statistic (a float from the analytics) as the API writes numbers, without binary noise."""
    return None if number is None else decimal_text(Decimal(repr(number)))


def csv_value(cell):
    """true/false as in the JSON; decimal strings as numbers (so "-1.5" is no formula to escape)."""
    if isinstance(cell, bool):
        return "true" if cell else "false"
    return csv_cell(cell)


class ComparisonCSVRenderer(BaseRenderer):
    """`?format=csv`: one row per city, in the table's order."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if "cities" not in data:  # an error
            return csv_text(list(data), [list(data.values())]).encode(self.charset)
        rows = ([csv_value(city[column]) for column in CITY_COLUMNS] for city in data["cities"])
        return csv_text(CITY_COLUMNS, rows).encode(self.charset)


def comparison_data(comparison: builders.IndicatorComparison) -> dict:
    summary = comparison.summary
    return {
        "indicator": comparison.indicator.code,
        "edition": comparison.indicator.edition,
        "higher_is_better": comparison.indicator.higher_is_better,
        "group": comparison.group.slug,
        "year": comparison.year,
        "year_window": comparison.window,
        "home_city": comparison.home.slug,
        "home_in_group": comparison.home_in_group,
        "home_rank": (
            {"rank": comparison.home_rank[0], "of": comparison.home_rank[1]} if comparison.home_rank else None
        ),
        "summary": {
            "n": summary.n,
            **{
                name: statistic_text(getattr(summary, name))
                for name in ("minimum", "q1", "median", "q3", "maximum")
            },
        },
        "excluded": comparison.excluded,
        "cities": [
            {
                "rank": row.rank,
                "city": row.slug,
                "name": row.name,
                "country": row.country,
                "year": row.year,
                "value": decimal_text(row.figure),
                "source": row.source,
                "other_year": row.off_year,
                "home": row.is_home,
            }
            for row in comparison.rows
        ],
    }


class ComparisonView(APIView):
    """An indicator compared within a peer group: n, quartiles, the home city's rank, every city's figure."""

    permission_classes = [AllowAny]
    renderer_classes = [JSONRenderer, ComparisonCSVRenderer]

    def initial(self, request, *args, **kwargs):
        translation.activate(requested_language(request))
        super().initial(request, *args, **kwargs)

    @extend_schema(
        parameters=[
            OpenApiParameter("indicator", OpenApiTypes.STR, required=True, description='Code, e.g. "5.1".'),
            OpenApiParameter(
                "group", OpenApiTypes.STR, description="Peer group slug (default polish-cities)."
            ),
            OpenApiParameter("year", OpenApiTypes.INT, description="Default: the home city's latest year."),
            LANG_PARAMETER,
        ],
        responses={200: OpenApiTypes.OBJECT, 400: OpenApiTypes.OBJECT},
    )
    def get(self, request):
        code = request.query_params.get("indicator", "")
        if not code:
            raise ValidationError({"indicator": [_("Give an indicator code, e.g. 5.1.")]})
        indicator = get_object_or_404(Indicator, edition=CURRENT_EDITION, code=code)
        slug = request.query_params.get("group", selectors.DEFAULT_GROUP)
        group = get_object_or_404(PeerGroup, slug=slug)
        try:
            year = parse_year(request.query_params.get("year"))
        except BadParameter:
            raise ValidationError({"year": [_("Give a year as four digits, e.g. 2020.")]}) from None
        comparison = builders.indicator_comparison(indicator, group, City.objects.home(), year)
        return Response(comparison_data(comparison))


class PeerGroupSerializer(serializers.ModelSerializer):
    cities = serializers.SerializerMethodField(help_text="Slugs of the member cities (by hand and by rule).")

    class Meta:
        model = PeerGroup
        fields = [
            "slug",
            "name",
            "description",
            "by_rule",
            "rule_country",
            "rule_region",
            "rule_population_min",
            "rule_population_max",
            "cities",
        ]

    def get_cities(self, group) -> list[str]:
        return list(selectors.member_cities(group).order_by("slug").values_list("slug", flat=True))


@extend_schema(parameters=[LANG_PARAMETER])
class PeerGroupListView(ListAPIView):
    """Peer groups: name and description in the asked language, the rule, and the member cities."""

    permission_classes = [AllowAny]
    serializer_class = PeerGroupSerializer
    queryset = PeerGroup.objects.order_by("slug")
    pagination_class = None

    def initial(self, request, *args, **kwargs):
        translation.activate(requested_language(request))
        super().initial(request, *args, **kwargs)
