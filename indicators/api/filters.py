"""Query parameters of the list endpoints (django-filter: they document themselves in the schema).

Every list covers one edition of the standard (codes and theme numbers are unique within it):
`?edition=2018`, or ISO 37120:2014 by default.
"""

import django_filters
from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework.exceptions import ValidationError

from indicators.models import CURRENT_EDITION, City, Edition, Indicator, IndicatorValue, Theme
from indicators.params import BadParameter, parse_edition, parse_year

THEME_BOUNDS = {"min_value": 0, "max_value": 999, "decimal_places": 0}


class YearField(forms.CharField):
    """A year in a query parameter, read by indicators.params.parse_year like the pages' `?year=`."""

    def __init__(self, *, parameter: str, **kwargs):
        self.parameter = parameter
        super().__init__(**kwargs)

    def to_python(self, value):
        try:
            return parse_year(super().to_python(value), parameter=self.parameter)
        except BadParameter as error:
            raise forms.ValidationError(str(error), code="invalid") from None


@extend_schema_field({"type": "integer", "minimum": 1000, "maximum": 9999})  # four ASCII digits
class YearFilter(django_filters.Filter):
    field_class = YearField


def requested_edition(raw: str | int | None) -> int:
    """The `edition` an API request names (indicators.params.parse_edition), 2014 by default; a 400 naming
    the parameter otherwise."""
    try:
        return parse_edition(raw) or CURRENT_EDITION
    except BadParameter as error:
        raise ValidationError({"edition": [str(error)]}) from None


class EditionScopedFilterSet(django_filters.FilterSet):
    edition_field = "edition"
    edition = extend_schema_field({"type": "integer", "enum": Edition.values})(
        django_filters.CharFilter(method="filter_edition", help_text=_("Default 2014."))
    )

    def requested_edition(self) -> int:
        return requested_edition(self.data.get("edition"))

    def filter_edition(self, queryset, name, value):
        return queryset  # applied in filter_queryset, with its default

    def filter_queryset(self, queryset):
        scoped = queryset.filter(**{self.edition_field: self.requested_edition()})
        return super().filter_queryset(scoped)


class ThemeFilter(EditionScopedFilterSet):
    class Meta:
        model = Theme
        fields = ["edition"]


class CityFilter(django_filters.FilterSet):
    country = django_filters.CharFilter(help_text=_("ISO 3166-1 alpha-2 code, e.g. PL."))

    class Meta:
        model = City
        fields = ["country"]


class IndicatorFilter(EditionScopedFilterSet):
    theme = django_filters.NumberFilter(
        field_name="theme__number", help_text=_("Theme number."), **THEME_BOUNDS
    )
    kind = django_filters.ChoiceFilter(choices=Indicator.Kind.choices)
    code = django_filters.CharFilter(help_text=_('Exact code, e.g. "5.1".'))
    search = django_filters.CharFilter(
        method="search_name", help_text=_("Part of the name, in the language of the response.")
    )

    class Meta:
        model = Indicator
        fields = ["edition", "theme", "kind", "code", "search"]

    def search_name(self, queryset, name, value):
        return queryset.filter(**{f"name_{get_language()}__icontains": value})


class ValueFilter(EditionScopedFilterSet):
    edition_field = "indicator__edition"
    city = django_filters.CharFilter(field_name="city__slug", help_text=_("City slug, e.g. gdansk."))
    indicator = django_filters.CharFilter(
        field_name="indicator__code", help_text=_('Indicator code, e.g. "5.1".')
    )
    theme = django_filters.NumberFilter(
        field_name="indicator__theme__number", help_text=_("Theme number."), **THEME_BOUNDS
    )
    kind = django_filters.ChoiceFilter(field_name="indicator__kind", choices=Indicator.Kind.choices)
    year = YearFilter(parameter="year")
    year_from = YearFilter(
        field_name="year", lookup_expr="gte", help_text=_("First year."), parameter="year_from"
    )
    year_to = YearFilter(field_name="year", lookup_expr="lte", help_text=_("Last year."), parameter="year_to")
    ordering = django_filters.OrderingFilter(
        fields=(("city__slug", "city"), ("indicator__sort_key", "indicator"), ("year", "year")),
        help_text=_("Default: city, indicator, year."),
    )

    class Meta:
        model = IndicatorValue
        fields = ["city", "indicator", "edition", "theme", "kind", "year", "year_from", "year_to"]
