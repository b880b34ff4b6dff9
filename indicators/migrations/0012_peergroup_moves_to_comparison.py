from django.db import migrations


class Migration(migrations.Migration):
    """PeerGroup now belongs to the comparison app; its table stays where it is (no database change)."""

    dependencies = [
        ("indicators", "0011_value_gaps"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="PeerGroup")],
            database_operations=[],
        ),
    ]
