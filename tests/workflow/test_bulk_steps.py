"""Verifying, publishing and sending back many values at once: the per-value rules, in few queries."""

from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.management import CommandError, call_command
from django.urls import reverse

from indicators import services
from indicators.admin.values import REFUSALS_SHOWN
from indicators.models import City, DataVersion, Indicator, IndicatorValue
from indicators.services import apply_planned_values, save_value

pytestmark = pytest.mark.usefixtures("english")

Status = IndicatorValue.Status
CHANGELIST = "admin:indicators_indicatorvalue_changelist"


@pytest.fixture
def percentages(catalogue):
    return list(Indicator.objects.filter(unit="%", max_value=100)[:8])


def make_values(city, indicators, years, status=Status.DRAFT, figure="5"):
    """Values of every indicator × year, drafts written by the import's service, then taken to `status`
    by the system (an import without a user makes drafts only)."""
    rows = [
        {"city": city, "indicator": indicator, "year": year, "value": Decimal(figure)}
        for indicator in indicators
        for year in years
    ]
    result = apply_planned_values(rows=rows)
    assert result["errors"] == []
    made = IndicatorValue.objects.filter(
        pk__in=[target.pk for _outcome, _before, target in result["outcomes"]]
    )
    if status != Status.DRAFT:
        assert services.take_step(user=None, values=made, target=status).refused == []
    return list(made.order_by("pk"))


def statuses(values):
    return set(IndicatorValue.objects.filter(pk__in=[v.pk for v in values]).values_list("status", flat=True))


def test_verifying_many_values_reads_their_history_in_a_fixed_number_of_queries(
    gdansk, percentages, reviewer, django_assert_max_num_queries
):
    values = make_values(gdansk, percentages, range(2015, 2020))
    with django_assert_max_num_queries(12):
        result = services.take_step(
            user=reviewer, values=IndicatorValue.objects.all(), target=Status.VERIFIED
        )
    assert (len(result.done), result.refused) == (len(values), [])
    assert statuses(values) == {Status.VERIFIED}


def test_a_value_with_warnings_is_refused_unless_explained_as_one_at_a_time(
    gdansk, indicator, statistician, reviewer
):
    make_values(gdansk, [indicator], [2017, 2018], status=Status.PUBLISHED)
    save_value(user=statistician, city=gdansk, indicator=indicator, year=2019, value=Decimal(9))
    explained, _ = save_value(
        user=statistician, city=gdansk, indicator=indicator, year=2020, value=Decimal(20)
    )
    IndicatorValue.objects.filter(pk=explained.pk).update(review_note="New survey method")
    result = services.take_step(
        user=reviewer, values=IndicatorValue.objects.filter(status=Status.DRAFT), target=Status.VERIFIED
    )
    assert [value.year for value in result.done] == [2020]
    [message] = result.refused
    assert "5.1 2019 has warnings" in message
    assert "explain them in a note" in message


def test_a_value_beyond_a_soft_limit_is_refused_for_verification_without_a_note(gdansk, reviewer, catalogue):
    enrolment = Indicator.objects.get(code="6.6")
    make_values(gdansk, [enrolment], [2019], figure="133")
    result = services.take_step(user=reviewer, values=IndicatorValue.objects.all(), target=Status.VERIFIED)
    assert "usual highest value" in result.refused[0]


def test_a_value_breaking_a_rule_of_the_catalogue_is_not_published(gdansk, indicator, reviewer):
    [value] = make_values(gdansk, [indicator], [2019], status=Status.VERIFIED)
    IndicatorValue.objects.filter(pk=value.pk).update(value=Decimal(150))  # e.g. the range was narrowed
    result = services.take_step(user=reviewer, values=IndicatorValue.objects.all(), target=Status.PUBLISHED)
    assert result.done == []
    assert "5.1 2019 has blocking problems" in result.refused[0]
    assert statuses([value]) == {Status.VERIFIED}


def test_a_draft_published_in_bulk_is_verified_on_the_way(gdansk, indicator, reviewer):
    [value] = make_values(gdansk, [indicator], [2019])
    result = services.take_step(user=reviewer, values=IndicatorValue.objects.all(), target=Status.PUBLISHED)
    assert result.refused == []
    value.refresh_from_db()
    assert (value.status, value.verified_by, value.published_by) == (Status.PUBLISHED, reviewer, reviewer)


def test_a_draft_its_reviewer_changed_last_is_not_published_in_bulk(gdansk, indicator, make_user):
    boss = make_user("boss", superuser=True)  # may enter values and publish them
    save_value(user=boss, city=gdansk, indicator=indicator, year=2019, value=Decimal(5))
    result = services.take_step(user=boss, values=IndicatorValue.objects.all(), target=Status.PUBLISHED)
    assert result.refused == ["Gdańsk, 5.1 2019: you changed this figure last; another reviewer verifies it."]
    assert statuses(IndicatorValue.objects.all()) == {Status.DRAFT}


def test_a_statistician_cannot_publish_in_bulk(gdansk, indicator, statistician):
    values = make_values(gdansk, [indicator], [2018, 2019], status=Status.VERIFIED)
    result = services.take_step(
        user=statistician, values=IndicatorValue.objects.all(), target=Status.PUBLISHED
    )
    assert len(result.refused) == 2
    assert statuses(values) == {Status.VERIFIED}


def test_publishing_in_bulk_records_who_when_and_why_in_every_value_s_history(gdansk, percentages, reviewer):
    values = make_values(gdansk, percentages, [2018, 2019], status=Status.VERIFIED)
    services.take_step(user=reviewer, values=IndicatorValue.objects.all(), target=Status.PUBLISHED)
    for value in values:
        value.refresh_from_db()
        latest = value.history.latest()
        assert (value.published_by, value.updated_by, value.status) == (reviewer, reviewer, Status.PUBLISHED)
        assert value.published_at is not None
        assert (latest.history_user, latest.history_change_reason, latest.status) == (
            reviewer,
            "published",
            Status.PUBLISHED,
        )
        assert latest.history_date >= value.published_at
    assert IndicatorValue.history.filter(history_change_reason="published").count() == len(values)


def test_sending_back_in_bulk_keeps_the_reviewer_s_reason(gdansk, indicator, reviewer):
    [value] = make_values(gdansk, [indicator], [2019], status=Status.PUBLISHED)
    services.take_step(
        user=reviewer, values=IndicatorValue.objects.all(), target=Status.DRAFT, reason="Wrong source year"
    )
    value.refresh_from_db()
    assert (value.status, value.returned_reason) == (Status.DRAFT, "Wrong source year")
    assert value.history.latest().history_change_reason == "Wrong source year"


def test_a_value_already_at_the_step_is_left_as_it_is(gdansk, indicator, reviewer):
    [value] = make_values(gdansk, [indicator], [2019], status=Status.PUBLISHED)
    history = value.history.count()
    result = services.take_step(user=reviewer, values=IndicatorValue.objects.all(), target=Status.PUBLISHED)
    assert (result.done, result.refused, result.unchanged) == ([], [], 1)
    assert value.history.count() == history


def test_a_published_value_reaches_the_public_pages_at_once(
    client, gdansk, indicator, reviewer, django_capture_on_commit_callbacks
):
    make_values(gdansk, [indicator], [2019], status=Status.VERIFIED, figure="7.25")
    url = reverse("indicators:indicator", kwargs={"code": indicator.code})
    assert "7.25" not in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.take_step(user=reviewer, values=IndicatorValue.objects.all(), target=Status.PUBLISHED)
    assert "7.25" in client.get(url).content.decode()


def run_action(client, action, values, **extra):
    data = {"action": action, ACTION_CHECKBOX_NAME: [value.pk for value in values], **extra}
    return client.post(reverse(CHANGELIST), data)


def test_admin_publish_action_takes_a_fixed_number_of_queries(
    client, gdansk, percentages, reviewer, django_assert_max_num_queries
):
    values = make_values(gdansk, percentages, range(2015, 2020), status=Status.VERIFIED)
    client.force_login(reviewer)
    with django_assert_max_num_queries(25):
        run_action(client, "publish_selected", values)
    assert statuses(values) == {Status.PUBLISHED}


def test_admin_publish_action_on_all_matching_values_publishes_beyond_the_first_page(
    client, gdansk, percentages, reviewer
):
    values = make_values(gdansk, percentages, range(2000, 2013), status=Status.VERIFIED)
    assert len(values) > 100  # more than one page of the list
    client.force_login(reviewer)
    run_action(client, "publish_selected", values[:100], select_across="1")
    assert statuses(values) == {Status.PUBLISHED}


def test_admin_lists_at_most_a_screenful_of_refusals(client, gdansk, percentages, reviewer):
    values = make_values(gdansk, percentages, range(2015, 2020))
    # four eyes: figures the reviewer changed last are not theirs to verify
    IndicatorValue.objects.filter(pk__in=[v.pk for v in values]).update(edited_by=reviewer)
    client.force_login(reviewer)
    response = client.post(
        reverse(CHANGELIST),
        {"action": "verify_selected", ACTION_CHECKBOX_NAME: [v.pk for v in values]},
        follow=True,
    )
    messages = [str(message) for message in response.context["messages"]]
    assert len(messages) <= REFUSALS_SHOWN + 1
    assert f"… and {len(values) - REFUSALS_SHOWN} more refusals." in messages


def publish_command(*args):
    out = StringIO()
    call_command("publish_values", *args, stdout=out, stderr=out)
    return out.getvalue()


def test_publish_values_publishes_the_verified_values_of_a_city_and_year(gdansk, percentages, reviewer):
    other = City.objects.create(name="Gdynia", slug="gdynia", country="PL")
    chosen = make_values(gdansk, percentages, [2019], status=Status.VERIFIED)
    other_year = make_values(gdansk, percentages, [2018], status=Status.VERIFIED)
    other_city = make_values(other, percentages, [2019], status=Status.VERIFIED)
    output = publish_command("--city", "gdansk", "--year", "2019", "--user", reviewer.username)
    assert statuses(chosen) == {Status.PUBLISHED}
    assert statuses(other_year + other_city) == {Status.VERIFIED}
    assert f"{len(chosen)} values published." in output


def test_publish_values_with_verify_verifies_the_drafts(gdansk, percentages, reviewer):
    drafts = make_values(gdansk, percentages, [2019])
    output = publish_command("--city", "gdansk", "--user", reviewer.username, "--verify")
    assert statuses(drafts) == {Status.VERIFIED}
    assert f"{len(drafts)} values verified." in output


def test_publish_values_with_verify_also_verifies_the_values_marked_ready_for_review(
    gdansk, percentages, reviewer
):
    ready = make_values(gdansk, percentages, [2019], status=Status.READY)
    output = publish_command("--city", "gdansk", "--user", reviewer.username, "--verify")
    assert statuses(ready) == {Status.VERIFIED}
    assert f"{len(ready)} values verified." in output


def test_publish_values_lists_refusals_and_exits_with_status_1(gdansk, indicator, statistician):
    make_values(gdansk, [indicator], [2019], status=Status.VERIFIED)
    with pytest.raises(CommandError) as error:
        publish_command("--city", "gdansk", "--user", statistician.username)
    assert error.value.returncode == 1
    assert "only reviewers can publish" in str(error.value)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--city", "atlantis", "--user", "rev"], "Unknown city “atlantis”."),
        (["--city", "gdansk", "--user", "nobody"], "Unknown user “nobody”."),
    ],
)
def test_publish_values_refuses_an_unknown_city_or_user(reviewer, gdansk, args, message):
    with pytest.raises(CommandError, match=message):
        publish_command(*args)


def test_an_import_asking_for_verification_reads_the_warnings_baseline_once(
    gdansk, percentages, make_user, django_assert_max_num_queries
):
    make_values(gdansk, percentages, range(2015, 2020))  # drafts someone else entered (four eyes)
    admin = make_user("boss", superuser=True)
    rows = [
        {"city": gdansk, "indicator": indicator, "year": year, "value": Decimal(5), "status": Status.VERIFIED}
        for indicator in percentages
        for year in range(2015, 2020)
    ]
    with django_assert_max_num_queries(12):
        result = apply_planned_values(rows=rows, user=admin, dry_run=True)
    assert result["errors"] == []


def test_each_value_taking_a_step_in_bulk_gets_a_new_version(gdansk, percentages, reviewer):
    values = make_values(gdansk, percentages, [2019])
    services.take_step(user=reviewer, values=IndicatorValue.objects.all(), target=Status.VERIFIED)
    versions = dict(IndicatorValue.objects.values_list("pk", "version"))
    assert versions == {value.pk: value.version + 1 for value in values}


def test_publishing_in_bulk_moves_the_public_data_version(gdansk, indicator, reviewer):
    make_values(gdansk, [indicator], [2019], status=Status.VERIFIED)
    before = DataVersion.objects.current().number
    services.take_step(user=reviewer, values=IndicatorValue.objects.all(), target=Status.PUBLISHED)
    assert DataVersion.objects.current().number == before + 1


def test_verifying_drafts_in_bulk_leaves_the_public_data_version(gdansk, indicator, reviewer):
    make_values(gdansk, [indicator], [2019])
    before = DataVersion.objects.current().number
    services.take_step(user=reviewer, values=IndicatorValue.objects.all(), target=Status.VERIFIED)
    assert DataVersion.objects.current().number == before
