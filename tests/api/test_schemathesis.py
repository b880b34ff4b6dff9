"""Property-based run of the whole API against its own OpenAPI schema (bounded, in-process through WSGI)."""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error, response_schema_conformance

from indicators.models import City

CHECKS = [not_a_server_error, response_schema_conformance]


schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())


# The WSGI transport asks for gzip but does not inflate the answer; the schema describes the plain content.
PLAIN = {"Accept-Encoding": "identity"}


@pytest.fixture
def published_data(catalogue, publish_value, settings, keep_test_connection):
    """Some published data behind the API, and no throttling in the way of a few hundred requests."""
    rates = dict.fromkeys(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "100000/minute")
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    City.objects.create(name="Sopot", slug="sopot", country="PL")
    publish_value("5.1", 2019, "4.5")
    publish_value("GEO-01", 2019, text="Pomorskie")


@pytest.mark.django_db
@schema.include(method="GET").parametrize()
@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
def test_public_reads_match_the_schema_and_never_fail(case, published_data):
    case.call_and_validate(headers=PLAIN, checks=CHECKS)


@pytest.mark.django_db
@schema.exclude(method="GET").parametrize()
@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
def test_writes_by_a_statistician_never_fail(case, published_data, statistician):
    token = Token.objects.get_or_create(user=statistician)[0]
    case.call_and_validate(headers={**PLAIN, "Authorization": f"Token {token.key}"}, checks=CHECKS)
