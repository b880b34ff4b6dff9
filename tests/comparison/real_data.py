"""The real figures of 252 cities (GCIF 2012, ../shared/data/gcif2012), loaded into the test database
once for a module."""

import csv
from decimal import Decimal, InvalidOperation
from pathlib import Path

from indicators.bulk import insert_values
from indicators.models import City, Indicator, IndicatorValue

REPOSITORY = Path(__file__).resolve().parents[2]
DATA_SET = Path("shared/data/gcif2012")


def data_directory() -> Path:
    """The data set beside the checkout (CI: ../shared/data), or beside one of its parents."""
    for parent in REPOSITORY.parents:
        if (parent / DATA_SET / "values.csv").exists():
            return parent / DATA_SET
    raise FileNotFoundError(f"{DATA_SET} is neither beside {REPOSITORY} nor beside a parent of it")


def numeric(text: str) -> Decimal | None:
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def city_rows() -> list[dict]:
    with open(data_directory() / "cities.csv", newline="", encoding="utf-8") as file:
        return list(csv.DictReader(file))


def load() -> int:
    """Every city and every numeric figure of the data set, published; returns how many figures."""
    directory = data_directory()
    rows = city_rows()
    City.objects.bulk_create(
        [City(slug=row["slug"], name=row["name"], country=row["country"]) for row in rows],
        ignore_conflicts=True,
    )
    cities = dict(City.objects.values_list("slug", "pk"))
    indicators = dict(Indicator.objects.of_edition(2014).values_list("code", "pk"))
    values = []
    with open(directory / "values.csv", newline="", encoding="utf-8") as file:
        for row in csv.DictReader(file):
            number = numeric(row["value"])
            if number is None or row["indicator"] not in indicators:
                continue
            values.append(
                IndicatorValue(
                    city_id=cities[row["city"]],
                    indicator_id=indicators[row["indicator"]],
                    year=int(row["year"]),
                    value=number,
                    source=row["source"],
                    status=IndicatorValue.Status.PUBLISHED,
                )
            )
    insert_values(values)
    return len(values)
