from decimal import Decimal

import pytest
from django.urls import reverse

from indicators.models import Indicator, IndicatorValue
from indicators.services import save_value


def test_statistician_cannot_change_an_indicator(client, statistician, indicator):
    client.force_login(statistician)
    url = reverse("admin:indicators_indicator_change", args=[indicator.pk])
    response = client.post(url, {"code": "5.1", "name_pl": "zmienione"})
    assert response.status_code == 403
    indicator.refresh_from_db()
    assert indicator.name_pl != "zmienione"


def test_statistician_can_view_an_indicator(client, statistician, indicator):
    client.force_login(statistician)
    response = client.get(reverse("admin:indicators_indicator_change", args=[indicator.pk]))
    assert response.status_code == 200


def test_statistician_cannot_add_an_indicator(client, statistician):
    client.force_login(statistician)
    assert client.get(reverse("admin:indicators_indicator_add")).status_code == 403


@pytest.mark.parametrize("model", ["theme", "city"])
def test_statistician_cannot_change_themes_or_cities(client, statistician, catalogue, model):
    client.force_login(statistician)
    assert client.get(reverse(f"admin:indicators_{model}_add")).status_code == 403


def test_catalogue_admin_can_rename_an_indicator(client, catalogue_admin, indicator):
    client.force_login(catalogue_admin)
    url = reverse("admin:indicators_indicator_change", args=[indicator.pk])
    form = client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(
        {
            "name_pl": "Stopa bezrobocia (poprawiona)",
            "theme": indicator.theme_id,
            "values-TOTAL_FORMS": 0,
            "values-INITIAL_FORMS": 0,
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    indicator.refresh_from_db()
    assert indicator.name_pl == "Stopa bezrobocia (poprawiona)"


def test_statistician_adds_a_value_in_the_admin_as_a_draft_with_history(
    client, statistician, gdansk, indicator
):
    client.force_login(statistician)
    response = client.post(
        reverse("admin:indicators_indicatorvalue_add"),
        {"city": gdansk.pk, "indicator": indicator.pk, "year": 2019, "value": "4,2", "source": "GUS"},
    )
    assert response.status_code == 302
    value = IndicatorValue.objects.get()
    assert (value.value, value.status, value.created_by) == (Decimal("4.2"), "draft", statistician)
    assert value.history.get().history_user == statistician


def test_admin_refuses_an_out_of_range_value_with_a_message(client, statistician, gdansk, indicator):
    client.force_login(statistician)
    response = client.post(
        reverse("admin:indicators_indicatorvalue_add"),
        {"city": gdansk.pk, "indicator": indicator.pk, "year": 2019, "value": "120"},
    )
    assert response.status_code == 200
    assert "value" in response.context["adminform"].form.errors
    assert not IndicatorValue.objects.exists()


def test_value_list_query_count_does_not_grow_with_rows(
    client, django_assert_max_num_queries, statistician, gdansk
):
    for indicator in Indicator.objects.filter(value_type="number", kind="core")[:40]:
        for year in (2018, 2019):
            save_value(city=gdansk, indicator=indicator, year=year, value=Decimal(1))
    client.force_login(statistician)
    with django_assert_max_num_queries(15):
        response = client.get(reverse("admin:indicators_indicatorvalue_changelist"))
    assert response.status_code == 200


def test_value_list_shows_codes_in_numeric_order(client, statistician, gdansk, catalogue):
    for code in ("16.10", "16.2"):
        save_value(city=gdansk, indicator=Indicator.objects.get(code=code), year=2019, value=Decimal(1))
    client.force_login(statistician)
    page = client.get(reverse("admin:indicators_indicatorvalue_changelist")).content.decode()
    assert page.index(">16.2<") < page.index(">16.10<")
