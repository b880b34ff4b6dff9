import datetime
import re
import zipfile
from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest

from indicators import roles
from indicators.importing import apply_import
from indicators.importing.read import Cell
from indicators.models import City, ImportBatch, Indicator, IndicatorValue
from indicators.services import save_value

from .import_helpers import error_texts, long_sheet, plan_of, workbook_bytes


@pytest.fixture
def sopot(catalogue):
    return City.objects.create(name="Sopot", slug="sopot", country="PL")


def values_by_code():
    return {(v.indicator.code, v.year): v for v in IndicatorValue.objects.select_related("indicator")}


def test_long_layout_with_polish_headers_below_title_rows_creates_drafts(gdansk, statistician):
    rows = [["Wskaźniki ISO 37120 — Gdańsk"], [], *long_sheet(["5.1", 2019, 5.1], ["5.2", 2019, 12.5])]
    plan = plan_of(workbook_bytes({"Gospodarka": rows}), gdansk, statistician)
    apply_import(plan, user=statistician)
    stored = values_by_code()
    assert stored["5.1", 2019].value == Decimal("5.1")
    assert {v.status for v in stored.values()} == {IndicatorValue.Status.DRAFT}


def test_english_headers_in_any_case_and_order_with_unknown_columns_ignored(gdansk):
    rows = [
        [" VALUE ", "comment by Anna", "Year", "Indicator / Wskaźnik", "source"],
        [7.5, "?", 2020, "5.1", "GUS"],
    ]
    plan = plan_of(workbook_bytes({"Sheet": rows}), gdansk)
    apply_import(plan)
    value = values_by_code()["5.1", 2020]
    assert (value.value, value.source) == (Decimal("7.5"), "GUS")


def test_wide_layout_reads_years_across_the_header(gdansk):
    rows = [
        ["Kod", "Nazwa", "Jednostka", "2018", 2019, "2020 r.", "Źródło"],
        ["5.1", "Bezrobocie", "%", 4, 5, None, "PUP"],
    ]
    plan = plan_of(workbook_bytes({"Wide": rows}), gdansk)
    assert plan.counts == {"created": 2, "updated": 0, "unchanged": 0, "skipped": 1, "errors": 0}
    apply_import(plan)
    assert {key: v.source for key, v in values_by_code().items()} == {
        ("5.1", 2018): "PUP",
        ("5.1", 2019): "PUP",
    }


def test_each_sheet_is_read_and_a_sheet_without_header_is_reported_by_name(gdansk):
    data = workbook_bytes(
        {
            "Economy": long_sheet(["5.1", 2019, 5]),
            "Notes": [["This workbook was prepared by the statistics office."]],
            "Education": long_sheet(["6.1", 2019, 90]),
        }
    )
    plan = plan_of(data, gdansk)
    assert (plan.sheets_read, plan.sheets_skipped) == (["Economy", "Education"], ["Notes"])
    assert plan.counts["created"] == 2


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("1 234,5", Decimal("1234.5")),
        ("1\u00a0234\u00a0567", Decimal(1234567)),
        ("  42 ", Decimal(42)),
        ("1.234,5", Decimal("1234.5")),
        (1234.5, Decimal("1234.5")),
    ],
)
def test_numbers_typed_as_polish_text_are_read(gdansk, typed, stored):
    plan = plan_of(workbook_bytes({"S": long_sheet(["PPL-01", 2019, typed])}), gdansk)
    apply_import(plan)
    assert values_by_code()["PPL-01", 2019].value == stored


def test_a_fraction_shown_as_percent_is_read_as_percent(gdansk):
    data = workbook_bytes({"S": long_sheet(["5.1", 2019, 0.051])}, formats={("S", "C2"): "0.0%"})
    apply_import(plan_of(data, gdansk))
    assert values_by_code()["5.1", 2019].value == Decimal("5.1")


def test_a_percent_in_a_sheet_with_formulas_is_read_as_percent(gdansk):
    rows = long_sheet(["5.1", 2019, 0.051, "=1+1"], header=("Wskaźnik", "Rok", "Wartość", "Uwagi"))
    data = _with_cached_formula_value(workbook_bytes({"S": rows}, formats={("S", "C2"): "0.0%"}), "2")
    apply_import(plan_of(data, gdansk))
    assert (values_by_code()["5.1", 2019].value, values_by_code()["5.1", 2019].notes) == (Decimal("5.1"), "2")


def test_a_percent_sign_written_as_text_in_the_format_is_not_a_percentage(gdansk):
    data = workbook_bytes({"S": long_sheet(["5.1", 2019, 5])}, formats={("S", "C2"): '0" %"'})
    apply_import(plan_of(data, gdansk))
    assert values_by_code()["5.1", 2019].value == Decimal(5)


@pytest.mark.usefixtures("english")
def test_a_date_where_a_number_belongs_is_an_error_at_its_cell(gdansk):
    plan = plan_of(workbook_bytes({"S": long_sheet(["5.1", 2019, date(2019, 5, 1)])}), gdansk)
    [message] = error_texts(plan)
    assert message.startswith("'S'!C2:")
    assert "2019-05-01 is not a number" in message


def test_a_computed_number_is_rounded_to_the_stored_precision(gdansk):
    apply_import(plan_of(workbook_bytes({"S": long_sheet(["5.1", 2019, 16 / 3])}), gdansk))
    assert values_by_code()["5.1", 2019].value == Decimal("5.333333")


def test_a_code_stored_as_a_number_is_read_when_only_one_code_matches(gdansk):
    apply_import(plan_of(workbook_bytes({"S": long_sheet([5.1, 2019, 3])}), gdansk))
    assert ("5.1", 2019) in values_by_code()


def test_a_code_stored_as_a_number_that_could_be_two_codes_is_refused(gdansk):
    plan = plan_of(workbook_bytes({"S": long_sheet([16.1, 2019, 3])}), gdansk)
    [message] = error_texts(plan)
    assert message.startswith("'S'!A2:")
    assert "16.1" in message
    assert "16.10" in message


def test_a_year_typed_as_text_is_read(gdansk):
    apply_import(plan_of(workbook_bytes({"S": long_sheet(["5.1", " 2019 ", 3])}), gdansk))
    assert ("5.1", 2019) in values_by_code()


def _with_cached_formula_value(data: bytes, cached: str) -> bytes:
    """openpyxl writes formulas without results; Excel stores the result beside them, as here."""
    source = zipfile.ZipFile(BytesIO(data))
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename.startswith("xl/worksheets/"):
                content = re.sub(
                    rb"(<f>[^<]*</f>)<v\s*/?>(</v>)?", rb"\1<v>" + cached.encode() + rb"</v>", content
                )
            target.writestr(item, content)
    return out.getvalue()


def test_a_formula_contributes_its_cached_value(gdansk):
    data = _with_cached_formula_value(workbook_bytes({"S": long_sheet(["5.1", 2019, "=2+2"])}), "4")
    apply_import(plan_of(data, gdansk))
    assert values_by_code()["5.1", 2019].value == Decimal(4)


@pytest.mark.usefixtures("english")
def test_a_formula_without_a_cached_value_is_an_error(gdansk):
    plan = plan_of(workbook_bytes({"S": long_sheet(["5.1", 2019, "=2+2"])}), gdansk)
    [message] = error_texts(plan)
    assert message.startswith("'S'!C2:")
    assert "formula" in message


@pytest.mark.parametrize("no_data", [None, "", "  "])
def test_empty_value_cells_are_skipped_not_stored(gdansk, no_data):
    plan = plan_of(workbook_bytes({"S": long_sheet(["5.1", 2019, no_data], ["5.2", 2019, 1])}), gdansk)
    assert plan.counts == {"created": 1, "updated": 0, "unchanged": 0, "skipped": 1, "errors": 0}


def test_every_error_is_collected_with_its_sheet_and_cell(gdansk):
    rows = long_sheet(
        ["9.99", 2019, 1],
        ["5.1", 1850, 1],
        ["5.1", 2019, "dużo"],
        ["5.2", 2019, 150],
        ["5.3", 2019, 1],
        ["5.3", 2019, 2],
    )
    plan = plan_of(workbook_bytes({"Economy": rows}), gdansk)
    assert [text.split(":")[0] for text in error_texts(plan)] == [
        "'Economy'!A2",
        "'Economy'!B3",
        "'Economy'!C4",
        "'Economy'!C7",
        "'Economy'!C5",
    ]


@pytest.mark.parametrize(
    ("column", "letters"), [(1, "A"), (26, "Z"), (27, "AA"), (702, "ZZ"), (703, "AAA"), (16384, "XFD")]
)
def test_a_cell_is_named_by_its_column_letters_as_excel_names_them(column, letters):
    assert Cell(None, "Dane", 7, column).ref == f"'Dane'!{letters}7"


def test_an_unknown_city_is_an_error_at_its_cell(gdansk):
    rows = long_sheet(["Gdynia", "5.1", 2019, 1], header=("Miasto", "Wskaźnik", "Rok", "Wartość"))
    [message] = error_texts(plan_of(workbook_bytes({"S": rows}), gdansk))
    assert message.startswith("'S'!A2:")
    assert "Gdynia" in message


def test_a_city_column_sends_rows_to_their_cities(gdansk, sopot):
    rows = long_sheet(
        ["Sopot", "5.1", 2019, 1], ["gdansk", "5.1", 2019, 2], header=("City", "Code", "Year", "Value")
    )
    apply_import(plan_of(workbook_bytes({"S": rows}), gdansk))
    assert IndicatorValue.objects.get(city=sopot).value == 1


def test_numerator_and_denominator_must_agree_with_the_value(gdansk):
    header = ("Wskaźnik", "Rok", "Wartość", "Licznik", "Mianownik")
    rows = long_sheet(["5.1", 2019, 5, 50, 1000], ["5.2", 2019, 20, 1, 10], header=header)
    [message] = error_texts(plan_of(workbook_bytes({"S": rows}), gdansk))
    assert message.startswith("'S'!C3:")


def test_a_bad_last_row_writes_nothing(gdansk):
    rows = long_sheet(*[[code, 2019, 1] for code in ("5.1", "5.2", "5.3")], ["5.4", 2019, "n/a"])
    plan = plan_of(workbook_bytes({"S": rows}), gdansk)
    assert not plan.is_valid
    assert apply_import(plan) is None
    assert not IndicatorValue.objects.exists()


def test_the_plan_counts_created_updated_unchanged_and_skipped_exactly(gdansk, indicator):
    save_value(city=gdansk, indicator=indicator, year=2018, value=Decimal("4.0"))
    save_value(city=gdansk, indicator=indicator, year=2019, value=Decimal("5.0"))
    rows = long_sheet(["5.1", 2018, "4,00"], ["5.1", 2019, 5.5], ["5.1", 2020, 6], ["5.1", 2021, None])
    plan = plan_of(workbook_bytes({"S": rows}), gdansk)
    assert plan.counts == {"created": 1, "updated": 1, "unchanged": 1, "skipped": 1, "errors": 0}
    [updated] = [change for change in plan.changes if change.outcome == "updated"]
    assert (updated.old, updated.new) == ("5 (robocza)", "5,5 (robocza)")  # in the statistician's language


def test_the_plan_writes_nothing(gdansk):
    plan_of(workbook_bytes({"S": long_sheet(["5.1", 2019, 1])}), gdansk)
    assert not IndicatorValue.objects.exists()
    assert not ImportBatch.objects.exists()


def test_importing_the_same_file_again_changes_nothing(gdansk):
    data = workbook_bytes({"S": long_sheet(["5.1", 2019, 1], ["5.2", 2019, 2])})
    apply_import(plan_of(data, gdansk))
    again = plan_of(data, gdansk)
    assert not again.changes_anything
    assert again.counts["unchanged"] == 2
    assert apply_import(again) is None
    assert ImportBatch.objects.count() == 1


def test_the_batch_records_who_what_and_counts_and_values_point_to_it(gdansk, statistician):
    data = workbook_bytes({"S": long_sheet(["5.1", 2019, 1], ["5.2", 2019, None])})
    plan = plan_of(data, gdansk, statistician, name="gus-2019.xlsx")
    batch = apply_import(plan, user=statistician)
    batch.refresh_from_db()
    assert (batch.file_name, batch.created_by, batch.state) == ("gus-2019.xlsx", statistician, "applied")
    assert (batch.created_count, batch.skipped_count, len(batch.checksum)) == (1, 1, 64)
    assert batch.applied_at is not None
    value = IndicatorValue.objects.get()
    assert value.import_batch == batch


def test_history_rows_carry_the_batch_the_user_and_a_change_reason(gdansk, statistician, indicator):
    save_value(city=gdansk, indicator=indicator, year=2019, value=Decimal(1))
    batch = apply_import(
        plan_of(workbook_bytes({"S": long_sheet(["5.1", 2019, 2])}), gdansk, statistician), user=statistician
    )
    newest = IndicatorValue.objects.get().history.first()
    assert (newest.import_batch_id, newest.history_user, newest.value) == (batch.pk, statistician, Decimal(2))
    assert "values.xlsx" in newest.history_change_reason


def test_history_rows_of_an_import_hold_every_tracked_field_of_the_values_written(gdansk, statistician):
    rows = [["Wskaźnik", "Rok", "Wartość", "Licznik", "Mianownik", "Źródło", "Uwagi"]]
    rows += [["5.1", 2019, 5, 50, 1000, "GUS BDL", "rok obrachunkowy"], ["5.1", 2020, 6]]
    apply_import(plan_of(workbook_bytes({"S": rows}), gdansk, statistician), user=statistician)
    apply_import(plan_of(workbook_bytes({"S": long_sheet(["5.1", 2020, 7])}), gdansk), user=statistician)
    tracked = [field.attname for field in IndicatorValue.history.model.tracked_fields]
    for value in IndicatorValue.objects.all():
        newest = value.history.first()
        assert [getattr(newest, name) for name in tracked] == [getattr(value, name) for name in tracked]
    kinds = IndicatorValue.history.order_by("year", "history_id").values_list("year", "history_type")
    assert list(kinds) == [(2019, "+"), (2020, "+"), (2020, "~")]


def test_imported_values_get_ids_and_timestamps_and_later_values_get_ids_after_them(gdansk, statistician):
    rows = long_sheet(["5.1", 2019, 5], ["5.1", 2020, 6])
    apply_import(plan_of(workbook_bytes({"S": rows}), gdansk, statistician), user=statistician)
    other = Indicator.objects.get(edition=2014, code="5.2")
    typed, _ = save_value(user=statistician, city=gdansk, indicator=other, year=2019, value=Decimal(10))
    imported = list(IndicatorValue.objects.exclude(pk=typed.pk))
    assert len({value.pk for value in [*imported, typed]}) == 3
    assert all(value.created_at and value.updated_at for value in imported)
    assert max(value.pk for value in imported) < typed.pk


def test_a_file_with_a_long_name_is_imported_with_its_whole_name_on_the_batch(gdansk, statistician):
    name = "wskazniki-iso-37120-gdansk-" + "dane-zrodlowe-" * 10 + "2019.xlsx"
    data = workbook_bytes({"S": long_sheet(["5.1", 2019, 5])})
    batch = apply_import(plan_of(data, gdansk, statistician, name=name), user=statistician)
    assert batch.file_name == name
    assert len(IndicatorValue.history.get().history_change_reason) == 100


def test_a_statistician_cannot_change_a_published_value_by_import(gdansk, indicator, statistician):
    save_value(city=gdansk, indicator=indicator, year=2019, value=Decimal(1), status="published")
    plan = plan_of(workbook_bytes({"S": long_sheet(["5.1", 2019, 2])}), gdansk, statistician)
    [message] = error_texts(plan)
    assert message.startswith("'S'!")
    assert IndicatorValue.objects.get().value == Decimal(1)


def test_a_status_column_is_an_error_for_a_user_who_may_not_publish(gdansk, statistician):
    rows = long_sheet(["5.1", 2019, 2, "published"], header=("Wskaźnik", "Rok", "Wartość", "Status"))
    [message] = error_texts(plan_of(workbook_bytes({"S": rows}), gdansk, statistician))
    assert message.startswith("'S'!D2:")


def test_a_status_column_is_honoured_for_a_user_who_may_publish(gdansk, indicator, statistician, make_user):
    save_value(user=statistician, city=gdansk, indicator=indicator, year=2019, value=Decimal(2))
    chief = make_user("chief", roles.STATISTICIANS, roles.REVIEWERS)
    rows = long_sheet(["5.1", 2019, 2, "published"], header=("Wskaźnik", "Rok", "Wartość", "Status"))
    apply_import(plan_of(workbook_bytes({"S": rows}), gdansk, chief), user=chief)
    value = IndicatorValue.objects.get()
    assert (value.status, value.verified_by, value.published_by) == ("published", chief, chief)


@pytest.mark.parametrize("column", ["Wyjaśnienie", "Explanation", "Erläuterung"])
def test_an_explanation_column_lets_a_reviewer_verify_values_with_warnings(
    gdansk, statistician, make_user, column
):
    chief = make_user("chief", roles.STATISTICIANS, roles.REVIEWERS)
    unemployment = Indicator.objects.get(code="5.1")
    save_value(city=gdansk, indicator=unemployment, year=2018, value=Decimal(4))
    save_value(user=statistician, city=gdansk, indicator=unemployment, year=2019, value=Decimal(6))
    header = ("Wskaźnik", "Rok", "Wartość", "Status", column)
    rows = long_sheet(["5.1", 2019, 6, "verified", "GUS changed its method"], header=header)
    plan = plan_of(workbook_bytes({"S": rows}), gdansk, chief)
    assert plan.is_valid, error_texts(plan)
    apply_import(plan, user=chief)
    value = IndicatorValue.objects.get(year=2019)
    assert (value.status, value.review_note) == ("verified", "GUS changed its method")


@pytest.mark.usefixtures("english")
def test_verifying_a_value_with_warnings_without_an_explanation_points_at_the_explanation_column(
    gdansk, statistician, make_user
):
    chief = make_user("chief", roles.STATISTICIANS, roles.REVIEWERS)
    unemployment = Indicator.objects.get(code="5.1")
    save_value(city=gdansk, indicator=unemployment, year=2018, value=Decimal(4))
    save_value(user=statistician, city=gdansk, indicator=unemployment, year=2019, value=Decimal(6))
    rows = long_sheet(["5.1", 2019, 6, "verified"], header=("Wskaźnik", "Rok", "Wartość", "Status"))
    [message] = error_texts(plan_of(workbook_bytes({"S": rows}), gdansk, chief))
    assert message.startswith("'S'!D2:")
    assert "Explanation column" in message


def test_an_explanation_alone_updates_the_stored_review_note(gdansk, indicator):
    save_value(city=gdansk, indicator=indicator, year=2019, value=Decimal(5))
    rows = long_sheet(
        ["5.1", 2019, 5, "checked with GUS"], header=("Wskaźnik", "Rok", "Wartość", "Wyjaśnienie")
    )
    plan = plan_of(workbook_bytes({"S": rows}), gdansk)
    assert plan.counts["updated"] == 1
    apply_import(plan)
    assert IndicatorValue.objects.get().review_note == "checked with GUS"


def test_a_text_indicator_takes_the_text(gdansk):
    apply_import(plan_of(workbook_bytes({"S": long_sheet(["GOV-01", 2019, "rada miasta"])}), gdansk))
    assert IndicatorValue.objects.get().text_value == "rada miasta"


def test_columns_missing_from_the_sheet_keep_what_is_stored(gdansk, indicator):
    save_value(
        city=gdansk,
        indicator=indicator,
        year=2019,
        value=Decimal(5),
        numerator=Decimal(50),
        denominator=Decimal(1000),
        source="PUP",
    )
    plan = plan_of(workbook_bytes({"S": long_sheet(["5.1", 2019, 5])}), gdansk)
    assert plan.counts["unchanged"] == 1


def test_an_import_of_many_values_runs_a_bounded_number_of_queries(gdansk, django_assert_max_num_queries):
    rows = long_sheet(
        *[
            [indicator.code, year, 1]
            for indicator in Indicator.objects.filter(code__startswith="5.")
            for year in range(2000, 2020)
        ]
    )
    plan = plan_of(workbook_bytes({"S": rows}), gdansk)
    with django_assert_max_num_queries(20):
        apply_import(plan)
    assert IndicatorValue.objects.count() == 140


@pytest.mark.usefixtures("english")
def test_a_code_a_spreadsheet_turned_into_a_date_is_refused_naming_the_code(gdansk):
    plan = plan_of(workbook_bytes({"S": long_sheet([datetime.date(2026, 1, 5), 2019, 3])}), gdansk)
    [message] = error_texts(plan)
    assert message.startswith("'S'!A2:")
    assert "05.01.2026" in message
    assert "5.1" in message
    assert "date" in message


@pytest.mark.usefixtures("english")
def test_a_code_saved_as_a_polish_date_in_a_csv_is_refused_naming_the_code(gdansk):
    data = "Wskaźnik;Rok;Wartość\n05.01.2026;2019;3\n".encode()
    [message] = error_texts(plan_of(data, gdansk, name="values.csv"))
    assert "05.01.2026" in message
    assert "5.1" in message
    assert "date" in message
