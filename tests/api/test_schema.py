import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_openapi_schema_builds_without_warnings(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))
    assert "/api/values/bulk/" in (tmp_path / "schema.yaml").read_text()


def test_schema_documents_numbers_as_decimal_strings(client_api):
    schema = client_api.get("/api/schema/?format=json").json()
    value = schema["components"]["schemas"]["Value"]["properties"]["value"]
    assert (value["type"], value["format"]) == ("string", "decimal")


def test_docs_load_their_assets_from_the_app_not_a_cdn(client_api):
    page = client_api.get("/api/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in page
    assert "cdn" not in page.lower()
    assert "<script>" not in page  # the init script is a separate file: the CSP allows only 'self'
