"""Progress benchmark, run by hand on PostgreSQL: 300 cities × 139 indicators × 20 years (≈834 000 values),
every indicator of the home city with a published target.

    DATABASE_URL=postgres://postgres@127.0.0.1:5433/progress_bench \
        .venv/bin/python bench/progress_bench.py [--reuse]

Seeds with bench/seeded_site.py (the cities and values of the database are replaced), publishes a
target for every directed indicator of the home city, then times, uncached, the progress page (home
city, other cities, a theme, sorted), its CSV and XLSX, the API, the indicator, theme and home pages
that show the status, and building the open data's progress file (every city), with their query counts.
"""

import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from seeded_site import CITIES, load_average, median_ms, prepare, time_pages, timed

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


def main():
    prepare()
    from django.conf import settings
    from django.test import Client

    from indicators.models import City, Theme
    from indicators.progress import tables

    print(f"published {publish_targets()} targets of the home city")
    print(load_average())
    client = Client()
    client.get("/progress/")  # warm up imports and templates
    others = random.Random(1).sample(list(City.objects.exclude(slug=settings.HOME_CITY_SLUG)), ROUNDS)
    themes = list(Theme.objects.filter(edition=2014))
    time_pages(
        client,
        (
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
        ),
    )
    builds = [timed(tables.csv_of_every_city) for _ in range(3)]
    print(
        f"open data progress file ({CITIES} cities): median {median_ms([b[0] for b in builds])} "
        f"(Python CPU {median_ms([b[1] for b in builds])}), queries {max(b[2] for b in builds)}"
    )


if __name__ == "__main__":
    main()
