"""Import benchmark, run by hand: 10 cities × 100 indicators × 30 years (30 000 values).

    .venv/bin/python bench/import_bench.py     (an embedded PostgreSQL of its own, in /tmp)
    DATABASE_URL=postgres://postgres@127.0.0.1:5433/import_bench .venv/bin/python bench/import_bench.py

Each step runs in a fresh process, so its peak memory is its own: each reader's plain read of the
same workbook (openpyxl read-only, python-calamine), the import's read (guards → read → validate),
the percent-format detection on a copy whose value cells are shown as percentages, the preview
(read + the service's dry run), the whole import as `import_values` runs it, the same import phase by
phase (read and validate; apply: the decisions, COPY and the history rows; the commit, where PostgreSQL
checks the deferred foreign keys of every new row), a re-import (a no-op), and the `import_values`
command on an empty registry, timed from the start of its process (Django's start-up included, as a
person running it waits for it).
The database named in DATABASE_URL is created if needed and its values are wiped first.
"""

import io
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gdansk_iso.settings")
os.environ.setdefault(
    "EMBEDDED_POSTGRES_DIR", str(Path(tempfile.gettempdir()) / "import_bench_postgres")
)  # never the checkout's data

CITIES = 10
INDICATORS = 100
YEARS = range(1995, 2025)
STEPS = ["openpyxl", "calamine", "read", "read-percent", "plan", "import", "phases", "reimport", "command"]


def ensure_postgres_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')


def build_workbook(cities, indicators, percent: bool) -> bytes:
    """The long layout; with percent, every figure is stored as a fraction shown with a % format."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Dane")
    sheet.append(["Miasto", "Wskaźnik", "Rok", "Wartość", "Źródło"])
    for city_number, city in enumerate(cities):
        for indicator_number, indicator in enumerate(indicators):
            for year in YEARS:
                figure = sample(indicator, city_number + indicator_number + year)
                if percent and not isinstance(figure, str):
                    figure = WriteOnlyCell(sheet, value=figure / 100)
                    figure.number_format = "0.000%"
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


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def wipe():
    """Empty the values, their history and the imports: TRUNCATE on PostgreSQL, so no dead rows from
    the previous run slow the next one down (a queryset delete would also write a history row each)."""
    from django.core.management.color import no_style
    from django.db import connection

    from indicators.models import ImportBatch, IndicatorValue

    tables = [model._meta.db_table for model in (IndicatorValue, IndicatorValue.history.model, ImportBatch)]
    connection.ops.execute_sql_flush(connection.ops.sql_flush(no_style(), tables))


def run_command(folder: Path) -> None:
    """`import_values` as a person runs it; prints this process's peak memory for the parent, which
    times the whole process (start-up, import, exit)."""
    django.setup()
    from django.core.management import call_command

    call_command("import_values", str(folder / "bench.xlsx"), "--city", "bench-0", stdout=io.StringIO())
    print(f"{peak_mb():.0f}")


def time_command(folder: Path) -> None:
    before, start = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
    done = subprocess.run([sys.executable, __file__, "command", folder], check=True, capture_output=True)
    after, wall = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter() - start
    used = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    print(
        f"{'command':<14} {wall:6.2f} s wall {used:6.2f} s CPU   peak RSS {float(done.stdout):5.0f} MB"
        "   import_values, its whole process (start-up included)",
        flush=True,
    )


def run_step(step: str, folder: Path) -> None:
    """One step in this process; prints wall time, CPU time and this process's peak memory."""
    if step == "command":
        run_command(folder)
        return
    django.setup()
    from indicators.importing import apply_import, plan_import, read_import
    from indicators.models import City

    data = (folder / ("percent.xlsx" if step == "read-percent" else "bench.xlsx")).read_bytes()
    home = City.objects.get(slug="bench-0")
    before = peak_mb()
    steps = {
        "openpyxl": lambda: openpyxl_read(data),
        "calamine": lambda: calamine_read(data),
        "read": lambda: read_import(data, "bench.xlsx", default_city=home),
        "read-percent": lambda: read_import(data, "percent.xlsx", default_city=home),
        "plan": lambda: plan_import(data, "bench.xlsx", default_city=home),
        "import": lambda: apply_import(read_import(data, "bench.xlsx", default_city=home)),
        "phases": lambda: import_phases(data, home),
        "reimport": lambda: plan_import(data, "bench.xlsx", default_city=home),
    }
    start, cpu = time.perf_counter(), time.process_time()
    result = steps[step]()
    wall, used = time.perf_counter() - start, time.process_time() - cpu
    detail = ""
    if hasattr(result, "is_valid"):
        assert result.is_valid, result.errors[:5]
        detail = result.summary()
    elif isinstance(result, str):
        detail = result
    elif hasattr(result, "created_count"):
        detail = f"batch {result.pk}: {result.created_count} created"
    elif result is not None:
        detail = f"{result} cells"
    print(
        f"{step:<14} {wall:6.2f} s wall {used:6.2f} s CPU   peak RSS {peak_mb():5.0f} MB"
        f" (+{peak_mb() - before:4.0f} MB)   {detail}",
        flush=True,
    )


def import_phases(data: bytes, home) -> str:
    """The whole import, its phases timed one by one (wall/CPU seconds); the commit is kept apart by an
    outer transaction, so the foreign-key checks PostgreSQL defers to it are seen."""
    from django.db import transaction

    from indicators.importing import apply_import, read_import

    times = []

    def clock():
        return time.perf_counter(), time.process_time()

    def record(name, since):
        now = clock()
        times.append(f"{name} {now[0] - since[0]:.2f}/{now[1] - since[1]:.2f}")

    start = clock()
    plan = read_import(data, "bench.xlsx", default_city=home)
    record("read+validate", start)
    with transaction.atomic():
        start = clock()
        batch = apply_import(plan)
        record("apply", start)
        start = clock()
    record("commit", start)
    return f"batch {batch.pk}: {batch.created_count} created; " + ", ".join(times) + " (wall/CPU s)"


def openpyxl_read(data: bytes) -> int:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
    cells = sum(len(row) for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True))
    workbook.close()
    return cells


def calamine_read(data: bytes) -> int:
    from python_calamine import CalamineWorkbook

    workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    return sum(
        len(row) for name in workbook.sheet_names for row in workbook.get_sheet_by_name(name).to_python()
    )


def main():
    if len(sys.argv) == 3:
        run_step(sys.argv[1], Path(sys.argv[2]))
        return
    if os.environ.get("DATABASE_URL"):
        ensure_postgres_database(os.environ["DATABASE_URL"])
    django.setup()
    from django.core.management import call_command

    from indicators.models import City, Indicator

    call_command("migrate", verbosity=0)
    call_command("bootstrap_registry", verbosity=0)
    wipe()
    cities = [
        City.objects.get_or_create(slug=f"bench-{n}", defaults={"name": f"Bench {n}", "country": "PL"})[0]
        for n in range(CITIES)
    ]
    indicators = list(Indicator.objects.of_edition())[:INDICATORS]
    print(f"database: {django.db.connection.vendor}; {CITIES} cities × {len(indicators)} indicators", end="")
    print(f" × {len(YEARS)} years = {CITIES * len(indicators) * len(YEARS)} values")
    with tempfile.TemporaryDirectory() as folder:
        for name, percent in (("bench.xlsx", False), ("percent.xlsx", True)):
            data = build_workbook(cities, indicators, percent)
            (Path(folder) / name).write_bytes(data)
            print(f"{name}: {len(data) / 2**20:.1f} MB")
        for step in STEPS:
            if step in {"import", "phases", "command"}:
                wipe()
            if step == "command":
                time_command(Path(folder))
            else:
                subprocess.run([sys.executable, __file__, step, folder], check=True)


if __name__ == "__main__":
    main()
