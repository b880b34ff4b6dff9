"""Import benchmark, run by hand: 10 cities × every indicator × 30 years (about 41 700 values).

    DATABASE_URL=sqlite:////tmp/import_bench.sqlite3 .venv/bin/python bench/import_bench.py
    DATABASE_URL=postgres://postgres@127.0.0.1:54330/import_bench .venv/bin/python bench/import_bench.py

Prints openpyxl's own read of the workbook (the floor), the full import (read → validate → plan →
apply with history), a re-import of the same file (a no-op) and the process's peak memory.
The database named in DATABASE_URL is created if needed and its values are wiped first.
"""

import io
import os
import resource
import sys
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gdansk_iso.settings")
os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/import_bench.sqlite3")

CITIES = 10
YEARS = range(1995, 2025)


def ensure_postgres_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')


def build_workbook(cities, indicators) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Dane")
    sheet.append(["Miasto", "Wskaźnik", "Rok", "Wartość", "Źródło"])
    for city_number, city in enumerate(cities):
        for indicator_number, indicator in enumerate(indicators):
            for year in YEARS:
                figure = sample(indicator, city_number + indicator_number + year)
                sheet.append([city.slug, indicator.code, year, figure, "bench"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def sample(indicator, seed: int):
    """A figure inside the indicator's allowed range, or a text for a text indicator."""
    if indicator.is_text:
        return "tekst"
    low = float(indicator.min_value or 0)
    high = float(indicator.max_value) if indicator.max_value is not None else low + 1000
    return round(low + (high - low) * (seed % 97) / 97, 1)


def plain_read(data: bytes) -> int:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
    cells = sum(len(row) for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True))
    workbook.close()
    return cells


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(label, function):
    """Wall time and CPU time: on a shared machine the CPU time is the steadier figure."""
    start, cpu = time.perf_counter(), time.process_time()
    result = function()
    wall, used = time.perf_counter() - start, time.process_time() - cpu
    print(f"{label:<42} {wall:6.2f} s wall {used:6.2f} s CPU   peak RSS {peak_mb():5.0f} MB")
    return result


def wipe():
    """Empty the values, their history and the imports: TRUNCATE on PostgreSQL, so no dead rows from
    the previous run slow the next one down (a queryset delete would also write a history row each)."""
    from django.core.management.color import no_style
    from django.db import connection

    from indicators.models import ImportBatch, IndicatorValue

    tables = [model._meta.db_table for model in (IndicatorValue, IndicatorValue.history.model, ImportBatch)]
    connection.ops.execute_sql_flush(connection.ops.sql_flush(no_style(), tables))


def main():
    if os.environ["DATABASE_URL"].startswith("postgres"):
        ensure_postgres_database(os.environ["DATABASE_URL"])
    django.setup()
    from django.core.management import call_command

    from indicators.importing import apply_import, plan_import, read_import
    from indicators.models import City, Indicator, IndicatorValue

    call_command("migrate", verbosity=0)
    call_command("bootstrap_registry", verbosity=0)
    wipe()
    cities = [
        City.objects.get_or_create(slug=f"bench-{n}", defaults={"name": f"Bench {n}", "country": "PL"})[0]
        for n in range(CITIES)
    ]
    indicators = list(Indicator.objects.of_edition())
    print(
        f"database: {django.db.connection.vendor}; {len(cities)} cities × {len(indicators)} indicators",
        end="",
    )
    print(f" × {len(YEARS)} years")
    data = timed("build the workbook", lambda: build_workbook(cities, indicators))
    print(f"workbook: {len(data) / 2**20:.1f} MB")
    cells = timed("openpyxl plain read (floor)", lambda: plain_read(data))
    print(f"cells read: {cells}")
    home = cities[0]
    plan = timed(
        "plan (read → validate → dry run)", lambda: plan_import(data, "bench.xlsx", default_city=home)
    )
    assert plan.is_valid, plan.errors[:5]
    timed("apply (bulk write with history)", lambda: apply_import(plan))
    wipe()
    timed(
        "full import (read + apply, as the command)",
        lambda: apply_import(read_import(data, "bench.xlsx", default_city=home)),
    )
    print(f"values: {IndicatorValue.objects.count()}, history rows: {IndicatorValue.history.count()}")
    again = timed(
        "re-import of the same file (no-op plan)", lambda: plan_import(data, "bench.xlsx", default_city=home)
    )
    print(f"re-import: {again.summary()}")


if __name__ == "__main__":
    main()
