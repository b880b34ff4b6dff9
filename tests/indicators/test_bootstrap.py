from decimal import Decimal

from django.core.management import call_command

from indicators.models import City, Indicator, IndicatorValue


def test_bootstrap_with_demo_loads_demo_values_marked_as_demo(catalogue):
    call_command("bootstrap_registry", "--demo", verbosity=0)
    values = IndicatorValue.objects.all()
    assert values.count() > 500
    assert all("DEMO" in source for source in values.values_list("source", flat=True))


def test_demo_data_covers_all_core_and_48_supporting_indicators(catalogue):
    call_command("bootstrap_registry", "--demo", verbosity=0)
    reported = Indicator.objects.filter(values__isnull=False, values__gap="").distinct()
    assert reported.filter(kind="core").count() == 46
    assert reported.filter(kind="supporting").count() == 48


def test_demo_data_gives_the_reason_of_each_indicator_without_a_figure_in_2021(catalogue):
    call_command("bootstrap_registry", "--demo", verbosity=0)
    gaps = IndicatorValue.objects.filter(year=2021).exclude(gap="")
    assert sorted(gaps.values_list("indicator__code", "gap")) == [
        ("11.4", "not_available"),
        ("12.6", "not_available"),
        ("15.3", "not_applicable"),
        ("19.3", "not_applicable"),
        ("5.7", "not_available"),
        ("8.8", "not_available"),
    ]
    assert all("(DEMO)" in reason for reason in gaps.values_list("gap_reason", flat=True))


def test_running_bootstrap_again_keeps_entered_data_and_adds_no_rows(catalogue):
    call_command("bootstrap_registry", "--demo", verbosity=0)
    edited = IndicatorValue.objects.filter(indicator__code="5.1").first()
    edited.value = Decimal("3.3")
    edited.save()
    counts = (IndicatorValue.objects.count(), Indicator.objects.count(), City.objects.count())

    call_command("bootstrap_registry", "--demo", verbosity=0)

    assert (IndicatorValue.objects.count(), Indicator.objects.count(), City.objects.count()) == counts
    edited.refresh_from_db()
    assert edited.value == Decimal("3.3")
