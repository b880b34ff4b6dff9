import io
from decimal import Decimal

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse
from openpyxl import load_workbook

from indicators import roles
from indicators.models import ImportBatch, Indicator, IndicatorValue
from indicators.services import save_value

pytestmark = pytest.mark.usefixtures("english")  # messages are checked in English; the default is Polish

CHANGELIST = "admin:indicators_indicatorvalue_changelist"


def run_action(client, action, values, **extra):
    data = {"action": action, ACTION_CHECKBOX_NAME: [value.pk for value in values], **extra}
    return client.post(reverse(CHANGELIST), data, follow=True)


def page_messages(response):
    return [str(message) for message in response.context["messages"]]


def test_reviewer_verifies_selected_values_in_the_admin(client, reviewer, draft):
    client.force_login(reviewer)
    response = run_action(client, "verify_selected", [draft])
    draft.refresh_from_db()
    assert draft.status == "verified"
    assert "1 values verified." in page_messages(response)


def test_reviewer_publishes_selected_verified_values(client, reviewer, verified):
    client.force_login(reviewer)
    run_action(client, "publish_selected", [verified])
    verified.refresh_from_db()
    assert verified.status == "published"


@pytest.mark.parametrize("role", ["statistician", "auditor"])
def test_verify_action_is_not_offered_to_other_roles_and_a_forged_one_changes_nothing(
    client, request, draft, role
):
    client.force_login(request.getfixturevalue(role))
    assert 'value="verify_selected"' not in client.get(reverse(CHANGELIST)).content.decode()
    run_action(client, "verify_selected", [draft])
    draft.refresh_from_db()
    assert draft.status == "draft"


@pytest.mark.parametrize("role", ["statistician", "auditor"])
def test_publish_action_is_not_offered_to_other_roles_and_a_forged_one_changes_nothing(
    client, request, verified, role
):
    client.force_login(request.getfixturevalue(role))
    assert 'value="publish_selected"' not in client.get(reverse(CHANGELIST)).content.decode()
    run_action(client, "publish_selected", [verified])
    verified.refresh_from_db()
    assert verified.status == "verified"


def test_publish_action_refuses_a_draft_its_publisher_entered_with_a_message(
    client, make_user, gdansk, indicator
):
    chief = make_user("chief", roles.STATISTICIANS, roles.REVIEWERS)
    draft, _ = save_value(user=chief, city=gdansk, indicator=indicator, year=2019, value=Decimal(5))
    client.force_login(chief)
    response = run_action(client, "publish_selected", [draft])
    assert any("another reviewer verifies it" in message for message in page_messages(response))
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_send_back_action_asks_for_a_reason_first(client, reviewer, verified):
    client.force_login(reviewer)
    response = run_action(client, "send_back_selected", [verified])
    assert "reason" in response.context["form"].fields
    verified.refresh_from_db()
    assert verified.status == "verified"


def test_send_back_action_with_a_reason_returns_the_value_to_draft(client, reviewer, verified):
    client.force_login(reviewer)
    run_action(client, "send_back_selected", [verified], reason="Wrong source year")
    verified.refresh_from_db()
    assert (verified.status, verified.returned_reason) == ("draft", "Wrong source year")


def test_a_published_value_page_says_why_it_is_locked_for_a_statistician(client, statistician, published):
    client.force_login(statistician)
    url = reverse("admin:indicators_indicatorvalue_change", args=[published.pk])
    assert "A reviewer can publish a correction" in client.get(url).content.decode()
    assert client.post(url, {"value": "9", "source": "x"}).status_code == 403


def test_reviewer_correction_in_the_admin_needs_a_revision_note(client, reviewer, published):
    client.force_login(reviewer)
    url = reverse("admin:indicators_indicatorvalue_change", args=[published.pk])
    response = client.post(url, {"value": "4,9", "source": "GUS", "notes": "", "review_note": ""})
    assert response.status_code == 200
    assert "revision note" in str(response.context["adminform"].form.errors)
    published.refresh_from_db()
    assert published.value == Decimal("5.1")


def test_reviewer_correction_in_the_admin_waits_for_a_second_reviewer_then_stays_published_with_its_note(
    client, reviewer, make_user, published
):
    client.force_login(reviewer)
    url = reverse("admin:indicators_indicatorvalue_change", args=[published.pk])
    data = {
        "value": "4.9",
        "source": "GUS",
        "notes": "",
        "review_note": "",
        "correction_note": "GUS fixed it",
    }
    assert client.post(url, data).status_code == 302
    assert "4.9, proposed by rev" in client.get(url).content.decode()
    published.refresh_from_db()
    assert published.value == Decimal("5.1")
    client.force_login(make_user("rev2", roles.REVIEWERS))
    run_action(client, "publish_selected", [published])
    published.refresh_from_db()
    assert (published.value, published.status, published.revision_note) == (
        Decimal("4.9"),
        "published",
        "GUS fixed it",
    )


def test_auditor_reads_a_value_and_its_history_but_cannot_change_it(client, auditor, draft):
    client.force_login(auditor)
    change = reverse("admin:indicators_indicatorvalue_change", args=[draft.pk])
    assert client.get(change).status_code == 200
    assert client.get(reverse("admin:indicators_indicatorvalue_history", args=[draft.pk])).status_code == 200
    assert client.post(change, {"value": "9"}).status_code == 403


def test_history_export_csv_has_every_step_with_user_and_import(
    client, auditor, gdansk, indicator, statistician
):
    batch = ImportBatch.objects.create(file_name="gus-2019.xlsx", checksum="0" * 64)
    value, _ = save_value(
        user=statistician, import_batch=batch, city=gdansk, indicator=indicator, year=2019, value=Decimal(5)
    )
    save_value(user=statistician, city=gdansk, indicator=indicator, year=2019, value=Decimal(6))
    client.force_login(auditor)
    url = reverse("admin:indicators_history_export", args=["csv"])
    lines = client.get(url, {"ids": value.pk}).content.decode().splitlines()
    assert lines[0].startswith(
        '"value_id","city","indicator","year","changed_at","changed_by","change","status"'
    )
    assert '"stat","created","draft","5.000000",' in lines[1]
    assert "gus-2019.xlsx" in lines[1]
    assert '"stat","changed","draft","6.000000",' in lines[2]


def test_history_export_xlsx_of_a_city_year_includes_deleted_values(client, auditor, gdansk, indicator):
    value, _ = save_value(city=gdansk, indicator=indicator, year=2019, value=Decimal(5))
    value.delete()
    client.force_login(auditor)
    response = client.get(
        reverse("admin:indicators_history_export", args=["xlsx"]), {"city": "gdansk", "year": 2019}
    )
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    changes = [row[6] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert changes == ["created", "deleted"]


def test_restore_brings_back_an_earlier_figure_and_records_it(client, statistician, draft):
    first = draft.history.get()
    save_value(user=statistician, city=draft.city, indicator=draft.indicator, year=2019, value=Decimal(7))
    client.force_login(statistician)
    url = reverse("admin:indicators_indicatorvalue_restore", args=[draft.pk, first.history_id])
    assert client.post(url, {"reason": "typo"}).status_code == 302
    draft.refresh_from_db()
    assert draft.value == Decimal("5.1")
    newest = draft.history.first()
    assert newest.history_change_reason.endswith(": typo")
    assert newest.history_user == statistician


def test_restore_of_a_published_value_by_a_statistician_is_refused_with_the_lock_reason(
    client, statistician, published
):
    first = published.history.last()
    client.force_login(statistician)
    url = reverse("admin:indicators_indicatorvalue_restore", args=[published.pk, first.history_id])
    response = client.post(url, {"reason": "x"})
    assert "A reviewer can publish a correction" in response.content.decode()
    assert published.history.count() == 3


def test_quality_page_lists_problems_with_links_to_fix_them(
    client, statistician, gdansk, indicator, django_assert_max_num_queries
):
    save_value(city=gdansk, indicator=indicator, year=2018, value=Decimal(4))
    value, _ = save_value(city=gdansk, indicator=indicator, year=2019, value=Decimal(8))
    client.force_login(statistician)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("admin:indicators_quality"), {"city": "gdansk", "year": 2019})
    page = response.content.decode()
    assert "+100.0 %" in page
    assert reverse("admin:indicators_indicatorvalue_change", args=[value.pk]) in page


def test_check_values_exits_1_when_blocking_problems_exist(gdansk, indicator):
    from django.core.management import call_command

    value, _ = save_value(city=gdansk, indicator=indicator, year=2019, value=Decimal(5))
    call_command("check_values", city="gdansk", year=2019, stdout=io.StringIO())
    IndicatorValue.objects.filter(pk=value.pk).update(value=Decimal(150))
    with pytest.raises(SystemExit) as exit_info:
        call_command("check_values", city="gdansk", year=2019, stdout=io.StringIO())
    assert exit_info.value.code == 1


def test_year_entry_grid_saves_valid_rows_and_keeps_invalid_ones(client, statistician, gdansk, catalogue):
    first, second = Indicator.objects.filter(code__in=["5.1", "5.2"]).order_by("sort_key")
    client.force_login(statistician)
    url = reverse("admin:indicators_year_entry") + f"?city=gdansk&year=2019&theme={first.theme_id}"
    data = {
        f"i{first.pk}-value": "4,2",
        f"i{first.pk}-source": "GUS",
        f"i{second.pk}-value": "120",
        f"i{second.pk}-source": "PUP",
        f"i{second.pk}-notes": "typed by hand",
    }
    page = client.post(url, data).content.decode()
    assert IndicatorValue.objects.get(indicator=first).value == Decimal("4.2")
    assert not IndicatorValue.objects.filter(indicator=second).exists()
    assert 'value="120"' in page
    assert 'value="typed by hand"' in page
    assert "above the highest possible value" in page


def test_year_entry_grid_shows_the_last_three_published_years(
    client, statistician, gdansk, indicator, django_assert_max_num_queries
):
    save_value(city=gdansk, indicator=indicator, year=2016, value=Decimal("7.7"), status="published")
    save_value(city=gdansk, indicator=indicator, year=2018, value=Decimal("6.6"))  # a draft: not shown
    client.force_login(statistician)
    with django_assert_max_num_queries(15):
        response = client.get(reverse("admin:indicators_year_entry"), {"city": "gdansk", "year": 2019})
    row = response.content.decode().split('id="row-5.1"')[1].split("</tr>")[0]
    assert "7.7" in row
    assert "6.6" not in row


def test_year_entry_grid_is_refused_to_auditors(client, auditor):
    client.force_login(auditor)
    assert client.get(reverse("admin:indicators_year_entry")).status_code == 403


def test_history_page_shows_each_change_with_its_import_in_bounded_queries(
    client, auditor, gdansk, indicator, statistician, django_assert_max_num_queries
):
    batch = ImportBatch.objects.create(file_name="gus-2019.xlsx", checksum="0" * 64)
    for figure in range(1, 8):
        value, _ = save_value(
            user=statistician, import_batch=batch, city=gdansk, indicator=indicator, year=2019, value=figure
        )
    client.force_login(auditor)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("admin:indicators_indicatorvalue_history", args=[value.pk]))
    page = response.content.decode()
    assert page.count("gus-2019.xlsx") == 7
    assert "restore this version" in page


def test_reviewer_restores_a_published_value_as_a_public_correction(client, reviewer, published, settings):
    settings.FOUR_EYES = False  # the restore page itself is under test; four eyes is tested on its own
    first = published.history.last()
    save_value(
        user=reviewer,
        city=published.city,
        indicator=published.indicator,
        year=2019,
        value=Decimal("9.9"),
        source="GUS",
        revision_note="typo",
    )
    client.force_login(reviewer)
    url = reverse("admin:indicators_indicatorvalue_restore", args=[published.pk, first.history_id])
    client.post(url, {"reason": "the correction was wrong", "revision_note": "back to the GUS figure"})
    published.refresh_from_db()
    assert (published.value, published.status, published.revision_note) == (
        Decimal("5.1"),
        "published",
        "back to the GUS figure",
    )


def test_a_published_value_cannot_be_changed_inline_on_the_indicator_page_without_a_note(
    client, make_user, published
):
    admin_user = make_user("root", superuser=True)
    client.force_login(admin_user)
    url = reverse("admin:indicators_indicator_change", args=[published.indicator_id])
    form = client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(
        {
            "theme": published.indicator.theme_id,
            "values-TOTAL_FORMS": 1,
            "values-INITIAL_FORMS": 1,
            "values-0-id": published.pk,
            "values-0-indicator": published.indicator_id,
            "values-0-city": published.city_id,
            "values-0-year": 2019,
            "values-0-value": "7",
            "values-0-source": "GUS",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert "revision note" in str(response.context["inline_admin_formsets"][0].formset.errors)
    published.refresh_from_db()
    assert published.value == Decimal("5.1")
