import importlib

from django.db import connection
from django.db.migrations.loader import MigrationLoader

from indicators.models import DataVersion

CONFIRMING_LEVELS = ("certification", "0003_level_min_supporting")


def test_confirming_the_published_levels_in_a_migration_bumps_the_data_version(db):
    migration = importlib.import_module(f"{CONFIRMING_LEVELS[0]}.migrations.{CONFIRMING_LEVELS[1]}")
    historical = MigrationLoader(connection).project_state(CONFIRMING_LEVELS).apps
    historical.get_model("certification", "Level").objects.filter(edition=2014, code="gold").update(
        min_total=90, confirmed=False, source=f"{migration.UNCONFIRMED_SOURCE} (an earlier fixture)"
    )
    before = DataVersion.objects.current().number

    migration.confirm_published_levels(historical, None)

    assert DataVersion.objects.current().number == before + 1
