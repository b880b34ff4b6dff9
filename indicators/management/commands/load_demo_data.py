from pathlib import Path

from django.conf import settings
from django.core import serializers
from django.core.management.base import BaseCommand
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from indicators import data_version
from indicators.models import City, IndicatorValue, PeerGroup

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
        known_cities = set(City.objects.values_list("slug", flat=True))
        known_groups = set(PeerGroup.objects.values_list("slug", flat=True))
        new_values = []
        for path in options["fixtures"] or DEMO_FIXTURES:
            with path.open(encoding="utf-8") as fixture:
                # objects are built one by one: a city saved here is found by the values after it
                for item in serializers.deserialize("json", fixture, handle_forward_references=False):
                    obj = item.object
                    if isinstance(obj, City):
                        if obj.slug not in known_cities:
                            item.save()
                            known_cities.add(obj.slug)
                    elif isinstance(obj, PeerGroup):
                        if obj.slug not in known_groups:
                            item.save()
                            known_groups.add(obj.slug)
                    elif (obj.city_id, obj.indicator_id, obj.year) not in existing:
                        new_values.append(obj)
        bulk_create_with_history(new_values, IndicatorValue, default_change_reason="demo data")
        data_version.bump_if_public(new_values)
        self.stdout.write(f"Demo data: {len(new_values)} values added, {len(existing)} already present.")
