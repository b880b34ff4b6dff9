"""A person limited to some cities (CityAccess) reads the drafts, history and evidence of those cities
only, through every back-office door: the history export and page, the quality page, the restore page,
the admin export and the evidence download. Their own city's stay readable."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from indicators import roles
from indicators.models import City, CityAccess
from indicators.services import save_value

pytestmark = pytest.mark.django_db

SENTINEL = "DRAFT-OF-GDANSK-SENTINEL"
EVIDENCE = b"%PDF-1.7\n% evidence of Gdansk\n"


@pytest.fixture
def sopot(catalogue):
    return City.objects.create(name="Sopot", slug="sopot", country="PL", region="pomorskie")


@pytest.fixture
def gdansk_draft(gdansk, indicator, settings, tmp_path):
    settings.EVIDENCE_FILES_ROOT = tmp_path / "evidence"
    value, _ = save_value(
        city=gdansk,
        indicator=indicator,
        year=2021,
        value=Decimal("4.2"),
        source=SENTINEL,
        evidence_file=SimpleUploadedFile("proof.pdf", EVIDENCE),
    )
    return value


@pytest.fixture
def of_sopot(make_user, sopot, request):
    user = make_user("sopot-person", request.param)
    access = CityAccess.objects.create(user=user)
    access.cities.set([sopot])
    return user


def doors(value):
    history_id = value.history.first().history_id
    return {
        "history export by ids": f"{reverse('admin:indicators_history_export', args=['csv'])}?ids={value.pk}",
        "history export by city": f"{reverse('admin:indicators_history_export', args=['csv'])}"
        "?city=gdansk&year=2021",
        "history page": reverse("admin:indicators_indicatorvalue_history", args=[value.pk]),
        "history record page": reverse(
            "admin:indicators_indicatorvalue_simple_history", args=[value.pk, history_id]
        ),
        "quality page": f"{reverse('admin:indicators_quality')}?city=gdansk&year=2021",
        "restore page": reverse("admin:indicators_indicatorvalue_restore", args=[value.pk, history_id]),
        "admin export": f"{reverse('admin:indicators_importbatch_export')}?format=csv&city=&year=&status=",
        "evidence download": reverse(
            "admin:indicators_indicatorvalue_evidence", args=[value.evidence_file.name]
        ),
    }


PAGES_OF_THE_VALUE = {
    "history page",
    "history record page",
    "quality page",
    "restore page",
}  # any 200 shows Gdańsk's drafts


def body(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


@pytest.mark.parametrize("of_sopot", [roles.STATISTICIANS, roles.REVIEWERS, roles.AUDITORS], indirect=True)
def test_a_person_of_another_city_reads_no_draft_history_or_evidence_of_gdansk(
    client, of_sopot, gdansk_draft
):
    client.force_login(of_sopot)
    leaks = {}
    for door, url in doors(gdansk_draft).items():
        response = client.get(url)
        content = body(response)
        shown = SENTINEL.encode() in content or EVIDENCE in content or door in PAGES_OF_THE_VALUE
        if response.status_code == 200 and shown:
            leaks[door] = response.status_code
    assert leaks == {}


@pytest.mark.parametrize("role", [roles.STATISTICIANS, roles.AUDITORS])
def test_a_person_of_the_city_reads_its_draft_history_and_evidence(
    client, make_user, gdansk, gdansk_draft, role
):
    user = make_user("gdansk-person", role)
    CityAccess.objects.create(user=user).cities.set([gdansk])
    client.force_login(user)
    urls = doors(gdansk_draft)
    for door in ("history export by ids", "history export by city", "admin export"):
        assert SENTINEL.encode() in body(client.get(urls[door])), door
    assert body(client.get(urls["evidence download"])) == EVIDENCE
    assert client.get(urls["quality page"]).status_code == 200
    assert client.get(urls["history page"]).status_code == 200
