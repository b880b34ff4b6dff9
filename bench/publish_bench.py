"""Publishing benchmark, run by hand: 10 000 values verified, published and sent back at once.

    DATABASE_URL=postgres://postgres@127.0.0.1:5433/publish_bench .venv/bin/python bench/publish_bench.py

Seeds 10 000 drafts (2 cities × every numeric indicator × the years from 1990) in a separate process,
so that the peak memory printed is the measured steps' own, then times as a reviewer: verifying them all
(warnings checked for each), publishing them all with the admin's action ("select all"), sending them
back, and publishing them again with `publish_values --city … --user …` once per city. For comparison,
the step one value at a time (as the admin did before) on the first VALUES_ONE_BY_ONE values.
The database named in DATABASE_URL is created if needed and its values are wiped first.
"""

import io
import itertools
import os
import resource
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gdansk_iso.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5433/publish_bench")

VALUES = 10_000
CITIES = 2
FIRST_YEAR = 1990
VALUES_ONE_BY_ONE = 500
REVIEWER = "bench-reviewer"


def ensure_postgres_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(label, function):
    """Wall time and CPU time: on a shared machine the CPU time is the steadier figure."""
    start, cpu = time.perf_counter(), time.process_time()
    result = function()
    wall, used = time.perf_counter() - start, time.process_time() - cpu
    print(f"{label:<52} {wall:6.2f} s wall {used:6.2f} s CPU   peak RSS {peak_mb():5.0f} MB", flush=True)
    return result


def figure(indicator, year: int) -> Decimal:
    """A steady figure inside the usual range, so that no value has a warning to explain."""
    low = indicator.min_value if indicator.min_value is not None else Decimal(0)
    high = indicator.soft_max_value or indicator.max_value or low + 1000
    return round(low + (high - low) * Decimal("0.4") + Decimal(year % 3) / 100, 2)


def seed():
    """Empty the values and their history, then write VALUES drafts through the import's service."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django.core.management.color import no_style
    from django.db import connection

    from indicators import roles
    from indicators.models import City, ImportBatch, Indicator, IndicatorValue
    from indicators.services import apply_planned_values

    call_command("migrate", verbosity=0)
    call_command("bootstrap_registry", verbosity=0)
    roles.sync_roles()
    tables = [model._meta.db_table for model in (IndicatorValue, IndicatorValue.history.model, ImportBatch)]
    connection.ops.execute_sql_flush(connection.ops.sql_flush(no_style(), tables))
    reviewer, _ = get_user_model().objects.get_or_create(username=REVIEWER, defaults={"is_staff": True})
    reviewer.groups.set([Group.objects.get(name=roles.REVIEWERS)])
    cities = [
        City.objects.get_or_create(slug=f"bench-{n}", defaults={"name": f"Bench {n}", "country": "PL"})[0]
        for n in range(CITIES)
    ]
    indicators = [i for i in Indicator.objects.of_edition() if not i.is_text]
    per_city = -(-VALUES // CITIES)
    rows = []
    for city in cities:
        for year, indicator in itertools.islice(
            itertools.product(range(FIRST_YEAR, 2100), indicators), per_city
        ):
            rows.append(
                {"city": city, "indicator": indicator, "year": year, "value": figure(indicator, year)}
            )
    result = apply_planned_values(rows=rows[:VALUES], change_reason="bench")
    assert not result["errors"], result["errors"][:3]


def main():
    if os.environ["DATABASE_URL"].startswith("postgres"):
        ensure_postgres_database(os.environ["DATABASE_URL"])
    subprocess.run([sys.executable, __file__, "--seed"], check=True)
    django.setup()
    from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    from indicators import services
    from indicators.models import City, IndicatorValue

    setup_test_environment()  # the test client's host and no e-mails; the database is the real one
    Status = IndicatorValue.Status
    reviewer = get_user_model().objects.get(username=REVIEWER)
    print(f"database: {django.db.connection.vendor}; values: {IndicatorValue.objects.count()}")
    print(f"{'after django.setup()':<52} {'':>22}   peak RSS {peak_mb():5.0f} MB")

    one_by_one = list(
        IndicatorValue.objects.order_by("pk").select_related("city", "indicator")[:VALUES_ONE_BY_ONE]
    )
    timed(
        f"before: verify {VALUES_ONE_BY_ONE} one at a time (apply_to_each)",
        lambda: services.apply_to_each(services.verify, one_by_one, user=reviewer),
    )
    IndicatorValue.objects.filter(pk__in=[v.pk for v in one_by_one]).update(status=Status.DRAFT)

    result = timed(
        f"verify {VALUES} (take_step, warnings checked)",
        lambda: services.take_step(
            user=reviewer, values=IndicatorValue.objects.all(), target=Status.VERIFIED
        ),
    )
    assert (len(result.done), result.refused) == (VALUES, []), result.refused[:3]

    client = Client()
    client.force_login(reviewer)
    first = IndicatorValue.objects.order_by("pk").values_list("pk", flat=True).first()
    response = timed(
        f"publish {VALUES} (admin action, select all)",
        lambda: client.post(
            "/admin/indicators/indicatorvalue/",
            {"action": "publish_selected", "select_across": "1", ACTION_CHECKBOX_NAME: [first]},
        ),
    )
    assert response.status_code == 302, response.status_code
    assert IndicatorValue.objects.filter(status=Status.PUBLISHED).count() == VALUES

    timed(
        f"send back {VALUES} (take_step with a reason)",
        lambda: services.take_step(
            user=reviewer, values=IndicatorValue.objects.all(), target=Status.DRAFT, reason="bench"
        ),
    )
    services.take_step(user=reviewer, values=IndicatorValue.objects.all(), target=Status.VERIFIED)

    def publish_with_the_command():
        for city in City.objects.filter(slug__startswith="bench-"):
            call_command("publish_values", "--city", city.slug, "--user", REVIEWER, stdout=io.StringIO())

    timed(f"publish {VALUES} (publish_values, one run per city)", publish_with_the_command)
    assert IndicatorValue.objects.filter(status=Status.PUBLISHED).count() == VALUES
    print(f"history rows: {IndicatorValue.history.count()}")


if __name__ == "__main__":
    if sys.argv[1:] == ["--seed"]:
        django.setup()
        seed()
    else:
        main()
