"""A value's history as a person reads it: figures and statuses in the reader's language, and each change
saying where it came from (a grid edit is not shown as if it came from the last import's file)."""

from decimal import Decimal

from django.urls import reverse

from indicators.models import ImportBatch
from indicators.services import publish, save_value, verify


def history_page(client, value) -> str:
    return client.get(reverse("admin:indicators_indicatorvalue_history", args=[value.pk])).content.decode()


def rows_of(page: str) -> list[str]:
    return page.split('id="change-history"')[1].split("<tbody>")[1].split("</tbody>")[0].split("<tr>")[1:]


def test_the_history_writes_figures_and_statuses_in_the_readers_language(
    client, statistician, reviewer, gdansk, indicator
):
    value, _ = save_value(
        user=statistician, city=gdansk, indicator=indicator, year=2019, value=Decimal("2.1")
    )
    save_value(user=statistician, city=gdansk, indicator=indicator, year=2019, value=Decimal("2.2"))
    publish(user=reviewer, value=verify(user=reviewer, value=value))
    client.force_login(statistician)
    page = history_page(client, value)
    assert "View history" not in page
    assert "2.100000" not in page
    assert "2.200000" not in page
    assert "2,1&nbsp;&rarr;&nbsp;2,2" in page
    assert "zweryfikowana&nbsp;&rarr;&nbsp;opublikowana" in page
    assert "draft" not in page.split('id="change-history"')[1]


def test_a_grid_edit_after_an_import_is_not_shown_as_coming_from_the_file(
    client, statistician, gdansk, indicator
):
    batch = ImportBatch.objects.create(file_name="gdansk-2019.xlsx", checksum="0" * 64)
    value, _ = save_value(
        user=statistician, import_batch=batch, city=gdansk, indicator=indicator, year=2019, value=Decimal(4)
    )
    client.force_login(statistician)
    client.post(
        reverse("admin:indicators_year_entry") + f"?city=gdansk&year=2019&theme={indicator.theme_id}",
        {
            f"i{indicator.pk}-value": "4,5",
            f"i{indicator.pk}-seen-value": "4",
            f"i{indicator.pk}-seen-version": "1",
        },
    )
    newest, oldest = rows_of(history_page(client, value))
    assert "gdansk-2019.xlsx" not in newest
    assert "formularz wprowadzania danych za rok" in newest  # the grid, in Polish
    assert "gdansk-2019.xlsx" in oldest


def test_a_change_from_the_previous_year_is_written_with_the_readers_decimal_sign(
    client, statistician, gdansk, indicator
):
    save_value(city=gdansk, indicator=indicator, year=2018, value=Decimal(4))
    save_value(city=gdansk, indicator=indicator, year=2019, value=Decimal(8))
    client.force_login(statistician)
    page = client.get(reverse("admin:indicators_quality"), {"city": "gdansk", "year": 2019}).content.decode()
    assert "+100,0 %" in page
    assert "+100.0 %" not in page
