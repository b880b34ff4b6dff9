import csv
import io
from pathlib import Path

import pytest
from django.core.management import call_command

from indicators.models import Indicator, Theme, code_sort_key

REFERENCE = Path(__file__).resolve().parent.parent / "data"


def read_csv(name):
    with (REFERENCE / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def exported(catalogue):
    out = io.StringIO()
    call_command("export_catalogue", "--format", "csv", stdout=out)
    return list(csv.DictReader(io.StringIO(out.getvalue())))


def test_export_lists_the_100_reference_indicators_with_codes_themes_kinds_names_and_units(exported):
    expected = [
        (row["number"], row["theme_en"], row["kind"], row["name_en"], row["unit"])
        for row in read_csv("iso37120_2014_indicators.csv")
    ]
    actual = [
        (row["code"], row["theme"], row["kind"], row["name_en"], row["unit"])
        for row in exported
        if row["kind"] != "profile"
    ]
    assert actual == expected


def test_export_lists_the_profile_indicators_of_the_reference(exported):
    expected = {
        (row["code"], row["name_en"], row["unit"]) for row in read_csv("iso37120_2014_profile_indicators.csv")
    }
    actual = {(row["code"], row["name_en"], row["unit"]) for row in exported if row["kind"] == "profile"}
    assert actual == expected


def test_export_has_every_name_in_polish_and_german(exported):
    assert all(row["name_pl"] and row["name_de"] for row in exported)


def test_catalogue_has_17_themes_46_core_54_supporting(catalogue):
    assert Theme.objects.filter(edition=2014).count() == 17
    assert Indicator.objects.filter(kind="core").count() == 46
    assert Indicator.objects.filter(kind="supporting").count() == 54


def test_themes_are_numbered_5_to_21(catalogue):
    assert list(Theme.objects.values_list("number", flat=True)) == list(range(5, 22))


def test_codes_sort_numerically_not_as_text(catalogue):
    codes = list(Indicator.objects.filter(theme__number=16).values_list("code", flat=True))
    assert codes == [f"16.{n}" for n in range(1, 11)]


def test_profile_indicators_come_after_the_numbered_ones(exported):
    kinds = [row["kind"] for row in exported]
    assert kinds.index("profile") == 100
    assert set(kinds[100:]) == {"profile"}


@pytest.mark.parametrize(
    ("code", "key"), [("5.1", "0005.0001"), ("16.10", "0016.0010"), ("PPL-01", "~PPL.0001")]
)
def test_code_sort_key_pads_numbers(code, key):
    assert code_sort_key(code) == key


def test_fixture_sort_keys_match_the_rule(catalogue):
    assert all(code_sort_key(i.code) == i.sort_key for i in Indicator.objects.all())


def test_text_profile_indicators_are_typed_as_text(catalogue):
    text_codes = set(Indicator.objects.filter(value_type="text").values_list("code", flat=True))
    assert text_codes == {"GOV-01", "GEO-01", "GEO-02"}


def test_loading_the_catalogue_twice_adds_no_rows(catalogue):
    call_command("loaddata", "iso37120_2014", verbosity=0)
    assert Indicator.objects.count() == 139
    assert Theme.objects.count() == 17
