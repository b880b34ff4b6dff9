from django.db import migrations, models

from indicators.data_version import bump_in_migration

UNCONFIRMED_SOURCE = "Commonly quoted WCCD thresholds"
SOURCE = (
    'smartcity-expert.eu, "Poziomy certyfikacji ISO 37120" (WCCD levels for ISO 37120:2014): '
    "Aspirational 30-45 core; Bronze all 46 core + 0-13 supporting (46-59 in all); "
    "Silver 46 core + 14-29 supporting (60-75); Gold 46 core + 30-44 supporting (76-90); "
    "Platinum 46 core + 45-54 supporting (91-100)."
)
PUBLISHED_2014 = {  # code: (core, supporting, total)
    "aspirational": (30, 0, 30),
    "bronze": (46, 0, 46),
    "silver": (46, 14, 60),
    "gold": (46, 30, 76),
    "platinum": (46, 45, 91),
}


def confirm_published_levels(apps, schema_editor):
    """Replace the unconfirmed 2014 thresholds loaded earlier by the published ones; edited rows stay.
    The levels are public, so a change moves the data version like any save of a level does."""
    Level = apps.get_model("certification", "Level")
    changed = 0
    for code, (core, supporting, total) in PUBLISHED_2014.items():
        changed += Level.objects.filter(
            edition=2014, code=code, confirmed=False, source__startswith=UNCONFIRMED_SOURCE
        ).update(min_core=core, min_supporting=supporting, min_total=total, confirmed=True, source=SOURCE)
    if changed:
        bump_in_migration(apps)


class Migration(migrations.Migration):

    dependencies = [
        ("certification", "0002_levels_snapshots"),
        ("indicators", "0004_data_version"),
    ]

    operations = [
        migrations.AddField(
            model_name="level",
            name="min_supporting",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="supporting indicators needed"),
        ),
        migrations.RunPython(confirm_published_levels, migrations.RunPython.noop),
    ]
