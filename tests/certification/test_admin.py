import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from certification.admin import state_condition
from certification.coverage import period_for_certificate
from certification.models import Certificate, Standard
from certification.snapshots import freeze

TODAY = datetime.date(2026, 11, 24)


@pytest.fixture
def certificates(gdansk):
    standard = Standard.objects.get(code="ISO 9001:2015")
    today = timezone.localdate()
    dates = {
        "expired": today - datetime.timedelta(days=300),
        "due": today + datetime.timedelta(days=90),
        "valid": today + datetime.timedelta(days=1000),
    }
    return {
        state: Certificate.objects.create(
            standard=standard, city=gdansk, cycle_number=10 + number, valid_until=end, last_year=end.year
        )
        for number, (state, end) in enumerate(dates.items())
    }


@pytest.mark.parametrize("state", ["expired", "due", "valid"])
def test_the_state_filter_agrees_with_the_certificate_state(certificates, state):
    today = timezone.localdate()
    certificate = certificates[state]
    assert certificate.state(today) == state
    assert Certificate.objects.filter(state_condition(state, today), pk=certificate.pk).exists()
    others = [c.pk for name, c in certificates.items() if name != state]
    assert not Certificate.objects.filter(state_condition(state, today), pk__in=others).exists()


def test_a_certificate_known_by_its_last_year_only_is_due_in_its_final_months(gdansk):
    certificate = Certificate.objects.create(
        standard=Standard.objects.get(code="ISO 9001:2015"), city=gdansk, cycle_number=20, last_year=2026
    )
    assert certificate.state(TODAY) == "due"
    assert Certificate.objects.filter(state_condition("due", TODAY), pk=certificate.pk).exists()


def test_the_admin_list_shows_expired_and_due_certificates(client, make_user, certificates):
    client.force_login(make_user("boss", superuser=True))
    response = client.get(reverse("admin:certification_certificate_changelist"))
    assert response.status_code == 200
    assert str(Certificate.State.EXPIRED.label) in response.text
    assert str(Certificate.State.DUE.label) in response.text


def test_an_auditor_can_view_snapshots_but_not_change_them_in_the_admin(client, auditor, cycle):
    frozen = freeze(period_for_certificate(cycle), user=auditor)
    client.force_login(auditor)
    url = reverse("admin:certification_coveragesnapshot_change", args=[frozen.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {}).status_code == 403
