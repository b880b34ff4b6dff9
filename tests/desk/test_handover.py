"""The hand-over: a theme marked ready for review, the reviewers' inbox, the confirmation before
publishing, pending corrections found by a filter, menus offering only what rights allow."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from indicators import roles
from indicators.models import Indicator, IndicatorValue
from indicators.selectors import collection_year
from indicators.services import publish, save_value, verify

pytestmark = pytest.mark.usefixtures("english")
Status = IndicatorValue.Status


@pytest.fixture
def enrolment(catalogue):
    return Indicator.objects.get(edition=2014, code="6.6")


@pytest.fixture
def theme_drafts(gdansk, statistician, indicator):
    """Two drafts of theme 5 (Economy) for 2019."""
    second = Indicator.objects.get(edition=2014, code="5.2")
    return [
        save_value(user=statistician, city=gdansk, indicator=each, year=2019, value=Decimal(4))[0]
        for each in (indicator, second)
    ]


def mark_ready(client, theme_id):
    return client.post(
        reverse("admin:indicators_mark_ready") + f"?city=gdansk&year=2019&theme={theme_id}", follow=True
    )


def test_a_statistician_marks_a_theme_ready_and_the_history_says_so(client, statistician, theme_drafts):
    client.force_login(statistician)
    mark_ready(client, theme_drafts[0].indicator.theme_id)
    for value in theme_drafts:
        value.refresh_from_db()
        assert value.status == Status.READY
        latest = value.history.latest()
        assert (latest.history_user, latest.history_change_reason) == (
            statistician,
            "marked ready for review",
        )


def test_a_draft_with_unexplained_warnings_is_not_marked_ready_and_is_named(
    client, statistician, gdansk, enrolment
):
    value, _ = save_value(user=statistician, city=gdansk, indicator=enrolment, year=2019, value=Decimal(104))
    client.force_login(statistician)
    response = mark_ready(client, enrolment.theme_id)
    value.refresh_from_db()
    assert value.status == Status.DRAFT
    assert any("6.6 2019 has warnings" in str(message) for message in response.context["messages"])


def test_an_explained_warning_lets_the_value_be_marked_ready(client, statistician, gdansk, enrolment):
    save_value(
        user=statistician, city=gdansk, indicator=enrolment, year=2019, value=Decimal(104), review_note="why"
    )
    client.force_login(statistician)
    mark_ready(client, enrolment.theme_id)
    assert IndicatorValue.objects.get(indicator=enrolment).status == Status.READY


def test_editing_a_ready_value_takes_it_back_to_draft(client, statistician, gdansk, theme_drafts):
    client.force_login(statistician)
    mark_ready(client, theme_drafts[0].indicator.theme_id)
    value = theme_drafts[0]
    saved, _ = save_value(
        user=statistician, city=gdansk, indicator=value.indicator, year=2019, value=Decimal(5)
    )
    assert saved.status == Status.DRAFT


def test_the_inbox_lists_ready_values_with_warnings_explanations_and_authors(
    client, statistician, reviewer, gdansk, enrolment
):
    save_value(
        user=statistician,
        city=gdansk,
        indicator=enrolment,
        year=2019,
        value=Decimal(104),
        review_note="pupils from beyond the city",
    )
    client.force_login(statistician)
    mark_ready(client, enrolment.theme_id)
    client.force_login(reviewer)
    page = client.get(reverse("admin:indicators_review_inbox")).content.decode()
    row = page.split('id="inbox-')[1].split("</tr>")[0]
    assert "6.6" in row
    assert "above the usual highest value" in row
    assert "pupils from beyond the city" in row
    assert "stat" in row


def test_the_inbox_is_not_offered_to_a_statistician(client, statistician):
    client.force_login(statistician)
    assert client.get(reverse("admin:indicators_review_inbox")).status_code == 403


def test_publishing_from_the_inbox_lists_what_goes_public_before_it_does(
    client, statistician, reviewer, theme_drafts
):
    client.force_login(statistician)
    mark_ready(client, theme_drafts[0].indicator.theme_id)
    client.force_login(reviewer)
    ids = [value.pk for value in theme_drafts]
    page = client.post(reverse("admin:indicators_publish_confirmation"), {"value": ids}).content.decode()
    assert page.count("<tr>") == 1 + len(ids)  # the heading and one row per figure
    assert not IndicatorValue.objects.filter(status=Status.PUBLISHED).exists()
    client.post(
        reverse("admin:indicators_publish_confirmation"),
        {"ids": ",".join(map(str, ids)), "confirmed": "yes"},
    )
    assert set(IndicatorValue.objects.values_list("status", flat=True)) == {Status.PUBLISHED}


@pytest.fixture
def pending_correction(gdansk, indicator, statistician, reviewer, make_user):
    value, _ = save_value(
        user=statistician, city=gdansk, indicator=indicator, year=2019, value=Decimal("5.1")
    )
    value = publish(user=reviewer, value=verify(user=reviewer, value=value))
    value, _ = save_value(
        user=reviewer, city=gdansk, indicator=indicator, year=2019, value=Decimal("5.3"), revision_note="GUS"
    )
    return value


def test_a_pending_correction_is_found_by_its_filter_with_old_and_proposed_figures(
    client, reviewer, pending_correction, gdansk, statistician
):
    other = Indicator.objects.get(edition=2014, code="5.2")
    save_value(user=statistician, city=gdansk, indicator=other, year=2019, value=Decimal(3))
    client.force_login(reviewer)
    response = client.get(reverse("admin:indicators_indicatorvalue_changelist"), {"pending": "yes"})
    assert list(response.context["cl"].result_list) == [pending_correction]
    assert "5.1 → 5.3" in response.content.decode()


def test_a_statistician_is_offered_only_the_steps_their_rights_allow(
    client, statistician, reviewer, theme_drafts
):
    client.force_login(statistician)
    menu = client.get(reverse("admin:indicators_indicatorvalue_changelist")).content.decode()
    assert 'value="mark_ready_selected"' in menu
    assert 'value="verify_selected"' not in menu
    assert 'value="publish_selected"' not in menu
    client.force_login(reviewer)
    menu = client.get(reverse("admin:indicators_indicatorvalue_changelist")).content.decode()
    assert 'value="verify_selected"' in menu
    assert 'value="publish_selected"' in menu


def test_the_admin_index_counts_the_home_citys_year_being_collected(client, statistician, gdansk, indicator):
    year = collection_year(gdansk)
    save_value(user=statistician, city=gdansk, indicator=indicator, year=year, value=Decimal(4))
    client.force_login(statistician)
    client.post(
        reverse("admin:indicators_mark_ready") + f"?city=gdansk&year={year}&theme={indicator.theme_id}"
    )
    panel = client.get(reverse("admin:index")).content.decode().split('id="completeness-gdansk"')[1]
    assert str(year) in panel.split("</caption>")[0]
    core = panel.split("<tbody>")[1].split("</tr>")[0]
    cells = [cell.split("</td>")[0] for cell in core.split("<td>")[1:]]
    # entered, explained, ready, verified, published, gaps, missing
    assert cells == ["1", "0", "1", "0", "0", "0", "45"]


def test_the_year_being_collected_follows_the_latest_published_year(gdansk, indicator):
    assert collection_year(gdansk) == timezone.localdate().year - 1  # nothing published yet
    save_value(city=gdansk, indicator=indicator, year=2020, value=Decimal(4), status="published")
    assert collection_year(gdansk) == 2021


def test_an_auditor_sees_no_hand_over_action(client, make_user, catalogue):
    auditor = make_user("aud2", roles.AUDITORS)
    client.force_login(auditor)
    menu = client.get(reverse("admin:indicators_indicatorvalue_changelist")).content.decode()
    assert 'value="mark_ready_selected"' not in menu
