"""Comparison benchmark, run by hand on PostgreSQL: 300 cities × 139 indicators × 20 years (≈834 000 values).

    DATABASE_URL=postgres://postgres@127.0.0.1:5433/compare_bench \
        .venv/bin/python bench/compare_bench.py [--reuse]

The database named in DATABASE_URL is created if needed, migrated, and its cities and values are
replaced by the benchmark's (streamed in with COPY through indicators.bulk). Then, uncached, it times
the indicator and theme comparison pages (median of several indicators and themes, and their query
counts), building the comparison API's answer for one indicator, and counts the queries of the
existing home, theme and indicator pages. --reuse skips the seeding and times the values already there.
"""

import os
import random
import statistics
import sys
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gdansk_iso.settings")

CITIES = 300
YEARS = range(2003, 2023)
ROUNDS = 15


def ensure_postgres_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')


def figure(indicator, rng: random.Random):
    from decimal import Decimal

    low = float(indicator.min_value or 0)
    high = float(indicator.max_value) if indicator.max_value is not None else low + 1000
    return Decimal(f"{rng.uniform(low, high):.{min(indicator.decimal_places, 2)}f}")


def seed() -> int:
    from django.conf import settings
    from django.db import connection

    from indicators.bulk import insert_values
    from indicators.models import City, Indicator, IndicatorValue

    with connection.cursor() as cursor:
        cursor.execute(
            f"TRUNCATE {IndicatorValue._meta.db_table}, {IndicatorValue.history.model._meta.db_table} CASCADE"
        )
    City.objects.exclude(slug=settings.HOME_CITY_SLUG).delete()
    countries = ["PL"] * 5 + ["DE", "CZ", "LT", "SE", "DK", "NL", "ES", "CA", "US", "GB"]
    peers = City.objects.bulk_create(
        City(slug=f"bench-{n:03d}", name=f"Bench city {n:03d}", country=countries[n % len(countries)])
        for n in range(1, CITIES)
    )
    cities = [City.objects.get(slug=settings.HOME_CITY_SLUG), *peers]
    indicators = list(Indicator.objects.of_edition(2014))
    rng = random.Random(37120)
    count = 0
    for start in range(
        0, len(cities), 20
    ):  # a few cities at a time: 834 000 model objects at once would not fit
        values = [
            IndicatorValue(
                city=city,
                indicator=indicator,
                year=year,
                value=None if indicator.is_text else figure(indicator, rng),
                text_value="tekst" if indicator.is_text else "",
                source="bench",
                status=IndicatorValue.Status.PUBLISHED,
            )
            for city in cities[start : start + 20]
            for indicator in indicators
            for year in YEARS
        ]
        insert_values(values)
        count += len(values)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {IndicatorValue._meta.db_table}")
    return count


def timed_get(client, path: str) -> tuple[float, float, int]:
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        started, cpu = time.perf_counter(), time.process_time()
        response = client.get(path)
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    assert response.status_code == 200, (path, response.status_code)
    return elapsed, cpu, len(queries)


def median_ms(samples) -> str:
    return f"{statistics.median(samples) * 1000:.0f} ms"


def main():
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database (the benchmark streams values with COPY).")
    ensure_postgres_database(url)
    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    from indicators.comparison import api, builders
    from indicators.comparison.models import PeerGroup
    from indicators.models import City, Indicator, Theme

    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    call_command("bootstrap_registry", verbosity=0)
    if "--reuse" in sys.argv:
        print("reusing the values already seeded")
    else:
        started = time.perf_counter()
        count = seed()
        print(f"seeded {count} published values ({CITIES} cities) in {time.perf_counter() - started:.1f} s")
    print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")

    client = Client()
    client.get("/")  # warm up imports and templates
    indicators = list(Indicator.objects.of_edition(2014).performance().filter(value_type="number"))
    themes = list(Theme.objects.filter(edition=2014))
    picks = random.Random(1).sample(indicators, ROUNDS)
    for name, paths in (
        ("indicator comparison page", [f"/indicators/{i.code}/compare/?group=all-cities" for i in picks]),
        ("theme comparison page", [f"/themes/{t.number}/compare/?group=all-cities" for t in themes]),
        ("existing indicator page", [f"/indicators/{i.code}/" for i in picks]),
        ("existing theme page", [f"/themes/{t.number}/" for t in themes]),
        ("existing home page", ["/"] * 5),
    ):
        results = [timed_get(client, path) for path in paths]
        times, cpu, queries = ([r[k] for r in results] for k in range(3))
        print(
            f"{name}: median {median_ms(times)} uncached (Python CPU {median_ms(cpu)}), "
            f"slowest {max(times) * 1000:.0f} ms, queries {max(queries)}"
        )

    group, home = PeerGroup.objects.get(slug="all-cities"), City.objects.home()
    builds, cpu = [], []
    for indicator in picks:
        started, cpu_started = time.perf_counter(), time.process_time()
        api.comparison_data(builders.indicator_comparison(indicator, group, home))
        builds.append(time.perf_counter() - started)
        cpu.append(time.process_time() - cpu_started)
    print(
        f"comparison API answer built for one indicator ({CITIES} cities): median {median_ms(builds)} "
        f"(Python CPU {median_ms(cpu)})"
    )


if __name__ == "__main__":
    main()
