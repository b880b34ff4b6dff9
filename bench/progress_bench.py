"""Progress benchmark, run by hand on PostgreSQL: 300 cities × 139 indicators × 20 years (≈834 000 values),
every indicator of the home city with a published target.

    DATABASE_URL=postgres://postgres@127.0.0.1:5433/progress_bench \
        .venv/bin/python bench/progress_bench.py [--reuse]

Seeds like bench/compare_bench.py (the cities and values of the database are replaced), publishes a
target for every directed indicator of the home city, then times, uncached, the progress page (home
city, other cities, a theme, sorted), its CSV and XLSX, the API, the indicator, theme and home pages
that show the status, and building the open data's progress file (every city), with their query counts.
"""

import os
import random
import sys
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gdansk_iso.settings")

from compare_bench import CITIES, ensure_postgres_database, median_ms, seed, timed_get

ROUNDS = 7


def publish_targets() -> int:
    """A target 10 % better than the home city's 2015 figure by 2030, for every directed indicator."""
    from decimal import Decimal

    from indicators.models import City, Indicator, IndicatorValue
    from indicators.progress import services
    from indicators.progress.models import Target

    Target.history.all().delete()
    Target.objects.all().delete()
    home = City.objects.home()
    count = 0
    directed = Indicator.objects.of_edition(2014).performance().filter(higher_is_better__isnull=False)
    for indicator in directed.filter(value_type="number"):
        base = IndicatorValue.objects.filter(city=home, indicator=indicator, year=2015).first()
        if base is None or not base.value:
            continue
        factor = Decimal("1.1") if indicator.higher_is_better else Decimal("0.9")
        services.save_target(
            city=home,
            indicator=indicator,
            value=(base.value * factor).quantize(Decimal("0.000001")),
            year=2030,
            document="Bench strategy",
            status="published",
        )
        count += 1
    return count


def timed(function) -> tuple[float, float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        started, cpu = time.perf_counter(), time.process_time()
        function()
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    return elapsed, cpu, len(queries)


def main():
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database (the benchmark streams values with COPY).")
    ensure_postgres_database(url)
    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    from indicators.models import City, Theme
    from indicators.progress import tables

    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    call_command("bootstrap_registry", verbosity=0)
    if "--reuse" in sys.argv:
        print("reusing the values already seeded")
    else:
        started = time.perf_counter()
        count = seed()
        print(f"seeded {count} published values ({CITIES} cities) in {time.perf_counter() - started:.1f} s")
    print(f"published {publish_targets()} targets of the home city")
    print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")

    client = Client()
    client.get("/progress/")  # warm up imports and templates
    others = random.Random(1).sample(list(City.objects.exclude(slug=settings.HOME_CITY_SLUG)), ROUNDS)
    themes = list(Theme.objects.filter(edition=2014))
    for name, paths in (
        ("progress page, home city", ["/progress/"] * ROUNDS),
        ("progress page, other cities", [f"/progress/?city={city.slug}" for city in others]),
        ("progress page, one theme", [f"/en/progress/?theme={theme.number}" for theme in themes]),
        ("progress page, sorted by rate", ["/de/progress/?sort=-rate"] * ROUNDS),
        ("progress CSV", ["/progress/data.csv"] * ROUNDS),
        ("progress XLSX", ["/progress/data.xlsx"] * ROUNDS),
        ("progress API (JSON)", ["/api/progress/"] * ROUNDS),
        ("indicator page with its status", ["/indicators/5.1/"] * ROUNDS),
        ("theme page with its counts", [f"/themes/{theme.number}/" for theme in themes]),
        ("home page with its counts", ["/"] * ROUNDS),
    ):
        results = [timed_get(client, path) for path in paths]
        times, cpu, queries = ([r[k] for r in results] for k in range(3))
        print(
            f"{name}: median {median_ms(times)} uncached (Python CPU {median_ms(cpu)}), "
            f"slowest {max(times) * 1000:.0f} ms, queries {max(queries)}"
        )
    builds = [timed(tables.csv_of_every_city) for _ in range(3)]
    print(
        f"open data progress file ({CITIES} cities): median {median_ms([b[0] for b in builds])} "
        f"(Python CPU {median_ms([b[1] for b in builds])}), queries {max(b[2] for b in builds)}"
    )


if __name__ == "__main__":
    main()
