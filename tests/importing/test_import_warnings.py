"""Warnings nobody sees until publishing: the dry run and the preview show every warning a reviewer will
ask to be explained, with its cell, counted per kind; they are found against the registry as the import
would leave it (the file's own earlier years and population), and a reviewer publishes explained values
in one step."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from indicators.importing import apply_import, plan_import
from indicators.models import City, Indicator, IndicatorValue
from indicators.services import save_value, take_step

pytestmark = pytest.mark.usefixtures("english")

Status = IndicatorValue.Status


def plan_of_csv(text: str, city, user=None):
    return plan_import(text.encode(), "values.csv", user=user, default_city=city)


def warned_cells(plan, kind):
    return [warning["ref"] for warning in plan.warnings if warning["check"] == kind]


def test_the_preview_warns_of_a_figure_100_times_off_an_earlier_year_of_the_same_file(gdansk):
    plan = plan_of_csv("Wskaźnik;Rok;Wartość\n10.1;2018;250\n10.1;2019;2,5\n", gdansk)
    assert warned_cells(plan, "scale") == ["'values'!C3"]


def test_the_preview_warns_of_a_denominator_far_from_the_population_of_the_same_file(gdansk):
    text = "Wskaźnik;Rok;Wartość;Licznik;Mianownik\nPPL-01;2019;460000;;\n10.1;2019;50;150;300000\n"
    plan = plan_of_csv(text, gdansk)
    assert warned_cells(plan, "population") == ["'values'!C3"]


def test_the_preview_counts_the_warnings_per_kind(gdansk):
    text = (
        "Wskaźnik;Rok;Wartość;Licznik;Mianownik\n"
        "PPL-01;2019;460000;;\n10.1;2019;50;150;300000\n10.2;2018;250;;\n10.2;2019;2,5;;\n"
    )
    plan = plan_of_csv(text, gdansk)
    assert plan.warning_counts == {"population": 1, "scale": 1, "year_on_year": 1}
    assert plan.report()["warning_counts"] == plan.warning_counts


def test_a_file_with_errors_still_shows_the_warnings_of_its_other_rows_at_their_own_cells(gdansk):
    plan = plan_of_csv("Wskaźnik;Rok;Wartość\n5.1;2019;abc\n10.1;2018;250\n10.1;2019;2,5\n", gdansk)
    assert plan.errors
    assert warned_cells(plan, "scale") == ["'values'!C4"]
    assert [change.ref for change in plan.changes] == ["'values'!C3", "'values'!C4"]


def test_the_dry_run_command_prints_every_warning_with_its_cell_and_the_counts(tmp_path, gdansk):
    path = tmp_path / "values.csv"
    path.write_text("Wskaźnik;Rok;Wartość\n10.1;2018;250\n10.1;2019;2,5\n", encoding="utf-8")
    out = StringIO()
    call_command("import_values", str(path), "--dry-run", "--language", "en", stdout=out)
    printed = out.getvalue()
    assert "warning ['values'!C3] gdansk 10.1 2019: About 1/100 times" in printed
    assert "10.1 2019" in printed
    assert "times the city's earlier years" in printed
    assert "2 warnings (" in printed


@pytest.fixture
def peers(gdansk):
    """Six other cities' figures of a per-100 000 indicator, all between 100 and 300."""
    per_100k = Indicator.objects.get(edition=2014, code="10.1")
    for number, figure in enumerate((120, 150, 180, 200, 240, 290)):
        city = City.objects.create(slug=f"peer-{number}", name=f"Peer {number}", country="CA")
        save_value(city=city, indicator=per_100k, year=2019, value=Decimal(figure))
    return per_100k


def test_a_figure_100_times_off_its_peers_is_a_warning_in_the_preview(gdansk, peers):
    plan = plan_of_csv("Wskaźnik;Rok;Wartość\n10.1;2019;1,9\n", gdansk)
    assert warned_cells(plan, "peers") == ["'values'!C2"]
    assert "other cities" in plan.warnings[0]["message"]


def test_a_figure_within_its_peers_spread_is_no_warning(gdansk, peers):
    plan = plan_of_csv("Wskaźnik;Rok;Wartość\n10.1;2019;60\n", gdansk)
    assert not plan.warnings


def test_a_count_of_another_size_than_its_peers_is_no_scale_warning(gdansk):
    """Populations differ 100-fold between cities by nature: only ratios are compared with peers."""
    population = Indicator.objects.get(edition=2014, code="PPL-01")
    for number, figure in enumerate((2_000_000, 3_000_000, 4_000_000, 5_000_000, 6_000_000)):
        city = City.objects.create(slug=f"big-{number}", name=f"Big {number}", country="CA")
        save_value(city=city, indicator=population, year=2019, value=Decimal(figure))
    plan = plan_of_csv("Wskaźnik;Rok;Wartość\nPPL-01;2019;40000\n", gdansk)
    assert not warned_cells(plan, "peers")


def test_a_reviewer_publishes_explained_imported_values_in_one_step(gdansk, statistician, reviewer):
    text = (
        "Wskaźnik;Rok;Wartość;Wyjaśnienie\n"
        "10.1;2018;250;Liczba strażaków zawodowych i ochotników\n"
        "10.1;2019;2,5;Ochotnicy odeszli: sprawdzone w KM PSP\n"
    )
    batch = apply_import(plan_of_csv(text, gdansk, user=statistician), user=statistician)
    assert batch is not None
    result = take_step(user=reviewer, values=IndicatorValue.objects.all(), target=Status.PUBLISHED)
    assert result.refused == []
    assert set(IndicatorValue.objects.values_list("status", flat=True)) == {Status.PUBLISHED}


def test_publishing_many_drafts_reads_their_warnings_baseline_once(
    gdansk, statistician, reviewer, django_assert_max_num_queries
):
    """Three drafts take 17 queries; twelve must take no more (two warning queries per value before)."""
    codes = Indicator.objects.filter(edition=2014, unit="%", max_value=100).values_list("code", flat=True)
    rows = "".join(f"{code};2019;5\n" for code in codes[:12])
    apply_import(plan_of_csv("Wskaźnik;Rok;Wartość\n" + rows, gdansk, user=statistician), user=statistician)
    with django_assert_max_num_queries(17):
        result = take_step(user=reviewer, values=IndicatorValue.objects.all(), target=Status.PUBLISHED)
    assert len(result.done) == 12


def _peer_off(gdansk, per_100k, user):
    from indicators.services import save_value as save

    value, _ = save(user=user, city=gdansk, indicator=per_100k, year=2019, value=Decimal("1.9"))
    return value


def through_import(gdansk, per_100k, statistician, client, reviewer):
    plan = plan_of_csv("Wskaźnik;Rok;Wartość\n10.1;2019;1,9\n", gdansk, user=statistician)
    return [warning["message"] for warning in plan.warnings]


def through_grid(gdansk, per_100k, statistician, client, reviewer):
    from indicators.year_entry import build_rows

    _peer_off(gdansk, per_100k, statistician)
    rows = build_rows(user=statistician, city=gdansk, year=2019, theme=per_100k.theme)
    return next(row for row in rows if row.indicator == per_100k).warnings


def through_admin(gdansk, per_100k, statistician, client, reviewer):
    client.force_login(statistician)
    value = _peer_off(gdansk, per_100k, statistician)
    page = client.get(f"/en/admin/indicators/indicatorvalue/{value.pk}/change/")
    return [page.content.decode()]


def through_api(gdansk, per_100k, statistician, client, reviewer):
    from rest_framework.test import APIClient

    value = _peer_off(gdansk, per_100k, statistician)
    api = APIClient()
    api.force_authenticate(reviewer)
    response = api.patch(
        f"/api/values/{value.pk}/", {"status": "verified"}, format="json", headers={"Accept-Language": "en"}
    )
    assert response.status_code == 400
    return [str(response.json())]


@pytest.mark.parametrize("door", [through_import, through_grid, through_admin, through_api])
def test_every_door_warns_of_a_figure_100_times_off_its_peers(
    door, gdansk, peers, statistician, reviewer, client
):
    said = " ".join(door(gdansk, peers, statistician, client, reviewer))
    assert "About 1/100 times the figures of 6 other cities" in said
