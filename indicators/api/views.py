"""The registry's REST API: public reads of published data, writes for the people the admin trusts.

Reads go through `published_values` (never a draft); writes through `save_value`, whose workflow
decision says what happens or why not, so validation, history and roles are the same whichever door a
value comes in by. This module only translates a refusal's kind into an HTTP status.
"""

import re

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
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from indicators import caching, data_version
from indicators.contention import lost_a_race
from indicators.models import City, Edition, Indicator, IndicatorValue, Theme
from indicators.selectors import published_values
from indicators.services import Refusal, save_value
from indicators.visibility import may_view_values, readable_values

from . import filters, serializers
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
BULK_MAX_ITEMS = 1000
REFUSAL_STATUS = {
    Refusal.FORBIDDEN: status.HTTP_403_FORBIDDEN,
    Refusal.CONFLICT: status.HTTP_409_CONFLICT,
    Refusal.STALE: status.HTTP_412_PRECONDITION_FAILED,
    Refusal.INVALID: status.HTTP_400_BAD_REQUEST,
}
VALUE_ETAG = re.compile(r'^(?:W/)?"value-(\d+)-v(\d+)"$')


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


class PublicReadSignedInWrite(permissions.BasePermission):
    """Anyone may read (published data only); a write needs a signed-in person, whose rights the
    workflow decision then weighs (indicators.workflow.decide)."""

    def has_permission(self, request, view):
        return request.method in permissions.SAFE_METHODS or bool(
            request.user and request.user.is_authenticated
        )


class Refused(APIException):
    """A workflow refusal, answered with the status its kind maps to and the messages by field."""

    def __init__(self, refusal, http_status: int):
        super().__init__(serializers.field_errors(refusal))
        self.status_code = http_status


def value_etag(value: IndicatorValue) -> str:
    """The ETag a writer sends back in If-Match: it names the value and the version it saw."""
    return f'"value-{value.pk}-v{value.version}"'


def version_in(if_match: str | None, value_id: int) -> int | None:
    """The version an If-Match header names (0, never current, for another value's or an unknown tag)."""
    if if_match is None or if_match.strip() == "*":
        return None
    match = VALUE_ETAG.match(if_match.strip())
    if match is None or int(match[1]) != value_id:
        return 0
    return int(match[2])


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

    A rendered response is also kept in the cache under its ETag, so a repeated request costs the one
    query of the data version, like a revalidation.
    """

    permission_classes = [PublicReadSignedInWrite]
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
        if request.method in ("GET", "HEAD") and self.answers_publicly(request):
            version = data_version.current(request)
            etag = caching.response_etag(
                version, request.get_full_path(), translation.get_language(), request.accepted_renderer.format
            )
            self.cache_validators = (etag, caching.http_last_modified(version))
            early = get_conditional_response(request, etag=etag, last_modified=caching.last_modified(version))
            if early is None and (cached := cache.get(caching.api_rendered_key(etag))) is not None:
                content, content_type = cached
                early = HttpResponse(content, content_type=content_type)
            if early is not None:
                raise EarlyResponse(early)

    def answers_publicly(self, request) -> bool:
        """Whether the answer is the same for everyone, so it may be cached and revalidated as public."""
        return True

    def handle_exception(self, exc):
        if isinstance(exc, EarlyResponse):
            return exc.response
        if lost_a_race(exc):
            message = _("Someone changed these values at the same moment; nothing was saved: send it again.")
            return Response({"detail": message}, status=status.HTTP_409_CONFLICT)
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
                cache.set(
                    caching.api_rendered_key(etag),
                    (response.content, response["Content-Type"]),
                    caching.API_RENDERED_SECONDS,
                )
        return response


def public_read_schema(*retrieve_parameters):
    return extend_schema_view(
        list=extend_schema(parameters=[LANG_PARAMETER]),
        retrieve=extend_schema(parameters=[LANG_PARAMETER, *retrieve_parameters]),
    )


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
        return get_object_or_404(
            Theme,
            edition=filters.requested_edition(self.request.query_params.get("edition")),
            number=self.kwargs["number"],
        )


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
            self.get_queryset(),
            edition=filters.requested_edition(self.request.query_params.get("edition")),
            code=self.kwargs["code"],
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
        """The list is the public data; one value by id is what the asker may read (indicators.visibility),
        for every method, so a write never shows a value its reader could not GET."""
        if self.action == "list":
            return published_values()
        return readable_values(self.request.user)

    def answers_publicly(self, request) -> bool:
        return not (self.action == "retrieve" and may_view_values(request.user))

    def retrieve(self, request, *args, **kwargs):
        """Published values for everyone; whoever may view values also reads drafts of their cities,
        with the ETag a write sends back in If-Match, never cached for others."""
        value = self.get_object()
        if not may_view_values(request.user):
            return Response(self.get_serializer(value).data)
        response = self.written(value, status.HTTP_200_OK)
        patch_cache_control(response, private=True, no_cache=True)
        return response

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

    @extend_schema(
        request=serializers.ValueWriteSerializer, responses={201: serializers.ValueWrittenSerializer}
    )
    def create(self, request, *args, **kwargs):
        incoming = self.get_serializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        value = self.save(dict(incoming.validated_data), create_only=True)
        return self.written(value, status.HTTP_201_CREATED)

    @extend_schema(
        request=serializers.ValueFigureSerializer,
        responses={200: serializers.ValueWrittenSerializer},
        parameters=[
            OpenApiParameter(
                "If-Match",
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                description="The ETag of a write response: refused (412) if the value moved on since.",
            )
        ],
    )
    def update(self, request, *args, **kwargs):
        existing = self.get_object()
        incoming = self.get_serializer(data=request.data, partial=kwargs.get("partial", False))
        incoming.is_valid(raise_exception=True)
        fields = {"city": existing.city, "indicator": existing.indicator, "year": existing.year}
        fields.update(incoming.validated_data)
        value = self.save(fields, version=version_in(request.headers.get("If-Match"), existing.pk))
        return self.written(value, status.HTTP_200_OK)

    @extend_schema(
        request=serializers.ValueFigureSerializer, responses={200: serializers.ValueWrittenSerializer}
    )
    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, partial=True, **kwargs)

    def written(self, value: IndicatorValue, http_status: int) -> Response:
        data = serializers.ValueWrittenSerializer(value).data
        return Response(data, status=http_status, headers={"ETag": value_etag(value)})

    def save(self, fields: dict, **options) -> IndicatorValue:
        try:
            value, _outcome = save_value(user=self.request.user, **write_arguments(fields), **options)
        except Refusal as refusal:
            raise Refused(refusal, REFUSAL_STATUS[refusal.kind]) from None
        except DjangoValidationError as error:
            raise ValidationError(serializers.field_errors(error)) from None
        return value

    @extend_schema(
        request=serializers.ValueWriteSerializer(many=True),
        responses={
            200: serializers.BulkResultSerializer,
            400: serializers.BulkErrorSerializer,
            403: serializers.BulkErrorSerializer,
            409: serializers.BulkErrorSerializer,
        },
    )
    @action(detail=False, methods=["post"])
    def bulk(self, request):
        """Create or update many values at once: all of them, or none and every error with its index.

        An item may carry the `version` it was read at: if the value moved on since, nothing is saved (409).
        """
        if not isinstance(request.data, list) or not 1 <= len(request.data) <= BULK_MAX_ITEMS:
            message = _("Send a JSON array of 1 to %(max)s values.") % {"max": BULK_MAX_ITEMS}
            return Response({"detail": message, "errors": []}, status=status.HTTP_400_BAD_REQUEST)
        with transaction.atomic():
            outcomes, problems = bulk_upsert(request.user, request.data)
            if problems:
                transaction.set_rollback(True)
        for kind, http_status, detail in (
            (
                Refusal.FORBIDDEN,
                status.HTTP_403_FORBIDDEN,
                _("You may not make some of these changes; nothing was saved."),
            ),
            (
                Refusal.STALE,
                status.HTTP_409_CONFLICT,
                _("Some values changed since you read them; nothing was saved."),
            ),
            (Refusal.CONFLICT, status.HTTP_409_CONFLICT, _("Some values exist already; nothing was saved.")),
        ):
            if any(problem_kind == kind for problem_kind, _item in problems):
                errors = [item for problem_kind, item in problems if problem_kind == kind]
                return Response({"detail": detail, "errors": errors}, status=http_status)
        if problems:
            return Response(
                {
                    "detail": _("Some values are invalid; nothing was saved."),
                    "errors": [item for _kind, item in problems],
                },
                status=status.HTTP_400_BAD_REQUEST,
            )
        counts = {
            outcome: sum(1 for _value, done in outcomes if done == outcome)
            for outcome in ("created", "updated", "unchanged")
        }
        saved = [value for value, _outcome in outcomes]
        return Response({**counts, "values": serializers.ValueWrittenSerializer(saved, many=True).data})


def write_arguments(fields: dict) -> dict:
    """An API body as save_value's arguments: only what was sent; the history names the API, or the
    reviewer's reason when a value is sent back."""
    reason = fields.pop("reason", "")
    return {**fields, "reason": reason, "change_reason": reason or _("changed through the API")}


def bulk_upsert(user, items: list) -> tuple[list, list]:
    """Save every item through the service; collect each problem as (kind, {index, errors}).

    Runs inside the caller's transaction, which rolls everything back when anything went wrong.
    """
    outcomes, problems, seen = [], [], {}
    for index, item in enumerate(items):
        incoming = serializers.ValueWriteSerializer(data=item)
        if not incoming.is_valid():
            problems.append((Refusal.INVALID, {"index": index, "errors": incoming.errors}))
            continue
        fields = dict(incoming.validated_data)
        key = (fields["city"].pk, fields["indicator"].pk, fields["year"])
        if key in seen:
            message = _("The same value as item %(index)s.") % {"index": seen[key]}
            problems.append((Refusal.INVALID, {"index": index, "errors": {"non_field_errors": [message]}}))
            continue
        seen[key] = index
        arguments = write_arguments(fields)
        if not arguments["reason"]:
            arguments["change_reason"] = _("bulk upsert through the API")
        try:
            outcomes.append(save_value(user=user, **arguments))
        except Refusal as refusal:
            problems.append((refusal.kind, {"index": index, "errors": serializers.field_errors(refusal)}))
        except DjangoValidationError as error:
            problems.append((Refusal.INVALID, {"index": index, "errors": serializers.field_errors(error)}))
    return outcomes, problems
