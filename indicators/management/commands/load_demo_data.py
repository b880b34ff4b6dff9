import json
from pathlib import Path

from django.conf import settings
from django.core import serializers
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from indicators import bulk, data_version
from indicators.models import City, Indicator, IndicatorValue

HOME_DEMO = Path(settings.BASE_DIR) / "fixtures" / "demo_gdansk.json"
# neighbour cities named "(DEMO)" with illustrative figures, so that comparisons have peers
NEIGHBOURS_DEMO = Path(settings.BASE_DIR) / "fixtures" / "demo_neighbours.json"
DEMO_FIXTURES = [HOME_DEMO, NEIGHBOURS_DEMO]


class Command(BaseCommand):
    help = (
        "Add the demo values (the home city's and its demo neighbours') that are not in the database yet. "
        "Values, cities and peer groups already there are kept as they are, so running it again never "
        "overwrites work."
    )

    def add_arguments(self, parser):
        parser.add_argument("--fixture", type=Path, action="append", dest="fixtures")

    @transaction.atomic
    def handle(self, *args, **options):
        existing = set(IndicatorValue.objects.values_list("city_id", "indicator_id", "year"))
        known = {}  # model → slugs already stored (cities, and the comparison's peer groups)
        new_values = []
        for path in options["fixtures"] or DEMO_FIXTURES:
            items = json.loads(path.read_text(encoding="utf-8"))
            values = [item for item in items if item["model"] == "indicators.indicatorvalue"]
            others = json.dumps([item for item in items if item["model"] != "indicators.indicatorvalue"])
            # cities and groups one by one: a city saved here is found by the group and values after it
            for item in serializers.deserialize("json", others, handle_forward_references=False):
                obj = item.object
                model = type(obj)
                if model not in known:
                    known[model] = set(model._default_manager.values_list("slug", flat=True))
                if obj.slug not in known[model]:
                    item.save()
                    known[model].add(obj.slug)
            new_values += [
                value
                for value in values_of(values)
                if (value.city_id, value.indicator_id, value.year) not in existing
            ]
        bulk.insert_values(new_values)  # the import's writers: COPY, and history copied by the database
        bulk.copy_into_history(new_values, "+", user=None, change_reason="demo data", when=timezone.now())
        data_version.bump_if_public(new_values)
        self.stdout.write(f"Demo data: {len(new_values)} values added, {len(existing)} already present.")


def values_of(items: list[dict]) -> list[IndicatorValue]:
    """Values from fixture items, their natural keys resolved in memory: the serializer would look up
    each value's city, indicator and the value itself, a few queries per value."""
    city_ids = dict(City.objects.values_list("slug", "pk"))
    indicator_ids = {
        (edition, code): pk for pk, edition, code in Indicator.objects.values_list("pk", "edition", "code")
    }
    meta = IndicatorValue._meta
    values = []
    for item in items:
        fields = dict(item["fields"])
        city, indicator = fields.pop("city"), fields.pop("indicator")
        values.append(
            IndicatorValue(
                city_id=city_ids[city[0]],
                indicator_id=indicator_ids[tuple(indicator)],
                **{name: meta.get_field(name).to_python(raw) for name, raw in fields.items()},
            )
        )
    return values
