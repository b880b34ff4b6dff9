"""The progress page, its files, and the status on the indicator, theme, home and embed pages."""

import csv
import io
from decimal import Decimal

import pytest
from django.core.cache import cache
from openpyxl import load_workbook
from simple_history.utils import bulk_create_with_history

from indicators.models import City, Indicator, IndicatorValue
from indicators.progress import services
from indicators.services import save_value, send_back

UNEMPLOYMENT = "5.1"  # lower is better


def publish(city, code, year, figure):
    indicator = Indicator.objects.get(edition=2014, code=code)
    return save_value(city=city, indicator=indicator, year=year, value=Decimal(figure), status="published")[0]


def publish_target(city, code, figure, year, document="Gdańsk 2030 Plus", **fields):
    indicator = Indicator.objects.get(edition=2014, code=code)
    target, _ = services.save_target(
        city=city,
        indicator=indicator,
        value=Decimal(figure),
        year=year,
        document=document,
        status="published",
        **fields,
    )
    return target


@pytest.fixture
def unemployment(gdansk):
    """Unemployment down from 10 % in 2016 to 8.1 % in 2018: −10 % a year, substantial progress."""
    publish(gdansk, UNEMPLOYMENT, 2016, "10")
    publish(gdansk, UNEMPLOYMENT, 2018, "8.1")


def body(response) -> str:
    return response.content.decode()


@pytest.mark.parametrize(
    ("prefix", "words"),
    [("", "znaczny postęp"), ("/en", "substantial progress"), ("/de", "deutlicher Fortschritt")],
)
def test_the_page_names_the_status_in_the_readers_language(client, unemployment, prefix, words):
    assert words in body(client.get(f"{prefix}/progress/"))


def test_the_page_shows_base_and_latest_figures_years_and_rate(client, unemployment):
    text = body(client.get("/en/progress/?theme=5"))
    assert (
        "2016: 10.00" in text,
        "2018: 8.10" in text,
        "−10.0\u00a0%" in text or "-10.0\u00a0%" in text,
    ) == (
        True,
        True,
        True,
    )


def test_the_page_shows_the_target_and_the_needed_rate(client, unemployment, gdansk):
    publish_target(gdansk, UNEMPLOYMENT, "5", 2030)
    text = body(client.get("/en/progress/?theme=5"))
    assert ("5.00 (2030)" in text, "Gdańsk 2030 Plus" in text) == (True, True)


def test_a_draft_target_is_not_shown(client, unemployment, gdansk, statistician):
    indicator = Indicator.objects.get(edition=2014, code=UNEMPLOYMENT)
    services.save_target(
        city=gdansk,
        indicator=indicator,
        user=statistician,
        value=Decimal("3"),
        year=2030,
        document="DRAFT DOC",
    )
    assert "DRAFT DOC" not in body(client.get("/en/progress/"))


def test_the_status_filter_shows_only_that_status(client, unemployment):
    text = body(client.get("/en/progress/?status=deterioration"))
    assert "City's unemployment rate" not in text


def test_the_theme_filter_shows_only_that_theme(client, unemployment):
    text = body(client.get("/en/progress/?theme=6"))
    assert "City's unemployment rate" not in text


def test_an_unknown_status_is_a_400_page_saying_what_is_allowed(client, unemployment):
    response = client.get("/en/progress/?status=great")
    assert (response.status_code, "substantial" in body(response)) == (400, True)


def test_an_unknown_city_is_not_found(client, catalogue):
    assert client.get("/progress/?city=atlantis").status_code == 404


def test_another_city_is_chosen_by_its_slug(client, catalogue):
    other = City.objects.create(name="Gdynia", slug="gdynia", country="PL")
    publish(other, UNEMPLOYMENT, 2015, "5")
    publish(other, UNEMPLOYMENT, 2016, "6")
    text = body(client.get("/en/progress/?city=gdynia&theme=5"))
    assert ("Gdynia: " in text, "deterioration" in text) == (True, True)


def test_sorting_by_rate_puts_the_fastest_progress_first(client, gdansk):
    publish(gdansk, "5.1", 2015, "10")
    publish(gdansk, "5.1", 2016, "9")  # −10 %, lower is better: +10 % progress
    publish(gdansk, "5.3", 2015, "10")
    publish(gdansk, "5.3", 2016, "9.9")  # −1 %: +1 % progress
    text = body(client.get("/en/progress/?theme=5&sort=-rate"))
    assert text.index(">5.1<") < text.index(">5.3<")


def test_sorting_by_rate_puts_rows_without_a_rate_last_in_both_directions(client, gdansk):
    publish(gdansk, "5.1", 2015, "10")
    publish(gdansk, "5.1", 2016, "9")
    for sort in ("rate", "-rate"):
        text = body(client.get(f"/en/progress/?theme=5&sort={sort}"))
        assert text.index(">5.1<") < text.index(">5.4<")


def test_the_sorted_column_says_its_order(client, catalogue):
    assert 'aria-sort="descending"' in body(client.get("/en/progress/?sort=-rate"))


def test_the_csv_has_the_tables_rows_with_exact_figures(client, unemployment):
    text = client.get("/en/progress/data.csv?theme=5").content.decode("utf-8-sig")
    rows = {row["indicator"]: row for row in csv.DictReader(io.StringIO(text))}
    assert (rows["5.1"]["status"], rows["5.1"]["base"], rows["5.1"]["latest"], rows["5.1"]["rate"]) == (
        "substantial",
        "10.00",
        "8.10",
        "-0.1",
    )


def test_the_polish_csv_uses_a_semicolon_and_the_decimal_comma(client, unemployment):
    text = client.get("/progress/data.csv?theme=5").content.decode("utf-8-sig")
    rows = {row["indicator"]: row for row in csv.DictReader(io.StringIO(text), delimiter=";")}
    assert (rows["5.1"]["latest"], rows["5.1"]["status_label"]) == ("8,10", "znaczny postęp")


def test_the_xlsx_has_the_same_rows_with_numbers(client, unemployment):
    content = client.get("/en/progress/data.xlsx?theme=5").content
    sheet = load_workbook(io.BytesIO(content), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    header, by_code = rows[0], {row[1]: row for row in rows[1:]}
    row = dict(zip(header, by_code["5.1"], strict=False))  # read-only sheets drop empty trailing cells
    assert (row["status"], row["latest"], row["rate"]) == ("substantial", 8.1, -0.1)


def test_the_method_page_shows_every_component_of_the_formula(client, catalogue):
    text = body(client.get("/en/progress/method/"))
    assert all(
        part in text for part in ("x<sub>base</sub>", "t<sub>latest</sub>", "CAGR<sub>needed</sub>", "1.5")
    )


def test_a_withdrawn_figure_changes_the_cached_page_at_once(client, unemployment, gdansk, reviewer):
    assert "substantial progress" in body(client.get("/en/progress/?theme=5"))
    latest = IndicatorValue.objects.get(city=gdansk, indicator__code=UNEMPLOYMENT, year=2018)
    send_back(user=reviewer, value=latest, reason="Wrong figure.")
    text = body(client.get("/en/progress/?theme=5"))
    assert "only one published figure since 2015" in text


def test_a_published_target_changes_the_cached_indicator_page_at_once(client, unemployment, gdansk):
    client.get("/en/indicators/5.1/")
    publish_target(gdansk, UNEMPLOYMENT, "9", 2017)
    assert "target achieved" in body(client.get("/en/indicators/5.1/"))


def test_the_indicator_page_says_the_sentence(client, unemployment, gdansk):
    publish_target(gdansk, UNEMPLOYMENT, "4", 2022)
    text = body(client.get("/en/indicators/5.1/"))
    assert (
        "Since 2016 the figure has fallen by 10.0\u00a0% a year; the target for 2022 (4.00) needs a fall of "
        "14.2\u00a0% a year: moderate progress." in text
    )


def test_the_embed_shows_the_status(client, unemployment):
    assert "substantial progress" in body(client.get("/en/embed/indicators/5.1/"))


@pytest.mark.parametrize("path", ["/en/", "/en/themes/5/"])
def test_home_and_theme_pages_count_indicators_per_status(client, unemployment, path):
    text = body(client.get(path))
    assert "status=substantial" in text


def grow(city, other, indicators, years):
    grown = [
        IndicatorValue(city=place, indicator=indicator, year=year, value=figure, status="published")
        for indicator in indicators
        for year in years
        for place, figure in ((city, Decimal("1.5") + year % 3), (other, Decimal("2.5")))
    ]
    bulk_create_with_history(grown, IndicatorValue, default_change_reason="more years and cities")
    cache.clear()


PROGRESS_QUERY_LIMIT = 8  # data version, themes, city, cities, indicators, figures, targets (+ session)


@pytest.mark.parametrize("path", ["/progress/", "/progress/data.csv", "/progress/?city=gdynia"])
def test_progress_queries_stay_constant_as_indicators_and_years_grow(
    client, gdansk, django_assert_max_num_queries, path
):
    other = City.objects.create(name="Gdynia", slug="gdynia", country="PL")
    numeric = Indicator.objects.filter(edition=2014, value_type="number").exclude(kind="profile")
    grow(gdansk, other, numeric[:5], range(2010, 2013))
    with django_assert_max_num_queries(PROGRESS_QUERY_LIMIT):
        client.get(path)
    grow(gdansk, other, numeric[5:], range(2010, 2030))
    with django_assert_max_num_queries(PROGRESS_QUERY_LIMIT):
        response = client.get(path)
    assert response.status_code == 200
