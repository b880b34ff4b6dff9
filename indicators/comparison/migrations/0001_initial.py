from django.db import migrations, models


def move_content_type(apps, schema_editor):
    """The peer groups' permissions (and the admin log) follow the model to its new app."""
    content_types = apps.get_model("contenttypes", "ContentType").objects
    if not content_types.filter(app_label="comparison", model="peergroup").exists():
        content_types.filter(app_label="indicators", model="peergroup").update(app_label="comparison")


def move_content_type_back(apps, schema_editor):
    content_types = apps.get_model("contenttypes", "ContentType").objects
    if not content_types.filter(app_label="indicators", model="peergroup").exists():
        content_types.filter(app_label="comparison", model="peergroup").update(app_label="indicators")


class Migration(migrations.Migration):
    """PeerGroup, moved from the indicators app: the same table (indicators_peergroup), so no database change."""

    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("indicators", "0012_peergroup_moves_to_comparison"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='PeerGroup',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=200, verbose_name='name')),
                        ('name_pl', models.CharField(max_length=200, null=True, verbose_name='name')),
                        ('name_en', models.CharField(max_length=200, null=True, verbose_name='name')),
                        ('name_de', models.CharField(max_length=200, null=True, verbose_name='name')),
                        ('slug', models.SlugField(max_length=100, unique=True, verbose_name='slug')),
                        ('description', models.TextField(blank=True, verbose_name='description')),
                        ('description_pl', models.TextField(blank=True, null=True, verbose_name='description')),
                        ('description_en', models.TextField(blank=True, null=True, verbose_name='description')),
                        ('description_de', models.TextField(blank=True, null=True, verbose_name='description')),
                        ('by_rule', models.BooleanField(default=False, help_text='Every city that matches all the criteria filled in below; with none filled, every city.', verbose_name='add the cities matching the rule')),
                        ('rule_country', models.CharField(blank=True, help_text='ISO 3166-1 alpha-2 code, e.g. PL.', max_length=2, verbose_name='country')),
                        ('rule_region', models.CharField(blank=True, max_length=200, verbose_name='region')),
                        ('rule_population_min', models.PositiveIntegerField(blank=True, null=True, verbose_name='population from')),
                        ('rule_population_max', models.PositiveIntegerField(blank=True, null=True, verbose_name='population up to')),
                        ('members', models.ManyToManyField(blank=True, related_name='peer_groups', to='indicators.city', verbose_name='members chosen by hand')),
                    ],
                    options={
                        'verbose_name': 'peer group',
                        'verbose_name_plural': 'peer groups',
                        'db_table': 'indicators_peergroup',
                        'ordering': ['name'],
                        'constraints': [models.CheckConstraint(condition=models.Q(('rule_country', ''), ('rule_country__regex', '^[A-Z]{2}$'), _connector='OR'), name='peergroup_country_iso_alpha2'), models.CheckConstraint(condition=models.Q(('rule_population_min__isnull', True), ('rule_population_max__isnull', True), ('rule_population_min__lte', models.F('rule_population_max')), _connector='OR'), name='peergroup_population_bounds_ordered')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_type, move_content_type_back),
    ]
