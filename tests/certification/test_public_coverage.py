"""The public coverage API does not tell that unpublished values exist; auditors still see draft-only."""

import json

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def one_draft(gdansk, enter, core):
    enter(core[0], 2019)
    enter(core[1], 2019, status="draft")
    return core[1]


def coverage(client):
    response = client.get("/api/coverage/", {"city": "gdansk", "year": 2019})
    assert response.status_code == 200
    return response.json()


def test_an_anonymous_caller_sees_a_draft_only_indicator_as_missing(client, one_draft):
    report = coverage(client)
    row = next(row for row in report["rows"] if row["code"] == one_draft.code)
    assert row["status"] == "missing"
    assert "draft" not in report["statuses"]
    assert '"draft"' not in json.dumps(report)


def test_an_auditor_still_sees_draft_only(client, one_draft, auditor):
    client.force_login(auditor)
    report = coverage(client)
    row = next(row for row in report["rows"] if row["code"] == one_draft.code)
    assert row["status"] == "draft"
    assert report["statuses"]["draft"] == 1
