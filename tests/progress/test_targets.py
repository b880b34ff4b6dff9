"""Targets are data: the values' workflow (four eyes too), history, the data version, import and admin."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from indicators.models import City, CityAccess, DataVersion, Indicator
from indicators.progress import services
from indicators.progress.importing import read_targets
from indicators.progress.models import Status, Target
from indicators.roles import STATISTICIANS

FIELDS = {"value": Decimal("4.5"), "year": 2030, "document": "Gdańsk 2030 Plus"}


@pytest.fixture
def draft(gdansk, indicator, statistician):
    target, _outcome = services.save_target(city=gdansk, indicator=indicator, user=statistician, **FIELDS)
    return target


def test_a_statistician_enters_a_draft_target(draft, statistician):
    assert (draft.status, draft.created_by, draft.edited_by) == (Status.DRAFT, statistician, statistician)


def test_a_statistician_cannot_publish_a_target(draft, statistician):
    with pytest.raises(services.Refusal) as refused:
        services.publish(user=statistician, target=draft)
    assert refused.value.kind == services.Refusal.FORBIDDEN


def test_nobody_publishes_their_own_target(draft, reviewer, english):
    target, _ = services.save_target(
        city=draft.city, indicator=draft.indicator, user=reviewer, value=Decimal("4.2")
    )
    with pytest.raises(services.Refusal, match="another reviewer verifies"):
        services.publish(user=reviewer, target=target)


def test_a_reviewer_publishes_a_colleagues_target(draft, reviewer):
    published = services.publish(user=reviewer, target=draft)
    assert (published.status, published.verified_by, published.published_by) == (
        Status.PUBLISHED,
        reviewer,
        reviewer,
    )


def test_a_correction_of_a_published_target_waits_for_a_second_reviewer(draft, reviewer, make_user):
    published = services.publish(user=reviewer, target=draft)
    corrected, _ = services.save_target(
        city=published.city,
        indicator=published.indicator,
        user=reviewer,
        value=Decimal("4.0"),
        revision_note="The strategy was revised.",
    )
    assert (corrected.value, corrected.pending_value) == (Decimal("4.5"), Decimal("4.0"))


def test_a_stale_version_is_refused(draft, statistician):
    with pytest.raises(services.Refusal) as refused:
        services.save_target(
            city=draft.city, indicator=draft.indicator, user=statistician, value=Decimal(3), version=0
        )
    assert refused.value.kind == services.Refusal.STALE


def test_every_change_is_in_the_history(draft, reviewer):
    services.publish(user=reviewer, target=draft)
    statuses = list(draft.history.order_by("history_date").values_list("status", flat=True))
    assert statuses == ["draft", "published"]


def test_publishing_a_target_moves_the_data_version(draft, reviewer):
    before = DataVersion.objects.current().number
    services.publish(user=reviewer, target=draft)
    assert DataVersion.objects.current().number > before


def test_a_draft_target_leaves_the_data_version(gdansk, indicator, statistician):
    before = DataVersion.objects.current().number
    services.save_target(city=gdansk, indicator=indicator, user=statistician, **FIELDS)
    assert DataVersion.objects.current().number == before


def test_sending_a_published_target_back_moves_the_data_version(draft, reviewer):
    published = services.publish(user=reviewer, target=draft)
    before = DataVersion.objects.current().number
    services.send_back(user=reviewer, target=published, reason="Wrong year.")
    assert DataVersion.objects.current().number > before


def test_an_indicator_without_direction_takes_no_target(gdansk, statistician):
    indicator = Indicator.objects.filter(
        edition=2014, higher_is_better__isnull=True, value_type="number"
    ).first()
    with pytest.raises(ValidationError):
        services.save_target(city=gdansk, indicator=indicator, user=statistician, **FIELDS)


def test_a_base_year_after_the_target_year_is_refused(gdansk, indicator, statistician, english):
    with pytest.raises(ValidationError, match="base year"):
        services.save_target(city=gdansk, indicator=indicator, user=statistician, base_year=2031, **FIELDS)


CSV = "indicator;target;year;document;base year\n5.1;4,5;2030;Gdańsk 2030 Plus;2016\n"


def test_an_imported_file_creates_draft_targets_with_the_registrys_number_reading(catalogue):
    outcome = read_targets(CSV.encode(), "targets.csv")
    target = Target.objects.get(indicator__code="5.1")
    assert (outcome.errors, target.value, target.base_year, target.status) == (
        [],
        Decimal("4.5"),
        2016,
        Status.DRAFT,
    )


def test_an_import_with_one_bad_row_saves_nothing(catalogue, english):
    text = CSV + "99.9;1;2030;X;\n"
    outcome = read_targets(text.encode(), "targets.csv")
    assert (Target.objects.count(), outcome.errors) == (0, ["Row 3: Unknown indicator “99.9”."])


def test_an_ambiguous_figure_is_refused_naming_both_readings(catalogue, english):
    text = 'indicator,target,year,document\n5.1,"1,234",2030,X\n'
    outcome = read_targets(text.encode(), "targets.csv")
    assert ("1234" in outcome.errors[0], "1.234" in outcome.errors[0]) == (True, True)


def test_an_import_without_a_user_cannot_publish(catalogue):
    text = "indicator;target;year;document;status\n5.1;4,5;2030;X;published\n"
    outcome = read_targets(text.encode(), "targets.csv")
    assert (len(outcome.errors), Target.objects.exists()) == (1, False)


def test_the_command_imports_targets(catalogue, tmp_path):
    path = tmp_path / "targets.csv"
    path.write_text(CSV, encoding="utf-8")
    call_command("import_targets", str(path), verbosity=0)
    assert Target.objects.filter(city__slug="gdansk", indicator__code="5.1").exists()


def test_the_command_fails_and_saves_nothing_on_a_bad_row(catalogue, tmp_path):
    path = tmp_path / "targets.csv"
    path.write_text(CSV + "5.1;x;2030;X;\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import_targets", str(path), verbosity=0)
    assert not Target.objects.exists()


def test_the_admin_upload_imports_targets(client, statistician):
    client.force_login(statistician)
    upload = SimpleUploadedFile("targets.csv", CSV.encode(), content_type="text/csv")
    response = client.post(reverse("admin:progress_target_upload"), {"file": upload})
    assert (response.status_code, Target.objects.count()) == (302, 1)


def test_the_admin_saves_a_target_through_the_workflow(client, statistician, gdansk, indicator):
    client.force_login(statistician)
    data = {
        "city": gdansk.pk,
        "indicator": indicator.pk,
        "value": "4,5",
        "year": 2030,
        "document": "Gdańsk 2030 Plus",
        "document_url": "",
        "notes": "",
        "review_note": "",
        "base_year": "",
    }
    response = client.post(reverse("admin:progress_target_add"), data)
    target = Target.objects.get()
    assert (response.status_code, target.value, target.edited_by) == (302, Decimal("4.5"), statistician)


def test_the_admin_shows_a_published_target_read_only_to_a_statistician(
    client, draft, reviewer, statistician
):
    services.publish(user=reviewer, target=draft)
    client.force_login(statistician)
    response = client.get(reverse("admin:progress_target_change", args=[draft.pk]))
    assert (response.status_code, b'name="value"' in response.content) == (200, False)


def test_a_city_limited_statistician_cannot_enter_another_citys_target(make_user, indicator, catalogue):
    other = City.objects.create(name="Gdynia", slug="gdynia", country="PL")
    user = make_user("limited", STATISTICIANS)
    CityAccess.objects.create(user=user).cities.set([other])
    with pytest.raises(services.Refusal) as refused:
        services.save_target(city=City.objects.home(), indicator=indicator, user=user, **FIELDS)
    assert refused.value.kind == services.Refusal.FORBIDDEN
