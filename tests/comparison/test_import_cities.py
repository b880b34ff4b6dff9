import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from indicators.comparison.city_import import CityFileError, read_cities, save_cities
from indicators.models import City

CITIES_CSV = "slug;name;country;region\nlodz;Łódź;PL;łódzkie\nwien;Wien;at;Wien\n"


def run(path) -> str:
    out = io.StringIO()
    call_command("import_cities", str(path), stdout=out)
    return out.getvalue()


def test_a_csv_file_adds_its_cities(tmp_path, catalogue):
    path = tmp_path / "cities.csv"
    path.write_text(CITIES_CSV, encoding="utf-8")
    run(path)
    lodz, wien = City.objects.get(slug="lodz"), City.objects.get(slug="wien")
    assert (lodz.name, lodz.country, lodz.region) == ("Łódź", "PL", "łódzkie")
    assert wien.country == "AT"


def test_the_same_file_again_changes_nothing(tmp_path, catalogue, english):
    path = tmp_path / "cities.csv"
    path.write_text(CITIES_CSV, encoding="utf-8")
    run(path)
    before = list(City.objects.order_by("slug").values())
    assert "0 added, 0 updated, 2 unchanged" in run(path)
    assert list(City.objects.order_by("slug").values()) == before


def test_a_changed_region_updates_the_city(tmp_path, catalogue):
    path = tmp_path / "cities.csv"
    path.write_text(CITIES_CSV, encoding="utf-8")
    run(path)
    path.write_text(CITIES_CSV.replace("łódzkie", "lodzkie"), encoding="utf-8")
    changes = save_cities(rows=read_cities(path.read_bytes(), path.name))
    assert (changes.created, changes.updated) == ([], ["lodz"])
    assert City.objects.get(slug="lodz").region == "lodzkie"


def test_an_xlsx_file_adds_its_cities(tmp_path, catalogue):
    workbook = Workbook()
    sheet = workbook.active
    for row in (
        ["slug", "name", "country", "region"],
        ["rostock", "Rostock", "DE", "Mecklenburg-Vorpommern"],
    ):
        sheet.append(row)
    path = tmp_path / "cities.xlsx"
    workbook.save(path)
    run(path)
    assert City.objects.get(slug="rostock").region == "Mecklenburg-Vorpommern"


def test_bad_rows_are_refused_with_their_line_and_nothing_is_written(tmp_path, catalogue, english):
    path = tmp_path / "cities.csv"
    path.write_text("slug,name,country,region\ngood,Good,PL,\nBad Slug,,POL,\n", encoding="utf-8")
    with pytest.raises(CommandError) as refused:
        run(path)
    message = str(refused.value)
    assert "Line 3: the slug “Bad Slug”" in message
    assert "Line 3: the name is empty." in message
    assert "Line 3: the country “POL”" in message
    assert not City.objects.filter(slug="good").exists()


def test_a_slug_twice_in_the_file_is_refused_naming_both_lines(catalogue, english):
    data = b"slug,name,country\nsopot,Sopot,PL\nsopot,Sopot Two,PL\n"
    with pytest.raises(CityFileError) as refused:
        read_cities(data, "cities.csv")
    assert refused.value.problems == ["Line 3: the slug “sopot” is already on line 2."]


def test_a_header_without_the_required_columns_is_refused(catalogue, english):
    with pytest.raises(CityFileError) as refused:
        read_cities(b"slug;city\nsopot;Sopot\n", "cities.csv")
    assert refused.value.problems == ["Line 1: the header lacks the columns name, country."]


def test_messages_are_polish_by_default(catalogue):
    with pytest.raises(CityFileError) as refused:
        read_cities(b"slug,name,country\nsopot,,PL\n", "cities.csv")
    assert refused.value.problems == ["Wiersz 2: nazwa jest pusta."]
