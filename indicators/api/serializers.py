"""Stable, flat field names for the API (and the CSV columns of the list endpoints).

Numbers are decimal strings ("12.30"), never JSON floats, so no precision is lost; a value is given
exactly as stored, with at least its indicator's decimal places (indicators.numbers reads and writes them).
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from indicators.models import CURRENT_EDITION, City, Edition, Indicator, IndicatorValue, Theme, ValueKind
from indicators.numbers import NumberError, exact_text, read_api
from indicators.params import BadParameter, parse_edition

DECIMAL_STRING = {
    "type": "string",
    "format": "decimal",
    "nullable": True,
    "pattern": r"^-?\d+(\.\d+)?$",
    "example": "12.30",
    "description": "A decimal number as a string (exact, never a float); null when not given.",
}


def decimal_text(number) -> str | None:
    return None if number is None else exact_text(number)


class CitySerializer(serializers.ModelSerializer):
    class Meta:
        model = City
        fields = ["slug", "name", "country"]


class ThemeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Theme
        fields = ["edition", "number", "slug", "name"]


class IndicatorSerializer(serializers.ModelSerializer):
    theme = serializers.IntegerField(
        source="theme.number", read_only=True, allow_null=True, help_text=_("Theme number; null for profile.")
    )
    scale = serializers.SerializerMethodField()
    min_value = serializers.SerializerMethodField()
    max_value = serializers.SerializerMethodField()
    soft_min_value = serializers.SerializerMethodField()
    soft_max_value = serializers.SerializerMethodField()

    class Meta:
        model = Indicator
        fields = [
            "code",
            "edition",
            "theme",
            "kind",
            "profile_group",
            "value_type",
            "name",
            "definition",
            "unit",
            "numerator",
            "denominator",
            "scale",
            "min_value",
            "max_value",
            "soft_min_value",
            "soft_max_value",
            "decimal_places",
            "higher_is_better",
        ]

    @extend_schema_field(DECIMAL_STRING)
    def get_scale(self, indicator) -> str | None:
        return decimal_text(indicator.scale)

    @extend_schema_field(DECIMAL_STRING)
    def get_min_value(self, indicator) -> str | None:
        return decimal_text(indicator.min_value)

    @extend_schema_field(DECIMAL_STRING)
    def get_max_value(self, indicator) -> str | None:
        return decimal_text(indicator.max_value)

    @extend_schema_field(DECIMAL_STRING)
    def get_soft_min_value(self, indicator) -> str | None:
        """Below it a figure is possible but unusual (min_value: impossible)."""
        return decimal_text(indicator.soft_min_value)

    @extend_schema_field(DECIMAL_STRING)
    def get_soft_max_value(self, indicator) -> str | None:
        """Above it a figure is possible but unusual (max_value: impossible)."""
        return decimal_text(indicator.soft_max_value)


class ValueSerializer(serializers.ModelSerializer):
    """A value with what a reader needs beside it (indicator code, theme, unit), flat for CSV."""

    city = serializers.CharField(source="city.slug", read_only=True)
    indicator = serializers.CharField(source="indicator.code", read_only=True)
    edition = serializers.IntegerField(source="indicator.edition", read_only=True)
    theme = serializers.IntegerField(source="indicator.theme.number", read_only=True, allow_null=True)
    kind = serializers.CharField(source="indicator.kind", read_only=True)
    unit = serializers.CharField(source="indicator.unit", read_only=True)
    value = serializers.SerializerMethodField()
    numerator = serializers.SerializerMethodField()
    denominator = serializers.SerializerMethodField()

    class Meta:
        model = IndicatorValue
        fields = [
            "id",
            "city",
            "indicator",
            "edition",
            "theme",
            "kind",
            "year",
            "value",
            "text_value",
            "gap",
            "gap_reason",
            "unit",
            "numerator",
            "denominator",
            "source",
            "notes",
            "status",
            "updated_at",
        ]

    @extend_schema_field(
        {**DECIMAL_STRING, "description": "Exactly as stored, with at least the indicator's decimal places."}
    )
    def get_value(self, value) -> str | None:
        if value.holds is not ValueKind.FIGURE:
            return None  # a text or a gap has its own field
        return exact_text(value.value, min_places=value.indicator.decimal_places)

    @extend_schema_field(DECIMAL_STRING)
    def get_numerator(self, value) -> str | None:
        return decimal_text(value.numerator)

    @extend_schema_field(DECIMAL_STRING)
    def get_denominator(self, value) -> str | None:
        return decimal_text(value.denominator)


class DecimalInput(serializers.DecimalField):
    """A figure sent as a decimal string with a dot ("1234.5") or as a JSON number."""

    def to_internal_value(self, data):
        try:
            number = read_api(data)
        except NumberError as error:
            raise serializers.ValidationError(str(error), code="invalid") from error
        return self.quantize(self.validate_precision(number))


class ValueWrittenSerializer(ValueSerializer):
    """A value just written, with the version to send back in If-Match (as its ETag) or a bulk item."""

    class Meta(ValueSerializer.Meta):
        fields = [*ValueSerializer.Meta.fields, "version"]


def decimal_input(**kwargs):
    return DecimalInput(
        max_digits=24, decimal_places=6, required=False, allow_null=True, coerce_to_string=True, **kwargs
    )


class ValueFigureSerializer(serializers.Serializer):
    """What a writer may change on an existing value; numbers as decimal strings (or JSON numbers)."""

    value = decimal_input()
    text_value = serializers.CharField(required=False, allow_blank=True, max_length=500)
    gap = serializers.ChoiceField(
        choices=IndicatorValue.Gap.choices,
        required=False,
        allow_blank=True,
        help_text=_("Instead of a figure: not_applicable or not_available, with gap_reason; blank for none."),
    )
    gap_reason = serializers.CharField(
        required=False, allow_blank=True, help_text=_("Why there is no figure: required with a gap.")
    )
    numerator = decimal_input()
    denominator = decimal_input()
    source = serializers.CharField(required=False, allow_blank=True)
    notes = serializers.CharField(required=False, allow_blank=True)
    status = serializers.ChoiceField(
        choices=IndicatorValue.Status.choices,
        required=False,
        help_text=_(
            "Leave out to keep it; a changed draft or verified figure goes back to draft. "
            "Needs verify/publish rights."
        ),
    )
    revision_note = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text=_("Required to correct a published figure (reviewers only): shown to residents."),
    )
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text=_("Required to send a value back to draft (reviewers only): the statistician reads it."),
    )


class CitySlugField(serializers.SlugRelatedField):
    """A city by its slug. Text no slug can hold (a NUL character, which PostgreSQL cannot even compare)
    is answered as an unknown city instead of reaching the database."""

    def to_internal_value(self, data):
        if isinstance(data, str) and "\x00" in data:
            self.fail("does_not_exist", slug_name=self.slug_field, value=data.replace("\x00", "\\0"))
        return super().to_internal_value(data)


class EditionField(serializers.ChoiceField):
    """An edition in a body ("2014" or 2014), read by indicators.params.parse_edition like the parameter;
    documented with the model's choices."""

    def __init__(self, **kwargs):
        super().__init__(choices=Edition.choices, **kwargs)

    def to_internal_value(self, data):
        try:
            edition = parse_edition(data)
        except BadParameter as error:
            raise serializers.ValidationError(str(error), code="invalid_choice") from None
        if edition is None:
            self.fail("required")
        return edition


class ValueWriteSerializer(ValueFigureSerializer):
    """A value identified by city slug, indicator code (in an edition, 2014 by default) and year."""

    city = CitySlugField(slug_field="slug", queryset=City.objects.all())
    indicator = serializers.CharField(max_length=16, help_text=_('Indicator code, e.g. "5.1".'))
    edition = EditionField(default=CURRENT_EDITION)
    year = serializers.IntegerField(min_value=0, max_value=32767)
    version = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text=_(
            "The version the value was read at: refused (409) if it changed since. Leave out to skip."
        ),
    )

    def validate(self, attrs):
        try:
            attrs["indicator"] = Indicator.objects.get(edition=attrs.pop("edition"), code=attrs["indicator"])
        except Indicator.DoesNotExist:
            raise serializers.ValidationError(
                {"indicator": [_("No indicator with this code in this edition.")]}
            ) from None
        return attrs


def field_errors(error: DjangoValidationError) -> dict | list:
    """A model ValidationError as DRF-style field messages (`non_field_errors` for the whole value)."""
    if hasattr(error, "error_dict"):
        return {
            ("non_field_errors" if field == "__all__" else field): messages
            for field, messages in error.message_dict.items()
        }
    return {"non_field_errors": error.messages}


class BulkResultSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    values = ValueWrittenSerializer(many=True)


class BulkItemErrorSerializer(serializers.Serializer):
    index = serializers.IntegerField(help_text=_("Position of the item in the request, from 0."))
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()), help_text=_("Messages by field.")
    )


class BulkErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
    errors = BulkItemErrorSerializer(
        many=True,
        required=False,
        help_text=_("Every problem found, by item; absent when the body is not JSON."),
    )
