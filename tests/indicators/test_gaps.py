"""Gaps with reasons: a value may record that its indicator is not applicable or not available for the
city and year, with the city's reason, through the same workflow as a figure."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from indicators import roles
from indicators.exporting import export_file, values_for_export
from indicators.importing import apply_import
from indicators.models import Indicator, IndicatorValue
from indicators.series import series_by_indicator
from indicators.services import publish, save_value, verify
from indicators.year_entry import build_rows, save_rows

from .import_helpers import error_texts, long_sheet, plan_of, workbook_bytes

NOT_APPLICABLE, NOT_AVAILABLE = IndicatorValue.Gap.NOT_APPLICABLE, IndicatorValue.Gap.NOT_AVAILABLE
REASON = "W Gdańsku nie ma osiedli nieformalnych."


@pytest.fixture
def settlements(catalogue):
    return Indicator.objects.get(edition=2014, code="19.3")


def record_gap(city, indicator, user=None, year=2021, **extra):
    value, _outcome = save_value(
        city=city, indicator=indicator, year=year, user=user, gap=NOT_APPLICABLE, gap_reason=REASON, **extra
    )
    return value


def test_a_gap_is_stored_with_its_reason_and_no_figure(gdansk, settlements):
    value = record_gap(gdansk, settlements)
    value.refresh_from_db()
    assert (value.gap, value.gap_reason, value.value, value.text_value) == (NOT_APPLICABLE, REASON, None, "")


def test_a_gap_without_a_reason_is_refused(gdansk, settlements):
    with pytest.raises(ValidationError) as refused:
        save_value(city=gdansk, indicator=settlements, year=2021, gap=NOT_AVAILABLE)
    assert "gap_reason" in refused.value.message_dict
    assert not IndicatorValue.objects.exists()


def test_a_gap_beside_a_figure_is_refused(gdansk, settlements):
    with pytest.raises(ValidationError) as refused:
        save_value(
            city=gdansk,
            indicator=settlements,
            year=2021,
            value=Decimal(0),
            gap=NOT_APPLICABLE,
            gap_reason=REASON,
        )
    assert "gap" in refused.value.message_dict


def test_a_reason_without_a_gap_is_refused(gdansk, settlements):
    with pytest.raises(ValidationError) as refused:
        save_value(city=gdansk, indicator=settlements, year=2021, value=Decimal(0), gap_reason=REASON)
    assert "gap_reason" in refused.value.message_dict


def test_the_database_refuses_a_gap_without_a_reason(gdansk, settlements):
    value = record_gap(gdansk, settlements)
    with pytest.raises(IntegrityError), transaction.atomic():
        IndicatorValue.objects.filter(pk=value.pk).update(gap_reason="")


def test_the_database_refuses_a_gap_beside_a_figure(gdansk, settlements):
    value = record_gap(gdansk, settlements)
    with pytest.raises(IntegrityError), transaction.atomic():
        IndicatorValue.objects.filter(pk=value.pk).update(value=Decimal(1))


def test_a_gap_goes_draft_verified_published_and_each_step_is_in_its_history(
    gdansk, settlements, statistician, reviewer
):
    value = record_gap(gdansk, settlements, user=statistician)
    value = publish(user=reviewer, value=verify(user=reviewer, value=value))
    assert value.status == IndicatorValue.Status.PUBLISHED
    assert [(row.status, row.gap) for row in value.history.order_by("history_date")] == [
        ("draft", NOT_APPLICABLE),
        ("verified", NOT_APPLICABLE),
        ("published", NOT_APPLICABLE),
    ]


def test_whoever_recorded_a_gap_cannot_verify_it(gdansk, settlements, statistician, reviewer, english):
    save_value(user=statistician, city=gdansk, indicator=settlements, year=2021, value=Decimal(0))
    value = record_gap(gdansk, settlements, user=reviewer, value=None)
    with pytest.raises(ValidationError, match="another reviewer verifies it"):
        verify(user=reviewer, value=value)


def test_a_published_figure_corrected_to_a_gap_waits_for_a_second_reviewer(
    gdansk, settlements, reviewer, make_user
):
    save_value(city=gdansk, indicator=settlements, year=2021, value=Decimal(0), status="published")
    proposed, _outcome = save_value(
        user=reviewer,
        city=gdansk,
        indicator=settlements,
        year=2021,
        value=None,
        gap=NOT_APPLICABLE,
        gap_reason=REASON,
        revision_note="Nie dotyczy miasta.",
    )
    assert (proposed.value, proposed.gap, proposed.pending_gap) == (Decimal(0), "", NOT_APPLICABLE)
    second = make_user("rev2", roles.REVIEWERS)
    published = publish(user=second, value=proposed)
    assert (published.value, published.gap, published.gap_reason) == (None, NOT_APPLICABLE, REASON)


# Import: the Polish statistical signs


@pytest.mark.parametrize("sign", ["x", " X "])
def test_x_in_a_file_records_not_applicable_with_the_rows_notes_as_reason(gdansk, statistician, sign):
    sheet = long_sheet(["19.3", 2021, sign, REASON], header=("Wskaźnik", "Rok", "Wartość", "Uwagi"))
    plan = plan_of(workbook_bytes({"S": sheet}), gdansk, statistician)
    [row] = plan.rows
    assert (row["gap"], row["gap_reason"], row["value"]) == (NOT_APPLICABLE, REASON, None)


def test_an_applied_import_stores_the_gap_with_its_history(gdansk, statistician):
    sheet = long_sheet(["19.3", 2021, "x", REASON], header=("Wskaźnik", "Rok", "Wartość", "Powód"))
    apply_import(plan_of(workbook_bytes({"S": sheet}), gdansk, statistician), user=statistician)
    value = IndicatorValue.objects.get()
    assert (value.gap, value.gap_reason, value.history.get().gap) == (NOT_APPLICABLE, REASON, NOT_APPLICABLE)


def test_a_dot_in_a_file_records_not_available_with_a_reason_naming_the_sign(gdansk, statistician):
    plan = plan_of(workbook_bytes({"S": long_sheet(["5.7", 2021, "."])}), gdansk, statistician)
    [row] = plan.rows
    assert row["gap"] == NOT_AVAILABLE
    assert row["gap_reason"].startswith("znak „.”")


def test_a_dash_in_a_file_records_a_zero(gdansk, statistician):
    plan = plan_of(workbook_bytes({"S": long_sheet(["19.3", 2021, "-"])}), gdansk, statistician)
    [row] = plan.rows
    assert (row["value"], row["gap"]) == (Decimal(0), "")


def test_a_file_imported_again_leaves_a_gap_recorded_from_its_bare_sign_unchanged(
    gdansk, settlements, statistician
):
    """The reason a bare sign records in a file is worded as it always was: a file imported before reads the
    same again."""
    record_gap(gdansk, settlements, user=statistician)
    IndicatorValue.objects.update(gap_reason="znak „x” w pliku: wypełnienie pozycji niemożliwe lub niecelowe")
    plan = plan_of(workbook_bytes({"S": long_sheet(["19.3", 2021, "x"])}), gdansk, statistician)
    assert (plan.counts["unchanged"], plan.counts["updated"]) == (1, 0)


@pytest.mark.usefixtures("english")
def test_the_preview_shows_what_each_sign_became(gdansk, statistician):
    sheet = long_sheet(["19.3", 2021, "x"], ["5.7", 2021, "."], ["8.8", 2021, "-"])
    plan = plan_of(workbook_bytes({"S": sheet}), gdansk, statistician)
    assert [change.new for change in plan.changes] == [
        "“x” → not applicable — sign “x” in the file: filling in the cell is impossible or pointless (draft)",
        "“.” → not available — sign “.” in the file: no information, or no reliable information (draft)",
        "“-” → 0 (draft)",
    ]


@pytest.mark.usefixtures("english")
def test_a_dash_for_a_text_indicator_is_refused_naming_the_sign(gdansk, statistician):
    plan = plan_of(workbook_bytes({"S": long_sheet(["GEO-01", 2021, "-"])}), gdansk, statistician)
    [message] = error_texts(plan)
    assert "“-” means zero" in message
    assert not plan.rows


def test_a_figure_in_a_file_replaces_a_stored_draft_gap(gdansk, settlements, statistician):
    record_gap(gdansk, settlements, user=statistician)
    plan = plan_of(workbook_bytes({"S": long_sheet(["19.3", 2021, 0.5])}), gdansk, statistician)
    assert (plan.counts["updated"], plan.errors) == (1, [])


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_exporting_and_importing_a_gap_changes_nothing(fmt, gdansk, settlements, statistician):
    record_gap(gdansk, settlements, user=statistician, notes="Uwaga do wartości.")
    plan = plan_of(export_file(fmt, values_for_export()), gdansk, statistician, name=f"values.{fmt}")
    assert plan.counts == {"created": 0, "updated": 0, "unchanged": 1, "skipped": 0, "errors": 0}


# Public pages


def test_the_indicator_page_shows_a_published_gap_with_its_reason(client, gdansk, settlements, english):
    record_gap(gdansk, settlements, status="published")
    page = client.get("/en/indicators/19.3/").content.decode()
    assert f"not applicable — {REASON}" in page


def test_a_draft_gap_is_never_public(client, gdansk, settlements, english):
    record_gap(gdansk, settlements)
    assert REASON not in client.get("/en/indicators/19.3/").content.decode()


def test_the_chart_skips_a_gap(gdansk, settlements):
    for year in (2019, 2021):
        save_value(city=gdansk, indicator=settlements, year=year, value=Decimal(0), status="published")
    record_gap(gdansk, settlements, year=2020, status="published")
    values = IndicatorValue.objects.filter(indicator=settlements)
    points = series_by_indicator([settlements], values)[settlements.pk].points
    assert points == [(2019, Decimal(0)), (2020, None), (2021, Decimal(0))]


def test_the_iso_page_counts_a_gap_apart_and_gives_its_reason(client, gdansk, settlements, english):
    save_value(
        city=gdansk,
        indicator=Indicator.objects.get(code="5.1"),
        year=2021,
        value=Decimal(4),
        status="published",
    )
    record_gap(gdansk, settlements, status="published")
    page = client.get("/en/iso-37120/?year=2021").content.decode()
    assert "1 of 46 core, 0 of 54 supporting indicators reported for 2021" in page
    assert '<li class="coverage-not_applicable">not applicable: 1</li>' in page
    assert (
        f"19.3 Areal size of informal settlements as a percentage of city area</a>: not applicable — {REASON}"
        in page
    )


# The admin and the year-entry grid


def test_a_statistician_records_a_gap_in_the_admin(client, statistician, gdansk, settlements):
    client.force_login(statistician)
    response = client.post(
        reverse("admin:indicators_indicatorvalue_add"),
        {
            "city": gdansk.pk,
            "indicator": settlements.pk,
            "year": 2021,
            "gap": "not_applicable",
            "gap_reason": REASON,
        },
    )
    assert response.status_code == 302
    assert IndicatorValue.objects.get().gap == NOT_APPLICABLE


def test_the_grid_shows_a_gap_as_its_sign_and_saving_it_unchanged_keeps_it(gdansk, settlements, statistician):
    value = record_gap(gdansk, settlements, user=statistician)
    rows = build_rows(user=statistician, city=gdansk, year=2021, theme=settlements.theme)
    [row] = [row for row in rows if row.indicator == settlements]
    assert row.typed_value == "x"
    data = {f"{row.prefix}-{name}": text for name, text in row.seen.items()}
    data.update({f"{row.prefix}-seen-{name}": text for name, text in row.seen.items()})
    data[f"{row.prefix}-seen-version"] = str(value.version)
    save_rows(user=statistician, city=gdansk, year=2021, rows=[row], data=data)
    assert (row.errors, IndicatorValue.objects.get().version) == ([], value.version)


def typed_in_the_grid(user, city, indicator, typed_value, notes="", year=2021):
    """The indicator's row of the year-entry grid, saved with a value and notes typed by the user."""
    [row] = [
        row
        for row in build_rows(user=user, city=city, year=year, theme=indicator.theme)
        if row.indicator == indicator
    ]
    data = {f"{row.prefix}-seen-{name}": text for name, text in row.seen.items()}
    data[f"{row.prefix}-seen-version"] = "" if row.seen_version is None else str(row.seen_version)
    data.update(
        {f"{row.prefix}-value": typed_value, f"{row.prefix}-source": "", f"{row.prefix}-notes": notes}
    )
    save_rows(user=user, city=city, year=year, rows=[row], data=data)
    return row


def test_x_in_the_grid_records_not_applicable_with_the_rows_notes_as_reason(
    gdansk, settlements, statistician
):
    row = typed_in_the_grid(statistician, gdansk, settlements, "x", notes=REASON)
    value = IndicatorValue.objects.get()
    assert (row.errors, value.gap, value.gap_reason, value.value) == ([], NOT_APPLICABLE, REASON, None)


def test_a_dot_in_the_grid_without_notes_records_not_available_naming_the_sign(gdansk, statistician):
    unemployment = Indicator.objects.get(edition=2014, code="5.1")
    row = typed_in_the_grid(statistician, gdansk, unemployment, ".")
    value = IndicatorValue.objects.get()
    assert (row.errors, value.gap) == ([], NOT_AVAILABLE)
    assert value.gap_reason.startswith("znak „.”")


def test_a_dash_in_the_grid_records_a_zero(gdansk, settlements, statistician):
    typed_in_the_grid(statistician, gdansk, settlements, "-")
    value = IndicatorValue.objects.get()
    assert (value.value, value.gap) == (Decimal(0), "")


def test_notes_changed_on_a_gap_in_the_grid_become_its_reason(gdansk, settlements, statistician):
    typed_in_the_grid(statistician, gdansk, settlements, "x", notes=REASON)
    row = typed_in_the_grid(statistician, gdansk, settlements, "x", notes="Nowy powód.")
    value = IndicatorValue.objects.get()
    assert (row.errors, value.gap, value.gap_reason, value.notes) == (
        [],
        NOT_APPLICABLE,
        "Nowy powód.",
        "Nowy powód.",
    )


def test_a_figure_typed_over_a_gap_in_the_grid_replaces_it(gdansk, settlements, statistician):
    record_gap(gdansk, settlements, user=statistician)
    row = typed_in_the_grid(statistician, gdansk, settlements, "0,5")
    value = IndicatorValue.objects.get()
    assert (row.errors, value.value, value.gap, value.gap_reason) == ([], Decimal("0.5"), "", "")


def test_an_indicator_with_only_a_gap_has_no_figure_for_the_home_pages_count(gdansk, settlements):
    record_gap(gdansk, settlements, status="published")
    values = IndicatorValue.objects.filter(indicator=settlements)
    assert not series_by_indicator([settlements], values)[settlements.pk].has_figure


def test_the_indicators_page_in_the_admin_lists_a_gap_with_its_reason(
    client, gdansk, settlements, statistician
):
    record_gap(gdansk, settlements, user=statistician)
    client.force_login(statistician)
    formset = (
        client.get(reverse("admin:indicators_indicator_change", args=[settlements.pk]))
        .context["inline_admin_formsets"][0]
        .formset
    )
    [form] = formset.forms
    assert (form["gap"].value(), form["gap_reason"].value()) == (NOT_APPLICABLE, REASON)
