"""The registry's REST API: public reads of published data, writes for the people the admin trusts.

Reads go through `published_values` (never a draft); writes through `save_value`, with the admin's
model permissions, so validation, history and roles are the same whichever door a value comes in by.
"""

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation.trans_real import parse_accept_lang_header
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, PermissionDenied, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from indicators.models import City, Edition, Indicator, IndicatorValue, Theme
from indicators.selectors import published_values
from indicators.services import VALUE_FIELDS, save_value

from . import filters, serializers
from .caching import data_version, response_etag
from .renderers import CSVRenderer

LANG_PARAMETER = OpenApiParameter(
    "lang",
    OpenApiTypes.STR,
    enum=[code for code, _name in settings.LANGUAGES],
    description="Language of names and definitions; default from Accept-Language, else pl.",
)
EDITION_PARAMETER = OpenApiParameter(
    "edition", OpenApiTypes.INT, enum=Edition.values, description="Edition of the standard; default 2014."
)
STATUS_PERMISSIONS = {
    IndicatorValue.Status.VERIFIED: "indicators.verify_indicatorvalue",
    IndicatorValue.Status.PUBLISHED: "indicators.publish_indicatorvalue",
}
BULK_MAX_ITEMS = 1000


def requested_language(request) -> str:
    """`?lang=` if given (must be a site language), else the best Accept-Language match, else Polish."""
    supported = [code for code, _name in settings.LANGUAGES]
    asked = request.query_params.get("lang")
    if asked is not None:
        if asked not in supported:
            raise ValidationError({"lang": [_("Choose one of: %s.") % ", ".join(supported)]})
        return asked
    for code, _quality in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            continue
    return settings.LANGUAGE_CODE


class PublicReadAdminWrite(permissions.DjangoModelPermissions):
    """Anyone may read (published data only); writing needs the admin's add/change permission."""

    def has_permission(self, request, view):
        return request.method in permissions.SAFE_METHODS or super().has_permission(request, view)


class Pagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 1000


class EarlyResponse(APIException):
    """Raised when the answer is known before any work: a 304, or the same representation cached."""

    def __init__(self, response):
        super().__init__()
        self.response = response


class PublicDataViewSet(viewsets.GenericViewSet):
    """Language, revalidation (ETag/Last-Modified → 304), Cache-Control and CSV for the list endpoints.

    A rendered response is also kept in the cache under its ETag, so a repeated request costs the two
    queries of the data version, like a revalidation.
    """

    permission_classes = [PublicReadAdminWrite]
    pagination_class = Pagination
    filter_backends = [DjangoFilterBackend]

    def get_renderers(self):
        if self.action == "list":
            return [JSONRenderer(), CSVRenderer()]
        return [JSONRenderer()]

    def paginate_queryset(self, queryset):
        """A CSV is the whole filtered list: the point of it is one file."""
        if self.request.accepted_renderer.format == CSVRenderer.format:
            return None
        return super().paginate_queryset(queryset)

    def initial(self, request, *args, **kwargs):
        translation.activate(requested_language(request))  # first, so even a 429 speaks the asked language
        super().initial(request, *args, **kwargs)
        self.cache_validators = None
        if request.method in ("GET", "HEAD"):
            version = data_version()
            etag = response_etag(
                version, request.get_full_path(), translation.get_language(), request.accepted_renderer.format
            )
            last_modified = int(version.changed_at.timestamp()) if version.changed_at else None
            self.cache_validators = (etag, version.http_last_modified)
            early = get_conditional_response(request, etag=etag, last_modified=last_modified)
            if early is None and (cached := cache.get(rendered_cache_key(etag))) is not None:
                content, content_type = cached
                early = HttpResponse(content, content_type=content_type)
            if early is not None:
                raise EarlyResponse(early)

    def handle_exception(self, exc):
        if isinstance(exc, EarlyResponse):
            return exc.response
        return super().handle_exception(exc)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        patch_vary_headers(response, ["Accept", "Accept-Language"])
        if getattr(self, "cache_validators", None) and response.status_code in (200, 304):
            etag, last_modified = self.cache_validators
            response["ETag"] = etag
            if last_modified:
                response["Last-Modified"] = last_modified
            patch_cache_control(response, public=True, max_age=settings.API_CACHE_MAX_AGE)
            if isinstance(response, Response) and response.status_code == 200:
                response.render()  # kept by ETag, which names the data version: never served stale
                cache.set(rendered_cache_key(etag), (response.content, response["Content-Type"]), 600)
        return response


def rendered_cache_key(etag: str) -> str:
    return f"api:rendered:{etag}"


def public_read_schema(*retrieve_parameters):
    return extend_schema_view(
        list=extend_schema(parameters=[LANG_PARAMETER]),
        retrieve=extend_schema(parameters=[LANG_PARAMETER, *retrieve_parameters]),
    )


def requested_edition(request) -> int:
    try:
        edition = int(request.query_params.get("edition", Edition.ISO_37120_2014))
    except ValueError:
        edition = None
    if edition not in Edition.values:
        raise ValidationError({"edition": [_("Choose one of: %s.") % ", ".join(map(str, Edition.values))]})
    return edition


@public_read_schema()
class CityViewSet(PublicDataViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    queryset = City.objects.order_by("slug")
    serializer_class = serializers.CitySerializer
    filterset_class = filters.CityFilter
    lookup_field = "slug"


@public_read_schema(EDITION_PARAMETER)
class ThemeViewSet(PublicDataViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    queryset = Theme.objects.all()
    serializer_class = serializers.ThemeSerializer
    filterset_class = filters.ThemeFilter
    lookup_field = "number"
    lookup_value_regex = r"\d+"

    def get_object(self):
        return get_object_or_404(Theme, edition=requested_edition(self.request), number=self.kwargs["number"])


@public_read_schema(EDITION_PARAMETER)
class IndicatorViewSet(PublicDataViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Indicators by code (`/api/indicators/5.1/`); codes are unique within an edition."""

    queryset = Indicator.objects.select_related("theme")
    serializer_class = serializers.IndicatorSerializer
    filterset_class = filters.IndicatorFilter
    lookup_field = "code"
    lookup_value_regex = r"[^/]+"

    def get_object(self):
        return get_object_or_404(
            self.get_queryset(), edition=requested_edition(self.request), code=self.kwargs["code"]
        )


@public_read_schema()
class ValueViewSet(
    PublicDataViewSet,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
):
    """Published values for everyone; statisticians create and correct values (drafts) through the service."""

    serializer_class = serializers.ValueSerializer
    filterset_class = filters.ValueFilter
    queryset = IndicatorValue.objects.none()  # for the permission class: the model whose permissions apply

    def get_queryset(self):
        if self.request.method in permissions.SAFE_METHODS:
            return published_values()
        return IndicatorValue.objects.select_related("city", "indicator", "indicator__theme")

    def get_serializer_class(self):
        if self.action == "create":
            return serializers.ValueWriteSerializer
        if self.action in ("update", "partial_update"):
            return serializers.ValueFigureSerializer
        return serializers.ValueSerializer

    def get_permissions(self):
        if self.action == "bulk":
            return [permissions.IsAuthenticated()]
        return super().get_permissions()

    @extend_schema(request=serializers.ValueWriteSerializer, responses={201: serializers.ValueSerializer})
    def create(self, request, *args, **kwargs):
        incoming = self.get_serializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        fields = incoming.validated_data
        if IndicatorValue.objects.filter(
            city=fields["city"], indicator=fields["indicator"], year=fields["year"]
        ).exists():
            raise ValidationError(
                {"non_field_errors": [_("This value exists already: change it with PUT or PATCH.")]}
            )
        self.check_status_permission(fields.get("status"))
        value = self.save(fields)
        return Response(serializers.ValueSerializer(value).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=serializers.ValueFigureSerializer, responses={200: serializers.ValueSerializer})
    def update(self, request, *args, **kwargs):
        existing = self.get_object()
        incoming = self.get_serializer(data=request.data, partial=kwargs.get("partial", False))
        incoming.is_valid(raise_exception=True)
        fields = {"city": existing.city, "indicator": existing.indicator, "year": existing.year}
        for name in VALUE_FIELDS:
            fields[name] = incoming.validated_data.get(
                name, getattr(existing, name) if incoming.partial else None
            )
        fields["status"] = incoming.validated_data.get("status")
        fields["revision_note"] = incoming.validated_data.get("revision_note", "")
        self.check_status_permission(fields["status"])
        return Response(serializers.ValueSerializer(self.save(fields)).data)

    @extend_schema(request=serializers.ValueFigureSerializer, responses={200: serializers.ValueSerializer})
    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, partial=True, **kwargs)

    def check_status_permission(self, wanted_status):
        refusal = status_refusal(self.request.user, wanted_status)
        if refusal:
            raise PermissionDenied(refusal)

    def save(self, fields: dict) -> IndicatorValue:
        try:
            value, _outcome = save_value(
                user=self.request.user, change_reason=_("changed through the API"), **fields
            )
        except DjangoValidationError as error:
            raise ValidationError(serializers.field_errors(error)) from None
        return value

    @extend_schema(
        request=serializers.ValueWriteSerializer(many=True),
        responses={
            200: serializers.BulkResultSerializer,
            400: serializers.BulkErrorSerializer,
            403: serializers.BulkErrorSerializer,
        },
    )
    @action(detail=False, methods=["post"])
    def bulk(self, request):
        """Create or update many values at once: all of them, or none and every error with its index."""
        if not isinstance(request.data, list) or not 1 <= len(request.data) <= BULK_MAX_ITEMS:
            message = _("Send a JSON array of 1 to %(max)s values.") % {"max": BULK_MAX_ITEMS}
            return Response({"detail": message, "errors": []}, status=status.HTTP_400_BAD_REQUEST)
        with transaction.atomic():
            outcomes, errors, refusals = bulk_upsert(request.user, request.data)
            if errors or refusals:
                transaction.set_rollback(True)
        if refusals:
            return Response(
                {
                    "detail": _("You may not make some of these changes; nothing was saved."),
                    "errors": refusals,
                },
                status=status.HTTP_403_FORBIDDEN,
            )
        if errors:
            return Response(
                {"detail": _("Some values are invalid; nothing was saved."), "errors": errors},
                status=status.HTTP_400_BAD_REQUEST,
            )
        counts = {
            outcome: sum(1 for _value, done in outcomes if done == outcome)
            for outcome in ("created", "updated", "unchanged")
        }
        saved = [value for value, _outcome in outcomes]
        return Response({**counts, "values": serializers.ValueSerializer(saved, many=True).data})


def status_refusal(user, wanted_status) -> str | None:
    permission = STATUS_PERMISSIONS.get(wanted_status)
    if permission and not user.has_perm(permission):
        return _("You may not set the status %(status)s.") % {"status": wanted_status}
    return None


def bulk_upsert(user, items: list) -> tuple[list, list, list]:
    """Save every item through the service; collect errors (validation) and refusals (permissions) by index.

    Runs inside the caller's transaction, which rolls everything back when anything went wrong.
    """
    outcomes, errors, refusals, seen = [], [], [], {}
    for index, item in enumerate(items):
        incoming = serializers.ValueWriteSerializer(data=item)
        if not incoming.is_valid():
            errors.append({"index": index, "errors": incoming.errors})
            continue
        fields = dict(incoming.validated_data)
        key = (fields["city"].pk, fields["indicator"].pk, fields["year"])
        if key in seen:
            message = _("The same value as item %(index)s.") % {"index": seen[key]}
            errors.append({"index": index, "errors": {"non_field_errors": [message]}})
            continue
        seen[key] = index
        exists = IndicatorValue.objects.filter(city=key[0], indicator=key[1], year=key[2]).exists()
        needed = "indicators.change_indicatorvalue" if exists else "indicators.add_indicatorvalue"
        refusal = status_refusal(user, fields.get("status"))
        if not user.has_perm(needed):
            refusal = _("You may not add or change this value.")
        if refusal:
            refusals.append({"index": index, "errors": {"non_field_errors": [refusal]}})
            continue
        fields.setdefault("status", None)
        try:
            outcomes.append(save_value(user=user, change_reason=_("bulk upsert through the API"), **fields))
        except DjangoValidationError as error:
            errors.append({"index": index, "errors": serializers.field_errors(error)})
    return outcomes, errors, refusals
