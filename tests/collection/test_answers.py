"""The owner's page through their signed link: answers written as drafts, every refusal changing nothing."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.utils import timezone

from indicators.collection import services
from indicators.collection.links import link_token
from indicators.collection.models import Assignment, DataOwner, RoundItem
from indicators.models import Indicator, IndicatorValue
from indicators.services import save_value

from .conftest import YEAR, indicator

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_throttle():
    cache.clear()


def item_of(request, code, part="figure"):
    return RoundItem.objects.get(request=request, indicator__code=code, part=part)


def fields(item, value, source="", notes="", **extra):
    prefix = f"i{item.pk}"
    return {f"{prefix}-value": value, f"{prefix}-source": source, f"{prefix}-notes": notes, **extra}


def values_of(year=YEAR):
    return {
        (value.indicator.code, value.status, value.value)
        for value in IndicatorValue.objects.filter(city__slug="gdansk", year=year).select_related("indicator")
    }


def test_the_page_shows_only_the_owners_indicators(client, owners, answer_url):
    text = client.get(answer_url(owners["water"])).text
    assert "20.1" in text
    assert "8.1" in text
    assert "14.1" not in text
    assert "PPL-01" not in text


def test_the_page_is_never_cached_indexed_or_referred(client, owners, answer_url):
    response = client.get(answer_url(owners["water"]))
    assert response["Cache-Control"] == "private, no-store"
    assert response["Referrer-Policy"] == "same-origin"
    assert "noindex" in response["X-Robots-Tag"]


def test_sent_figures_arrive_as_drafts_recorded_as_the_owners(client, owners, request_of, answer_url):
    request = request_of(owners["water"])
    data = {
        **fields(item_of(request, "20.1"), "97,5", source="Rejestr przyłączy 2023"),
        **fields(item_of(request, "8.1"), "12,3"),
        "action": "send",
    }
    response = client.post(answer_url(owners["water"]), data)
    assert response.status_code == 200
    value = IndicatorValue.objects.get(city__slug="gdansk", year=YEAR, indicator__code="20.1")
    assert (value.status, str(value.value), value.source) == ("draft", "97.500000", "Rejestr przyłączy 2023")
    record = value.history.latest()
    assert "Gdańskie Wody" in record.history_change_reason
    assert f"link {request.pk}-" in record.history_change_reason
    assert record.history_user is None
    item = item_of(request, "20.1")
    assert item.draft == value
    assert item.answered_at is not None
    request.refresh_from_db()
    assert request.answered_at is not None


def test_checking_shows_the_registrys_refusal_at_once_and_writes_nothing(
    client, owners, request_of, answer_url
):
    request = request_of(owners["water"])
    response = client.post(
        answer_url(owners["water"], "en"), {**fields(item_of(request, "20.1"), "-5"), "action": "check"}
    )
    assert "below the lowest possible value" in response.text
    assert values_of() == set()


def test_a_figure_beyond_a_hard_limit_is_refused_and_nothing_is_written(
    client, owners, request_of, answer_url
):
    request = request_of(owners["water"])
    data = {
        **fields(item_of(request, "20.1"), "-5"),
        **fields(item_of(request, "8.1"), "12"),
        "action": "send",
    }
    response = client.post(answer_url(owners["water"], "en"), data)
    assert response.status_code == 400
    assert "below the lowest possible value" in response.text
    assert values_of() == set()
    assert not RoundItem.objects.filter(answered_at__isnull=False).exists()


def test_an_ambiguous_number_is_refused_naming_both_readings(client, owners, request_of, answer_url):
    request = request_of(owners["water"])
    response = client.post(
        answer_url(owners["water"], "en"), {**fields(item_of(request, "8.1"), "1,234"), "action": "send"}
    )
    assert response.status_code == 400
    assert values_of() == set()
    response = client.post(
        answer_url(owners["water"]), {**fields(item_of(request, "8.1"), "1.234"), "action": "send"}
    )
    assert "1234" in response.text
    assert "1,234" in response.text
    assert values_of() == set()


def test_a_warning_is_shown_but_the_draft_is_taken(client, owners, request_of, answer_url):
    request = request_of(owners["water"])
    response = client.post(
        answer_url(owners["water"], "en"), {**fields(item_of(request, "8.1"), "400"), "action": "send"}
    )
    assert response.status_code == 200
    assert ("8.1", "draft", 400) in {(code, status, int(figure)) for code, status, figure in values_of()}


def test_a_ratio_split_between_two_owners_becomes_one_draft_when_both_parts_are_in(
    client, owners, request_of, answer_url
):
    police, registry = request_of(owners["police"]), request_of(owners["registry"])
    client.post(
        answer_url(owners["police"]),
        {**fields(item_of(police, "14.1", "numerator"), "1200"), "action": "send"},
    )
    assert values_of() == set()
    client.post(
        answer_url(owners["registry"]),
        {**fields(item_of(registry, "14.1", "denominator"), "480000"), "action": "send"},
    )
    value = IndicatorValue.objects.get(indicator__code="14.1", year=YEAR, city__slug="gdansk")
    assert (value.numerator, value.denominator, value.value) == (1200, 480000, 250)
    assert value.status == "draft"
    assert item_of(police, "14.1", "numerator").draft == value


def test_the_owner_never_sees_another_persons_draft(
    client, owners, request_of, answer_url, gdansk, statistician
):
    save_value(
        user=statistician, city=gdansk, indicator=indicator("20.1"), year=YEAR, value=Decimal("88.123456")
    )
    text = client.get(answer_url(owners["water"])).text
    assert "88,123456" not in text
    assert "88.123456" not in text


def test_a_verified_figure_is_not_overwritten(client, owners, request_of, answer_url, gdansk):
    save_value(user=None, city=gdansk, indicator=indicator("8.1"), year=YEAR, value=10, status="verified")
    request = request_of(owners["water"])
    response = client.post(
        answer_url(owners["water"], "en"), {**fields(item_of(request, "8.1"), "12"), "action": "send"}
    )
    assert response.status_code == 400
    assert "already checked" in response.text
    assert IndicatorValue.objects.get(indicator__code="8.1", year=YEAR).value == 10


def test_a_figure_for_an_item_outside_the_owners_request_is_refused(client, owners, request_of, answer_url):
    others = item_of(request_of(owners["registry"]), "PPL-01")
    own = item_of(request_of(owners["water"]), "8.1")
    response = client.post(
        answer_url(owners["water"]), {**fields(own, "12"), **fields(others, "470000"), "action": "send"}
    )
    assert response.status_code == 400
    assert values_of() == set()
    assert not RoundItem.objects.filter(answered_at__isnull=False).exists()


def test_an_altered_link_gets_a_clear_page_and_changes_nothing(client, owners, request_of, answer_url):
    url = answer_url(owners["water"])
    altered = url[:-3] + ("A" if url[-3] != "A" else "B") + url[-2:]
    own = item_of(request_of(owners["water"]), "8.1")
    response = client.post("/en" + altered, {**fields(own, "12"), "action": "send"})
    assert response.status_code == 403
    assert "This link is not valid" in response.text
    assert values_of() == set()


def test_an_expired_link_is_refused(client, owners, request_of, answer_url):
    request = request_of(owners["water"])
    request.link_expires_at = timezone.now() - timedelta(minutes=1)
    request.save()
    own = item_of(request, "8.1")
    response = client.post(answer_url(owners["water"], "en"), {**fields(own, "12"), "action": "send"})
    assert response.status_code == 410
    assert "expired" in response.text
    assert values_of() == set()


def test_a_token_older_than_the_links_lifetime_is_refused(client, owners, answer_url):
    url = answer_url(owners["water"], "en")
    with override_settings(COLLECTION_LINK_DAYS=0):
        response = client.get(url)
    assert response.status_code == 410


def test_a_revoked_link_is_refused(client, owners, request_of, answer_url):
    url = answer_url(owners["water"], "en")
    services.revoke_link(request=request_of(owners["water"]))
    response = client.post(
        url, {**fields(item_of(request_of(owners["water"]), "8.1"), "12"), "action": "send"}
    )
    assert response.status_code == 410
    assert "no longer valid" in response.text
    assert values_of() == set()


def test_a_new_link_replaces_the_old_one(client, owners, request_of, answer_url):
    old = answer_url(owners["water"], "en")
    services.issue_new_link(request=request_of(owners["water"]))
    assert client.get(old).status_code == 410
    assert client.get(answer_url(owners["water"], "en")).status_code == 200


@override_settings(COLLECTION_LINK_RATE="3/minute")
def test_the_page_is_rate_limited_per_address(client, owners, answer_url):
    url = answer_url(owners["water"], "en")
    statuses = [client.get(url).status_code for _attempt in range(4)]
    assert statuses == [200, 200, 200, 429]


def test_an_uploaded_file_fills_the_page_for_checking_without_writing(client, owners, request_of, answer_url):
    csv_file = f"indicator;year;value;source\n20.1;{YEAR};96,4;Rejestr\n8.1;{YEAR};11,2;WIOŚ\n".encode()
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        answer_url(owners["water"]),
        {"action": "upload", "file": SimpleUploadedFile("figures.csv", csv_file, "text/csv")},
    )
    assert response.status_code == 200
    assert 'value="96,4"' in response.text
    assert 'value="WIOŚ"' in response.text
    assert values_of() == set()


def test_an_uploaded_file_with_another_owners_indicator_is_refused(client, owners, answer_url):
    from django.core.files.uploadedfile import SimpleUploadedFile

    csv_file = f"indicator;year;value\n8.1;{YEAR};11,2\nPPL-01;{YEAR};470000\n".encode()
    response = client.post(
        answer_url(owners["water"], "en"),
        {"action": "upload", "file": SimpleUploadedFile("figures.csv", csv_file, "text/csv")},
    )
    assert response.status_code == 400
    assert "PPL-01 is not one of the indicators asked of you" in response.text
    assert values_of() == set()


def test_the_page_costs_a_bounded_number_of_queries(
    client, owners, answer_url, django_assert_max_num_queries
):
    url = answer_url(owners["registry"])
    with django_assert_max_num_queries(8):
        client.get(url)


def test_the_page_costs_the_same_queries_for_one_indicator_or_many(
    client, gdansk, django_assert_max_num_queries, django_assert_num_queries
):
    few, many = (DataOwner.objects.create(name_pl=name, kind="other") for name in ("Jeden", "Wiele"))
    indicators = list(Indicator.objects.performance().filter(value_type="number")[:12])
    Assignment.objects.create(city=gdansk, indicator=indicators[0], owner=few)
    for other in indicators[1:]:
        Assignment.objects.create(city=gdansk, indicator=other, owner=many)
    collection_round = services.open_round(city=gdansk, year=YEAR, due_date=timezone.localdate())
    urls = [f"/answer/{link_token(collection_round.requests.get(owner=owner))}/" for owner in (few, many)]
    with django_assert_max_num_queries(8) as one:
        client.get(urls[0])
    with django_assert_num_queries(len(one.captured_queries)):
        client.get(urls[1])
