from pathlib import Path

from django.conf import settings
from django.core import serializers
from django.core.management.base import BaseCommand
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from indicators import data_version
from indicators.models import IndicatorValue

DEMO_FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "demo_gdansk.json"


class Command(BaseCommand):
    help = (
        "Add the demo values for the home city that are not in the database yet. "
        "Values already entered are kept as they are, so running it again never overwrites work."
    )

    def add_arguments(self, parser):
        parser.add_argument("--fixture", type=Path, default=DEMO_FIXTURE)

    @transaction.atomic
    def handle(self, *args, **options):
        existing = set(IndicatorValue.objects.values_list("city_id", "indicator_id", "year"))
        new_values = []
        with options["fixture"].open(encoding="utf-8") as fixture:
            for item in serializers.deserialize("json", fixture, handle_forward_references=False):
                value = item.object
                if (value.city_id, value.indicator_id, value.year) not in existing:
                    new_values.append(value)
        bulk_create_with_history(new_values, IndicatorValue, default_change_reason="demo data")
        data_version.bump_if_public(new_values)
        self.stdout.write(f"Demo data: {len(new_values)} values added, {len(existing)} already present.")
