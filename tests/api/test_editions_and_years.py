"""An edition or a year is read one way wherever it comes in (indicators.params): the API's list and detail
parameters, its bodies and the catalogue command read "2014" and refuse Arabic-Indic or superscript digits,
which `int()` would read as a year nobody wrote."""

import io

import pytest
from django.core.management import CommandError, call_command

from indicators.models import IndicatorValue
from indicators.params import BadParameter, parse_edition

pytestmark = pytest.mark.django_db

ARABIC_INDIC_2014 = "\u0662\u0660\u0661\u0664"


@pytest.mark.parametrize(
    ("raw", "expected"), [("2014", 2014), (2014, 2014), ("2018", 2018), ("", None), (None, None)]
)
def test_an_edition_the_registry_holds_is_read(raw, expected):
    assert parse_edition(raw) == expected


@pytest.mark.parametrize(
    "raw", ["1999", ARABIC_INDIC_2014, " 2014", "2_014", "2014.0", True, 2014.0, {"a": 1}]
)
def test_anything_else_is_refused_naming_the_editions(raw):
    with pytest.raises(BadParameter, match="2014, 2018"):
        parse_edition(raw)


@pytest.mark.parametrize(
    "path",
    [
        f"/api/themes/?edition={ARABIC_INDIC_2014}",
        f"/api/themes/5/?edition={ARABIC_INDIC_2014}",
        f"/api/indicators/?edition={ARABIC_INDIC_2014}",
        f"/api/indicators/5.1/?edition={ARABIC_INDIC_2014}",
        "/api/indicators/5.1/?edition=1999",
    ],
)
def test_every_api_parameter_refuses_an_edition_it_does_not_hold(client_api, catalogue, path):
    response = client_api.get(path)
    assert (response.status_code, list(response.json())) == (400, ["edition"])


def test_an_api_body_refuses_an_edition_written_in_other_digits(client_api, statistician):
    client_api.force_authenticate(statistician)
    body = {"city": "gdansk", "indicator": "5.1", "edition": ARABIC_INDIC_2014, "year": 2019, "value": "4.5"}
    response = client_api.post("/api/values/", body, format="json")
    assert (response.status_code, list(response.json()), IndicatorValue.objects.exists()) == (
        400,
        ["edition"],
        False,
    )


def test_an_api_body_reads_the_edition_as_text_or_number(client_api, statistician):
    client_api.force_authenticate(statistician)
    body = {"city": "gdansk", "indicator": "5.1", "year": 2019, "value": "4.5"}
    statuses = [
        client_api.post("/api/values/", {**body, "year": year, "edition": edition}, format="json").status_code
        for year, edition in ((2019, "2014"), (2020, 2014))
    ]
    assert statuses == [201, 201]


def test_the_catalogue_command_refuses_an_edition_written_in_other_digits(catalogue):
    with pytest.raises(CommandError, match="2014, 2018"):
        call_command("export_catalogue", "--edition", ARABIC_INDIC_2014, stdout=io.StringIO())


@pytest.mark.parametrize("parameter", ["year", "year_from", "year_to"])
@pytest.mark.parametrize("raw", ["\u00b2\u00b2\u00b2\u00b2", "\u0662\u0660\u0661\u0669", "2019.0", "19"])
def test_the_values_api_reads_years_like_the_pages(client_api, catalogue, parameter, raw):
    response = client_api.get("/api/values/", {parameter: raw})
    assert (response.status_code, list(response.json())) == (400, [parameter])


def test_the_values_api_still_filters_by_a_plain_year(client_api, publish_value):
    publish_value("5.1", 2019, "4.5")
    publish_value("5.1", 2020, "4.6")
    years = [row["year"] for row in client_api.get("/api/values/?year_from=2020").json()["results"]]
    assert years == [2020]
