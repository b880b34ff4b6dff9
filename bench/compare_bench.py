"""Comparison benchmark, run by hand on PostgreSQL: 300 cities × 139 indicators × 20 years (≈834 000 values).

    DATABASE_URL=postgres://postgres@127.0.0.1:5433/compare_bench \
        .venv/bin/python bench/compare_bench.py [--reuse] [--publish-only]

The database named in DATABASE_URL is made ready and seeded by bench/seeded_site.py. Then, uncached, it
times every comparison page (median of several indicators, themes and cities, and their query counts),
the indicator page with its peer context, building the comparison API's answer for one indicator, and
publish_values across cities for 10 000 values. --reuse skips the seeding and times the values already
there; --publish-only times publish_values alone, three times, and gives the best.
"""

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from seeded_site import CITIES, figure, load_average, median_ms, prepare, time_pages

ROUNDS = 15


def several(slugs: list[str], size: int) -> list[str]:
    """Addresses of the several-cities page, each with `size` cities."""
    return [f"/compare/?cities={','.join(slugs[n : n + size])}" for n in range(5)]


def main():
    prepare()
    if "--publish-only" in sys.argv:
        print(load_average())
        times = [publish_across_cities() for _round in range(PUBLISH_ROUNDS)]
        print(f"publish_values, best of {PUBLISH_ROUNDS}: {min(times):.1f} s; {load_average()}")
        return
    from django.test import Client

    from indicators.comparison import api, builders
    from indicators.comparison.models import PeerGroup
    from indicators.models import City, Indicator, Theme

    print(load_average())
    client = Client()
    client.get("/")  # warm up imports and templates
    indicators = list(Indicator.objects.of_edition(2014).performance().filter(value_type="number"))
    themes = list(Theme.objects.filter(edition=2014))
    picks = random.Random(1).sample(indicators, ROUNDS)
    city_slugs = list(City.objects.order_by("slug").values_list("slug", flat=True))
    time_pages(
        client,
        (
            ("indicator comparison page", [f"/indicators/{i.code}/compare/?group=all-cities" for i in picks]),
            ("theme comparison page", [f"/themes/{t.number}/compare/?group=all-cities" for t in themes]),
            ("cities page", ["/cities/", "/cities/?q=bench", "/cities/?page=2"] * 3),
            ("city page", [f"/cities/{slug}/?group=all-cities" for slug in city_slugs[:ROUNDS]]),
            ("peer groups page", ["/peer-groups/"] * 5),
            ("peer group page", ["/peer-groups/all-cities/", "/peer-groups/polish-cities/"] * 3),
            ("several cities page (3)", several(city_slugs, 3)),
            ("several cities page (10)", several(city_slugs, 10)),
            ("method page", ["/comparison/method/"] * 5),
            ("indicator page with its peer context", [f"/indicators/{i.code}/" for i in picks]),
            ("existing theme page", [f"/themes/{t.number}/" for t in themes]),
            ("existing home page", ["/"] * 5),
        ),
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
    publish_across_cities()


PUBLISHED_YEAR = 2025  # a year the seeded values (2003–2022) never use
PUBLISH_ROUNDS = 3


def publish_across_cities(count: int = 10_000) -> float:
    """publish_values without --city: `count` verified values of many cities published in one run; the
    seconds it took."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.management import CommandError, call_command

    from indicators import roles
    from indicators.bulk import insert_values
    from indicators.models import City, Indicator, IndicatorValue

    IndicatorValue.objects.filter(year=PUBLISHED_YEAR).delete()
    indicators = list(Indicator.objects.of_edition(2014).filter(value_type="number"))
    cities = list(City.objects.order_by("slug"))
    pairs = [(city, indicator) for city in cities for indicator in indicators][:count]
    rng = random.Random(2030)
    insert_values(
        [
            IndicatorValue(
                city=city,
                indicator=indicator,
                year=PUBLISHED_YEAR,
                value=figure(indicator, rng),
                source="bench",
                status=IndicatorValue.Status.VERIFIED,
            )
            for city, indicator in pairs
        ]
    )
    reviewer, _created = get_user_model().objects.get_or_create(username="bench-reviewer", is_staff=True)
    reviewer.groups.add(Group.objects.get(name=roles.REVIEWERS))
    started = time.perf_counter()
    try:
        call_command("publish_values", "--year", str(PUBLISHED_YEAR), "--user", reviewer.username)
    except CommandError as refusals:  # some values refused: the count below says how many passed
        print(str(refusals).splitlines()[-1])
    elapsed = time.perf_counter() - started
    published = IndicatorValue.objects.filter(year=PUBLISHED_YEAR, status=IndicatorValue.Status.PUBLISHED)
    print(
        f"publish_values across {len({city.pk for city, _i in pairs})} cities: {published.count()} of "
        f"{len(pairs)} values published in {elapsed:.1f} s"
    )
    return elapsed


if __name__ == "__main__":
    main()
