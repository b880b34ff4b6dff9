"""Coverage report timing with 100 cities × 10 years of values in PostgreSQL (run by hand).

    .venv/bin/python bench/coverage_bench.py [--database-url postgres://postgres@127.0.0.1:54330/cert_bench]

Creates the database if missing, migrates it, loads the catalogue, the demo data of the home city and,
once, 100 cities with every indicator for 2012–2021 (bulk_create: bench data skips the service and its
history on purpose). Times the whole `coverage_report` command for the home city's latest year in PDF
and XLSX, as a person runs it (a new process each time: start-up, queries, imports, rendering), and
their rendering alone in this process; then one bench city-year report: building the data, XLSX, CSV
and PDF, plus one three-year cycle.
"""

import argparse
import io
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlparse

from pypdf import PdfReader

ROOT = Path(__file__).resolve().parent.parent
CITIES = 100
YEARS = range(2012, 2022)
REPEAT = 5


def ensure_database(url: str) -> None:
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin_url = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')


def seed() -> None:
    from django.contrib.auth import get_user_model

    from indicators.models import City, Indicator, IndicatorValue

    if City.objects.filter(slug__startswith="bench-").count() >= CITIES:
        return
    user, _ = get_user_model().objects.get_or_create(username="bench-statistician")
    cities = City.objects.bulk_create(
        [City(name=f"Bench city {n:03d}", slug=f"bench-{n:03d}", country="PL") for n in range(1, CITIES + 1)]
    )
    indicators = list(Indicator.objects.all())
    batch = []
    for city in cities:
        for year in YEARS:
            for number, indicator in enumerate(indicators):
                status = "draft" if (number + year) % 17 == 0 else "published"
                figure = {"text_value": "tak"} if indicator.is_text else {"value": Decimal(number % 90) + 1}
                batch.append(
                    IndicatorValue(
                        city=city,
                        indicator=indicator,
                        year=year,
                        status=status,
                        source="Bench data",
                        created_by=user,
                        verified_by=user,
                        **figure,
                    )
                )
        if len(batch) >= 20_000:
            IndicatorValue.objects.bulk_create(batch)
            batch = []
    IndicatorValue.objects.bulk_create(batch)


def timed(function, *args):
    """Median and best wall time, and median CPU time: on a shared machine the CPU time is the steadier."""
    times, cpu_times = [], []
    for _ in range(REPEAT):
        start, cpu_start = time.perf_counter(), time.process_time()
        result = function(*args)
        times.append(time.perf_counter() - start)
        cpu_times.append(time.process_time() - cpu_start)
    return statistics.median(times), min(times), statistics.median(cpu_times), result


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed_command(arguments: list[str]):
    """Median and best wall time, and median CPU time (user + system) of a management command run in a
    new process each time, as a person runs it."""
    times, cpu_times = [], []
    for _ in range(REPEAT):
        start, cpu_start = time.perf_counter(), children_cpu()
        subprocess.run([sys.executable, str(ROOT / "manage.py"), *arguments], check=True, capture_output=True)
        times.append(time.perf_counter() - start)
        cpu_times.append(children_cpu() - cpu_start)
    return statistics.median(times), min(times), statistics.median(cpu_times)


def home_city_reports() -> None:
    """The home city's latest year with published values, the report the issue times: whole command and
    rendering alone, PDF beside XLSX."""
    from certification.coverage import build_report, period_for_year
    from certification.reports import render
    from indicators.models import City
    from indicators.selectors import published_values

    city = City.objects.home()
    year = published_values(city=city).order_by("-year").values_list("year", flat=True).first()
    report = build_report(period_for_year(city, year))
    with tempfile.TemporaryDirectory() as directory:
        for file_format in ("pdf", "xlsx"):
            output = Path(directory) / f"report.{file_format}"
            arguments = ["coverage_report", "--year", str(year), "--format", file_format, "-o", str(output)]
            median, best, cpu = timed_command(arguments)
            print(
                f"{city.slug} {year} {file_format.upper()}, whole command: median {median * 1000:.0f} ms, "
                f"best {best * 1000:.0f} ms, CPU median {cpu * 1000:.0f} ms over {REPEAT}, "
                f"{output.stat().st_size / 1024:.0f} KiB"
            )
            start, cpu_start = time.perf_counter(), time.process_time()
            render(report, file_format, "pl")
            print(
                f"{city.slug} {year} {file_format.upper()}, first render in this process (imports its "
                f"renderer): {(time.perf_counter() - start) * 1000:.0f} ms, "
                f"CPU {(time.process_time() - cpu_start) * 1000:.0f} ms"
            )
            median, best, cpu, _content = timed(render, report, file_format, "pl")
            print(
                f"{city.slug} {year} {file_format.upper()}, render only: median {median * 1000:.0f} ms, "
                f"best {best * 1000:.0f} ms, CPU median {cpu * 1000:.0f} ms over {REPEAT}"
            )
    print(f"{city.slug} {year} PDF pages: {len(PdfReader(io.BytesIO(render(report, 'pdf', 'pl'))).pages)}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:54330/cert_bench")
    options = parser.parse_args()
    os.environ["DATABASE_URL"] = options.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gdansk_iso.settings")
    sys.path.insert(0, str(ROOT))
    ensure_database(options.database_url)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from certification.coverage import Period, build_report, period_for_year
    from certification.reports import render
    from indicators.models import City, IndicatorValue

    call_command("migrate", verbosity=0)
    call_command("bootstrap_registry", "--demo", verbosity=0)
    home_city_reports()
    start = time.perf_counter()
    seed()
    print(
        f"seed: {time.perf_counter() - start:.1f} s; values in the database: {IndicatorValue.objects.count()}"
    )

    city = City.objects.get(slug="bench-050")
    year = period_for_year(city, 2019)
    with CaptureQueriesContext(connection) as queries:
        report = build_report(year)
    print(f"queries for one report: {len(queries)}")
    for label, function, args in [
        ("build report data, city-year", build_report, (year,)),
        ("XLSX, city-year (render only)", render, (report, "xlsx", "pl")),
        ("CSV, city-year (render only)", render, (report, "csv", "pl")),
        ("PDF, city-year (render only)", render, (report, "pdf", "pl")),
        ("build report data, 3-year cycle", build_report, (Period(city=city, years=(2019, 2020, 2021)),)),
    ]:
        median, best, cpu, result = timed(function, *args)
        size = f", {len(result) / 1024:.0f} KiB" if isinstance(result, bytes) else ""
        print(
            f"{label}: median {median * 1000:.0f} ms, best {best * 1000:.0f} ms, "
            f"CPU median {cpu * 1000:.0f} ms over {REPEAT}{size}"
        )
    print(f"PDF pages: {len(PdfReader(io.BytesIO(render(report, 'pdf', 'pl'))).pages)}")


if __name__ == "__main__":
    main()
