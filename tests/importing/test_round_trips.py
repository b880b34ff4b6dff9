"""Every download reads right and round-trips: the data package's CSV and the CSVs for people are read
back by the importer with the same figures, gaps and texts; the people's CSVs keep the value column
numeric (a gap's sign and a text in columns of their own), for pandas and every other tool."""

import io
from decimal import Decimal

import pandas
import pytest
from django.core.cache import cache

from gdansk_iso.public.views import downloads
from indicators.importing import apply_import, plan_import
from indicators.models import Indicator, IndicatorValue
from indicators.services import save_value

Status = IndicatorValue.Status
COMPARED = ("value", "text_value", "gap", "gap_reason", "source", "notes", "status")


@pytest.fixture
def published_mix(gdansk):
    """Figures, a text value, both kinds of gap, a code pandas would turn into a number."""
    cache.clear()

    def publish(code, number=None, **fields):
        save_value(
            city=gdansk,
            indicator=Indicator.objects.get(edition=2014, code=code),
            year=2019,
            value=None if number is None else Decimal(number),
            source="GUS",
            status=Status.PUBLISHED,
            **fields,
        )

    publish("5.1", "4.5")
    publish("5.2", "39.95", notes="BAEL")
    publish("16.10", "1.25")
    publish("PPL-01", "470907")
    publish("GEO-01", text_value="Pomorskie")
    publish("5.7", gap="not_available", gap_reason="Brak danych o patentach w podziale na miasta.")
    publish("8.8", gap="not_applicable", gap_reason="Nie dotyczy miasta.")
    yield
    cache.clear()


def stored() -> dict:
    return {
        value.indicator.code: tuple(getattr(value, name) for name in COMPARED)
        for value in IndicatorValue.objects.select_related("indicator")
    }


def download(client, path: str) -> bytes:
    response = client.get(path)
    assert response.status_code == 200, path
    return b"".join(response.streaming_content) if response.streaming else response.content


def rows_in(source: str) -> int:
    """The data package holds every published value; the ISO 37120 page the catalogue's, not the profile's."""
    return 7 if source.startswith("data package") else 5


SOURCES = {
    "data package CSV": ("/downloads/" + downloads.CSV_NAME, "values.csv"),
    "data package XLSX": ("/downloads/" + downloads.XLSX_NAME, "values.xlsx"),
    "ISO 37120 CSV, English": ("/en/iso-37120/data.csv", "data.csv"),
    "ISO 37120 CSV, Polish": ("/iso-37120/data.csv", "data.csv"),
    "ISO 37120 CSV, German": ("/de/iso-37120/data.csv", "data.csv"),
    "ISO 37120 XLSX": ("/en/iso-37120/data.xlsx", "data.xlsx"),
}


@pytest.mark.usefixtures("published_mix")
@pytest.mark.parametrize("source", SOURCES, ids=list(SOURCES))
def test_a_download_imported_again_is_unchanged_row_for_row(client, gdansk, reviewer, source):
    path, name = SOURCES[source]
    plan = plan_import(download(client, path), name, user=reviewer, default_city=gdansk)
    assert plan.errors == []
    assert (plan.counts["created"], plan.counts["updated"], plan.counts["skipped"]) == (0, 0, 0)
    assert plan.counts["unchanged"] == rows_in(source)


@pytest.mark.usefixtures("published_mix")
@pytest.mark.parametrize("source", SOURCES, ids=list(SOURCES))
def test_a_download_imported_into_an_empty_registry_gives_the_same_figures_gaps_and_texts(
    client, gdansk, make_user, settings, source
):
    settings.FOUR_EYES = False  # one person enters and publishes what they import
    head = make_user("head", superuser=True)
    path, name = SOURCES[source]
    data, before = download(client, path), stored()
    IndicatorValue.objects.all().delete()
    applied = apply_import(plan_import(data, name, user=head, default_city=gdansk), user=head)
    assert applied is not None
    after = stored()
    assert len(after) == rows_in(source)
    assert after == {code: before[code] for code in after}


@pytest.mark.usefixtures("published_mix")
@pytest.mark.parametrize(
    ("path", "options"),
    [
        ("/en/iso-37120/data.csv", {}),
        ("/iso-37120/data.csv", {"sep": ";", "decimal": ","}),
        ("/de/iso-37120/data.csv", {"sep": ";", "decimal": ","}),
        ("/en/indicators/5.1/data.csv", {}),
        ("/en/indicators/5.7/data.csv", {}),
    ],
)
def test_the_value_column_of_a_csv_for_people_is_numeric_for_pandas(client, path, options):
    table = pandas.read_csv(io.BytesIO(download(client, path)), encoding="utf-8-sig", **options)
    assert table["value"].dtype == "float64"


@pytest.mark.usefixtures("published_mix")
def test_a_gap_in_a_csv_for_people_is_its_sign_in_a_column_of_its_own(client):
    table = pandas.read_csv(
        io.BytesIO(download(client, "/en/iso-37120/data.csv")), encoding="utf-8-sig", dtype=str
    ).set_index("indicator")
    assert (table.loc["5.7", "gap"], table.loc["8.8", "gap"]) == (".", "x")
    assert pandas.isna(table.loc["5.7", "value"])
    assert table.loc["16.10", "value"] == "1.25"


@pytest.mark.usefixtures("published_mix")
def test_a_text_value_in_a_csv_for_people_is_in_a_column_of_its_own(client):
    table = pandas.read_csv(
        io.BytesIO(download(client, "/en/indicators/GEO-01/data.csv")), encoding="utf-8-sig"
    )
    assert table.loc[0, "text_value"] == "Pomorskie"
    assert table["value"].isna().all()


def test_a_row_with_both_a_figure_and_a_gap_is_refused_naming_both_cells(gdansk, english):
    text = "indicator,year,value,text_value,gap,gap_reason\n5.1,2019,4.5,,x,Nie dotyczy\n"
    plan = plan_import(text.encode(), "values.csv", default_city=gdansk)
    assert [str(problem) for problem in plan.errors] == [
        "'values'!C2: A row holds either a figure, a text value or a gap, not 'values'!C2 and "
        "'values'!E2 together."
    ]


def test_a_gap_named_as_the_data_package_names_it_is_read_as_that_gap(gdansk):
    text = "indicator,year,value,text_value,gap,gap_reason\n5.7,2019,,,not_available,Brak danych GUS\n"
    apply_import(plan_import(text.encode(), "values.csv", default_city=gdansk))
    value = IndicatorValue.objects.get()
    assert (value.gap, value.gap_reason, value.value) == ("not_available", "Brak danych GUS", None)
