"""No lost update: stale writes are refused naming who changed the value and when; concurrent writes
(two sessions, two database connections) both land or one is told why not. The loser of a race is told
with a 412 or 409, never a 500: a deadlock or a serialization failure the database resolves by cancelling
one transaction is answered as a conflict to retry, and nothing of the cancelled request is written."""

import threading
import time
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse

from indicators import roles
from indicators.api import views
from indicators.importing import PlanOutdated, apply_import, plan_import, read_import
from indicators.models import ImportBatch, Indicator, IndicatorValue
from indicators.services import save_value

Status = IndicatorValue.Status


def run_together(*calls):
    """Run the calls at the same moment, each in its own thread (and database connection)."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            results[index] = call()
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index, call)) for index, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def signed_in(user):
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


class FormFields(HTMLParser):
    """The fields a browser would send back: inputs' names and values."""

    def __init__(self):
        super().__init__()
        self.fields = {}

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "input" and attributes.get("name") and attributes.get("type") != "submit":
            self.fields[attributes["name"]] = attributes.get("value") or ""


def form_fields(html: str) -> dict:
    parser = FormFields()
    parser.feed(html)
    return parser.fields


@pytest.mark.django_db
def test_every_write_increments_the_version_bulk_writes_and_history_included(gdansk, indicator, statistician):
    value, _ = save_value(user=statistician, city=gdansk, indicator=indicator, year=2019, value=Decimal(5))
    assert value.version == 1
    save_value(user=statistician, city=gdansk, indicator=indicator, year=2019, value=Decimal(6))
    data = "Wskaźnik;Rok;Wartość\n5.1;2019;7\n".encode()
    apply_import(plan_import(data, "d.csv", user=statistician, default_city=gdansk), user=statistician)
    assert IndicatorValue.objects.get().version == 3
    assert sorted(IndicatorValue.history.values_list("version", flat=True)) == [1, 2, 3]


@pytest.mark.django_db
def test_an_api_write_with_a_stale_etag_is_refused_naming_who_changed_it(
    gdansk, indicator, statistician, make_user, english
):
    value, _ = save_value(user=statistician, city=gdansk, indicator=indicator, year=2019, value=Decimal(5))
    client = signed_in(statistician)
    url = f"/api/values/{value.pk}/?lang=en"
    first = client.patch(url, {"source": "GUS"}, content_type="application/json")
    etag = first["ETag"]
    colleague = make_user("ewa", roles.STATISTICIANS)
    save_value(user=colleague, city=gdansk, indicator=indicator, year=2019, value=Decimal(6))
    stale = client.patch(url, {"value": "7"}, content_type="application/json", headers={"If-Match": etag})
    assert stale.status_code == 412
    assert "ewa" in stale.content.decode()
    assert IndicatorValue.objects.get().value == Decimal(6)


@pytest.mark.django_db
def test_an_api_write_with_the_current_etag_is_saved(gdansk, indicator, statistician):
    value, _ = save_value(user=statistician, city=gdansk, indicator=indicator, year=2019, value=Decimal(5))
    client = signed_in(statistician)
    etag = client.patch(f"/api/values/{value.pk}/", {"source": "GUS"}, content_type="application/json")[
        "ETag"
    ]
    response = client.patch(
        f"/api/values/{value.pk}/",
        {"value": "7"},
        content_type="application/json",
        headers={"If-Match": etag},
    )
    assert response.status_code == 200
    assert response["ETag"] != etag


@pytest.mark.django_db
def test_a_bulk_item_with_a_stale_version_is_a_conflict(gdansk, indicator, statistician):
    save_value(user=statistician, city=gdansk, indicator=indicator, year=2019, value=Decimal(5))
    save_value(user=statistician, city=gdansk, indicator=indicator, year=2019, value=Decimal(6))
    item = {"city": "gdansk", "indicator": "5.1", "year": 2019, "value": "7", "version": 1}
    response = signed_in(statistician).post("/api/values/bulk/", [item], content_type="application/json")
    assert response.status_code == 409
    assert IndicatorValue.objects.get().value == Decimal(6)


@pytest.mark.django_db
def test_a_stale_admin_form_does_not_put_back_a_colleagues_figure(gdansk, indicator, statistician, make_user):
    value, _ = save_value(user=statistician, city=gdansk, indicator=indicator, year=2019, value=Decimal(5))
    client = signed_in(statistician)
    url = reverse("admin:indicators_indicatorvalue_change", args=[value.pk])
    fields = form_fields(client.get(url).content.decode())
    colleague = make_user("ewa", roles.STATISTICIANS)
    save_value(user=colleague, city=gdansk, indicator=indicator, year=2019, value=Decimal(6))
    fields["source"] = "GUS"
    response = client.post(url, fields)
    assert response.status_code == 200
    assert "ewa" in response.content.decode()
    assert IndicatorValue.objects.get().value == Decimal(6)


@pytest.mark.django_db
def test_the_year_entry_grid_saves_only_what_the_user_changed(gdansk, statistician, make_user):
    first, second = (
        Indicator.objects.get(edition=2014, code="7.1"),
        Indicator.objects.get(edition=2014, code="7.2"),
    )
    for indicator in (first, second):
        save_value(user=statistician, city=gdansk, indicator=indicator, year=2019, value=Decimal(5))
    client = signed_in(statistician)
    url = reverse("admin:indicators_year_entry") + f"?city=gdansk&year=2019&theme={first.theme_id}"
    fields = form_fields(client.get(url).content.decode())
    colleague = make_user("ewa", roles.STATISTICIANS)
    save_value(user=colleague, city=gdansk, indicator=first, year=2019, value=Decimal(8))
    fields[f"i{second.pk}-value"] = "9"
    client.post(url, fields)
    assert IndicatorValue.objects.get(indicator=first).value == Decimal(8)
    assert IndicatorValue.objects.get(indicator=second).value == Decimal(9)


@pytest.mark.django_db
@pytest.mark.parametrize("column", ["Źródło", "Uwagi"])
def test_the_import_digest_covers_source_and_notes(gdansk, indicator, statistician, column):
    field = "source" if column == "Źródło" else "notes"
    save_value(user=statistician, city=gdansk, indicator=indicator, year=2019, value=Decimal(5))
    data = f"Wskaźnik;Rok;Wartość;{column}\n5.1;2019;6;PUP\n".encode()
    digest = plan_import(data, "d.csv", user=statistician, default_city=gdansk).digest
    save_value(
        user=statistician, city=gdansk, indicator=indicator, year=2019, value=Decimal(5), **{field: "UM"}
    )
    with pytest.raises(PlanOutdated):
        apply_import(
            read_import(data, "d.csv", default_city=gdansk), user=statistician, expected_digest=digest
        )
    assert getattr(IndicatorValue.objects.get(), field) == "UM"


@pytest.mark.django_db(transaction=True)
def test_concurrent_api_patches_of_different_fields_both_land(catalogue, gdansk, indicator, statistician):
    value, _ = save_value(user=statistician, city=gdansk, indicator=indicator, year=2019, value=Decimal(5))
    url = f"/api/values/{value.pk}/"
    clients = signed_in(statistician), signed_in(statistician)
    for round_number in range(1, 9):
        figure, source = {"value": str(round_number)}, {"source": f"GUS {round_number}"}
        run_together(
            lambda body=figure: clients[0].patch(url, body, content_type="application/json"),
            lambda body=source: clients[1].patch(url, body, content_type="application/json"),
        )
        stored = IndicatorValue.objects.get()
        assert (stored.value, stored.source) == (Decimal(round_number), f"GUS {round_number}")


@pytest.mark.django_db(transaction=True)
def test_concurrent_identical_creates_answer_one_201_and_one_409(catalogue, statistician):
    clients = signed_in(statistician), signed_in(statistician)
    for year in range(2010, 2015):
        item = {"city": "gdansk", "indicator": "5.1", "year": year, "value": "4.5"}
        responses = run_together(
            *(
                lambda client=client, item=item: client.post(
                    "/api/values/", item, content_type="application/json"
                )
                for client in clients
            )
        )
        assert sorted(response.status_code for response in responses) == [201, 409]
    assert IndicatorValue.objects.count() == 5


@pytest.mark.django_db(transaction=True)
def test_concurrent_confirms_of_one_import_apply_it_once_and_keep_its_log(
    catalogue, gdansk, statistician, settings, tmp_path, english
):
    settings.MEDIA_ROOT = tmp_path
    clients = signed_in(statistician), signed_in(statistician)
    upload = reverse("admin:indicators_importbatch_upload")
    for year in range(2015, 2018):
        data = f"Wskaźnik;Rok;Wartość\n5.1;{year};5\n5.2;{year};6\n".encode()
        preview = clients[0].post(upload, {"file": SimpleUploadedFile("d.csv", data), "city": gdansk.pk}).url
        responses = run_together(
            *(lambda client=client, url=preview: client.post(url, follow=True) for client in clients)
        )
        batch = ImportBatch.objects.get(pk=int(preview.rstrip("/").split("/")[-2]))
        assert (batch.state, batch.created_count, batch.unchanged_count) == ("applied", 2, 0)
        assert sorted(response.status_code for response in responses) == [200, 200]
        assert any("already" in response.content.decode() for response in responses)
    assert IndicatorValue.objects.count() == 6


@pytest.mark.django_db
def test_an_admin_create_that_loses_the_race_is_told_so_without_an_error_500(
    client, gdansk, indicator, statistician, make_user, monkeypatch, english
):
    from indicators.admin.value_forms import IndicatorValueForm

    def colleague_saves_first(form, *args, **kwargs):
        save_value(
            user=make_user("ewa", roles.STATISTICIANS),
            city=gdansk,
            indicator=indicator,
            year=2019,
            value=Decimal(6),
        )

    monkeypatch.setattr(IndicatorValueForm, "validate_unique", colleague_saves_first)
    client.force_login(statistician)
    data = {"city": gdansk.pk, "indicator": indicator.pk, "year": 2019, "value": "5"}
    response = client.post(reverse("admin:indicators_indicatorvalue_add"), data, follow=True)
    assert response.status_code == 200
    assert "ewa" in response.content.decode()
    assert IndicatorValue.objects.get().value == Decimal(6)


@pytest.mark.django_db(transaction=True)
def test_two_bulk_writes_locking_the_same_values_in_opposite_order_end_in_200_and_409(
    gdansk, indicator, statistician, monkeypatch
):
    """Each request saves its first value, waits, then wants the other's: PostgreSQL detects the deadlock
    and cancels one of them."""
    for year in (2018, 2019):
        save_value(user=statistician, city=gdansk, indicator=indicator, year=year, value=Decimal(5))
    real_save = views.save_value

    def slow_save(**arguments):
        saved = real_save(**arguments)
        time.sleep(0.5)
        return saved

    monkeypatch.setattr(views, "save_value", slow_save)

    def bulk(years, figure):
        items = [{"city": "gdansk", "indicator": "5.1", "year": year, "value": figure} for year in years]
        return lambda: signed_in(statistician).post(
            "/api/values/bulk/", items, content_type="application/json"
        )

    responses = run_together(bulk([2018, 2019], "6"), bulk([2019, 2018], "7"))
    statuses = sorted(response.status_code for response in responses)
    assert statuses == [200, 409], [response.content for response in responses]
    figures = set(IndicatorValue.objects.values_list("value", flat=True))
    assert len(figures) == 1  # the winner's figure in both: nothing of the loser's request


@pytest.mark.django_db(transaction=True)
def test_two_patches_of_the_same_version_end_in_200_and_412(gdansk, indicator, statistician):
    value, _ = save_value(user=statistician, city=gdansk, indicator=indicator, year=2019, value=Decimal(5))
    etag = f'"value-{value.pk}-v{value.version}"'

    def patch(figure):
        return lambda: signed_in(statistician).patch(
            f"/api/values/{value.pk}/",
            {"value": figure},
            content_type="application/json",
            headers={"If-Match": etag},
        )

    statuses = sorted(response.status_code for response in run_together(patch("6"), patch("7")))
    assert statuses == [200, 412]
