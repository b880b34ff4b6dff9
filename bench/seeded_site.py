"""What the benchmarks on a seeded PostgreSQL share: the database made ready and filled with 300 cities ×
139 indicators × 20 years (≈834 000 published values), and pages timed uncached with their query counts.

Used by bench/compare_bench.py and bench/progress_bench.py; run by hand, never in CI.
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
    """Replaces the database's values and cities but the home city with the benchmark's, streamed in
    with COPY (indicators.bulk) a few cities at a time: 834 000 model objects at once would not fit."""
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
    for start in range(0, len(cities), 20):
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


def prepare() -> None:
    """DATABASE_URL's PostgreSQL database created if needed, migrated, bootstrapped and seeded (unless
    --reuse is given: the values already there are timed)."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database (the benchmark streams values with COPY).")
    ensure_postgres_database(url)
    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    call_command("bootstrap_registry", verbosity=0)
    if "--reuse" in sys.argv:
        print("reusing the values already seeded")
    else:
        started = time.perf_counter()
        count = seed()
        print(f"seeded {count} published values ({CITIES} cities) in {time.perf_counter() - started:.1f} s")


def load_average() -> str:
    return f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"


def timed(function) -> tuple[float, float, int]:
    """(wall seconds, Python CPU seconds, queries) of one call."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        started, cpu = time.perf_counter(), time.process_time()
        function()
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    return elapsed, cpu, len(queries)


def timed_get(client, path: str) -> tuple[float, float, int]:
    """One page, uncached: its wall and CPU time and its queries."""
    from django.core.cache import cache

    cache.clear()
    response = None

    def get():
        nonlocal response
        response = client.get(path)

    result = timed(get)
    assert response.status_code == 200, (path, response.status_code)
    return result


def median_ms(samples) -> str:
    return f"{statistics.median(samples) * 1000:.0f} ms"


def time_pages(client, pages) -> None:
    """Prints each named list of addresses' median time, slowest time and most queries."""
    for name, paths in pages:
        results = [timed_get(client, path) for path in paths]
        times, cpu, queries = ([r[k] for r in results] for k in range(3))
        print(
            f"{name}: median {median_ms(times)} uncached (Python CPU {median_ms(cpu)}), "
            f"slowest {max(times) * 1000:.0f} ms, queries {max(queries)}"
        )
