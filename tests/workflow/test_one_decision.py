"""Each entry point (admin, year-entry grid, import, API) gives the same answer: one decision decides."""

from decimal import Decimal

import pytest

from indicators import roles
from indicators.importing import apply_import, plan_import
from indicators.models import IndicatorValue
from indicators.services import publish, save_value, verify

pytestmark = pytest.mark.django_db
Status = IndicatorValue.Status
CSV_HEADER = "Wskaźnik;Rok;Wartość;Status\n"


def import_status(city, user, status, value="5,1"):
    data = (CSV_HEADER + f"5.1;2019;{value};{status}\n").encode()
    plan = plan_import(data, "dane.csv", user=user, default_city=city)
    if plan.is_valid:
        apply_import(plan, user=user)
    return plan


def test_a_reviewer_takes_a_draft_to_published_through_the_api_as_through_an_import(
    client, gdansk, indicator, statistician, reviewer
):
    value, _ = save_value(user=statistician, city=gdansk, indicator=indicator, year=2019, value=Decimal(5))
    client.force_login(reviewer)
    response = client.patch(
        f"/api/values/{value.pk}/", {"status": "published"}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    value.refresh_from_db()
    assert (value.status, value.verified_by, value.published_by) == ("published", reviewer, reviewer)


def test_an_api_bulk_item_without_source_keeps_the_stored_source(client, gdansk, indicator, statistician):
    save_value(user=statistician, city=gdansk, indicator=indicator, year=2019, value=Decimal(5), source="GUS")
    client.force_login(statistician)
    item = {"city": "gdansk", "indicator": "5.1", "year": 2019, "value": "6"}
    response = client.post("/api/values/bulk/", [item], content_type="application/json")
    assert response.status_code == 200, response.content
    stored = IndicatorValue.objects.get()
    assert (stored.value, stored.source) == (Decimal(6), "GUS")


def test_a_permission_refusal_through_the_api_names_the_workflow_rule(
    client, gdansk, indicator, statistician, english
):
    value, _ = save_value(user=statistician, city=gdansk, indicator=indicator, year=2019, value=Decimal(5))
    client.force_login(statistician)
    response = client.patch(
        f"/api/values/{value.pk}/?lang=en", {"status": "verified"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert "only reviewers can verify" in response.content.decode()


def test_sending_a_value_back_through_the_api_needs_a_reason(
    client, gdansk, indicator, statistician, make_user
):
    value, _ = save_value(user=statistician, city=gdansk, indicator=indicator, year=2019, value=Decimal(5))
    first, second = make_user("r1", roles.REVIEWERS), make_user("r2", roles.REVIEWERS)
    verify(user=first, value=value)
    client.force_login(second)
    url = f"/api/values/{value.pk}/"
    refused = client.patch(url, {"status": "draft"}, content_type="application/json")
    assert refused.status_code == 400
    assert IndicatorValue.objects.get().status == "verified"
    sent_back = client.patch(
        url, {"status": "draft", "reason": "Źródło z 2018."}, content_type="application/json"
    )
    assert sent_back.status_code == 200, sent_back.content
    assert IndicatorValue.objects.get().returned_reason == "Źródło z 2018."


def test_an_import_without_a_user_creates_drafts(gdansk):
    plan = import_status(gdansk, None, "draft")
    assert plan.is_valid
    assert IndicatorValue.objects.get().status == "draft"


@pytest.mark.parametrize("status", ["verified", "published"])
def test_an_import_without_a_user_takes_no_status_step(gdansk, status, english):
    plan = import_status(gdansk, None, status)
    assert not plan.is_valid
    assert "named user" in str(plan.errors[0])
    assert not IndicatorValue.objects.exists()


def test_the_import_command_without_a_user_does_not_publish(gdansk, tmp_path):
    from django.core.management import CommandError, call_command

    path = tmp_path / "dane.csv"
    path.write_text(CSV_HEADER + "5.1;2019;5,1;published\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import_values", str(path))
    assert not IndicatorValue.objects.exists()


def test_workflow_does_not_import_the_services():
    import ast
    import inspect

    from indicators import workflow

    tree = ast.parse(inspect.getsource(workflow))
    imported = {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert not any(name.endswith("services") for name in imported)


def test_verify_and_publish_helpers_keep_working(gdansk, indicator, statistician, reviewer, make_user):
    value, _ = save_value(user=statistician, city=gdansk, indicator=indicator, year=2019, value=Decimal(5))
    verified = verify(user=reviewer, value=value)
    assert publish(user=make_user("r2", roles.REVIEWERS), value=verified).status == "published"
