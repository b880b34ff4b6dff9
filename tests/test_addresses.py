"""Every address people, programs and the back office use keeps answering, whichever app serves it.

The list is written out, not read from the URL configuration: moving a view to another app must not
move its address. An address that moved answers with a redirect to its new place.
"""

import pytest
from django.contrib import admin
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse

from certification.coverage import period_for_certificate
from certification.models import Certificate, Standard
from certification.snapshots import freeze

PUBLIC = [
    "/",
    "/en/",
    "/de/",
    "/themes/5/",
    "/indicators/5.1/",
    "/indicators/5.1/data.csv",
    "/indicators/5.1/data.xlsx",
    "/embed/indicators/5.1/",
    "/iso-37120/",
    "/iso-37120/?year=2021&kind=core",
    "/iso-37120/data.csv",
    "/iso-37120/data.xlsx",
    "/search/?q=bezrobocie",
    "/downloads/",
    "/downloads/iso37120-values.csv",
    "/downloads/iso37120-values.xlsx",
    "/downloads/iso37120-by-theme.zip",
    "/downloads/datapackage.json",
    "/indicators/5.1/compare/",
    "/themes/5/compare/",
    "/compare/?city=gdansk&other=demo-gdynia",
    "/compare/gdansk/demo-gdynia/",
    "/cities/demo-gdynia/indicators/5.1/",
    "/robots.txt",
    "/sitemap.xml",
]

AUDITORS = [
    "/auditors/",
    "/auditors/report/?year=2021",
    "/auditors/report/download/?year=2021&format=csv",
    "/auditors/report/download/?year=2021&format=xlsx",
    "/en/auditors/",
]

API = [
    "/api/",
    "/api/themes/",
    "/api/themes/5/",
    "/api/indicators/",
    "/api/indicators/5.1/",
    "/api/cities/",
    "/api/cities/gdansk/",
    "/api/values/",
    "/api/values/?city=gdansk&indicator=5.1",
    "/api/certificates/",
    "/api/coverage/?year=2021",
    "/api/comparison/?indicator=5.1",
    "/api/peer-groups/",
    "/api/schema/",
    "/api/docs/",
]

ADMIN = [
    "/admin/",
    "/en/admin/",
    "/admin/auth/group/",
    "/admin/auth/user/",
    "/admin/auth/user/add/",
    "/admin/indicators/city/",
    "/admin/indicators/city/add/",
    "/admin/indicators/theme/",
    "/admin/indicators/indicator/",
    "/admin/indicators/indicatorvalue/",
    "/admin/indicators/indicatorvalue/add/",
    "/admin/indicators/indicatorvalue/year-entry/",
    "/admin/indicators/indicatorvalue/quality/",
    "/admin/indicators/indicatorvalue/history.csv",
    "/admin/indicators/indicatorvalue/history.xlsx",
    "/admin/indicators/importbatch/",
    "/admin/indicators/importbatch/upload/",
    "/admin/indicators/importbatch/export/",
    "/admin/indicators/peergroup/",
    "/admin/indicators/peergroup/add/",
    "/admin/comparison/peergroup/",
    "/admin/comparison/peergroup/add/",
    "/admin/certification/standard/",
    "/admin/certification/certificationbody/",
    "/admin/certification/certificate/",
    "/admin/certification/audit/",
    "/admin/certification/level/",
    "/admin/certification/coveragesnapshot/",
    "/admin/collection/dataowner/",
    "/admin/collection/assignment/",
    "/admin/collection/roundrequest/",
    "/admin/collection/collectionround/",
    "/admin/progress/target/",
]


@pytest.fixture
def registry(catalogue, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    call_command("load_demo_data", verbosity=0)
    yield
    cache.clear()


@pytest.fixture
def root(make_user):
    return make_user("root", superuser=True)


@pytest.fixture
def office(client, root):
    client.force_login(root)
    return client


def not_answering(client, addresses: list[str]) -> list[tuple[str, int]]:
    """The addresses that do not end in a page (after any redirect), with the status they gave.
    One test per audience, not one per address: the demo data takes seconds to load."""
    statuses = [(address, client.get(address, follow=True).status_code) for address in addresses]
    return [(address, status) for address, status in statuses if status != 200]


def test_public_and_api_addresses_answer_anyone(client, registry):
    assert not_answering(client, PUBLIC + API) == []


def test_back_office_addresses_answer_a_superuser(office, registry):
    assert not_answering(office, AUDITORS + ADMIN) == []


def test_snapshot_addresses_answer_a_superuser(office, root, registry, gdansk):
    certificate = Certificate.objects.create(
        standard=Standard.objects.get(code="ISO 37120:2014"),
        city=gdansk,
        cycle_number=9,
        first_year=2019,
        last_year=2021,
    )
    snapshot = freeze(period_for_certificate(certificate), user=root)
    addresses = [f"/auditors/snapshots/{snapshot.uuid}/", f"/auditors/snapshots/{snapshot.uuid}/report.csv"]
    assert not_answering(office, addresses) == []


def test_every_admin_list_is_listed():
    """A model admin added later is added to ADMIN too, so its address is kept from then on."""
    lists = {
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        for model in admin.site._registry
    }
    assert lists - set(ADMIN) <= {
        "/admin/axes/accessattempt/",
        "/admin/axes/accessfailurelog/",
        "/admin/axes/accesslog/",
        "/admin/authtoken/tokenproxy/",
        "/admin/simple_history/",
    }
