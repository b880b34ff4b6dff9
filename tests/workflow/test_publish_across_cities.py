"""Publishing across cities: publish_values without --city, its filters, and refusals that name the city,
the indicator and the year (in the command and in the admin's bulk publish)."""

from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.management import CommandError, call_command
from django.urls import reverse

from indicators import roles
from indicators.comparison.models import PeerGroup
from indicators.models import City, IndicatorValue
from indicators.services import save_value

from . import test_bulk_steps
from .test_bulk_steps import make_values, statuses

percentages = test_bulk_steps.percentages

pytestmark = pytest.mark.usefixtures("english")

Status = IndicatorValue.Status
CHANGELIST = "admin:indicators_indicatorvalue_changelist"


@pytest.fixture
def cities(gdansk, percentages):
    gdynia = City.objects.create(name="Gdynia", slug="gdynia", country="PL")
    toronto = City.objects.create(name="Toronto", slug="toronto", country="CA")
    return {
        city.slug: make_values(city, percentages[:3], [2018, 2019], status=Status.VERIFIED)
        for city in (gdansk, gdynia, toronto)
    }


def publish_command(*args):
    out = StringIO()
    call_command("publish_values", *args, stdout=out, stderr=out)
    return out.getvalue()


def test_publish_values_without_a_city_publishes_every_city(cities, reviewer):
    output = publish_command("--user", reviewer.username)
    assert statuses([value for values in cities.values() for value in values]) == {Status.PUBLISHED}
    assert "18 values published." in output


def test_publish_values_takes_several_cities(cities, reviewer):
    publish_command("--city", "gdansk", "--city", "toronto", "--user", reviewer.username)
    assert statuses(cities["gdansk"] + cities["toronto"]) == {Status.PUBLISHED}
    assert statuses(cities["gdynia"]) == {Status.VERIFIED}


def test_publish_values_takes_the_cities_of_a_peer_group(cities, reviewer):
    publish_command("--group", "polish-cities", "--user", reviewer.username)
    assert statuses(cities["gdansk"] + cities["gdynia"]) == {Status.PUBLISHED}
    assert statuses(cities["toronto"]) == {Status.VERIFIED}


def test_publish_values_takes_one_indicator_and_year_across_cities(cities, reviewer, percentages):
    code = percentages[0].code
    publish_command("--indicator", code, "--year", "2019", "--user", reviewer.username)
    chosen = [
        v
        for values in cities.values()
        for v in values
        if v.indicator_id == percentages[0].pk and v.year == 2019
    ]
    others = [v for values in cities.values() for v in values if v not in chosen]
    assert len(chosen) == 3
    assert statuses(chosen) == {Status.PUBLISHED}
    assert statuses(others) == {Status.VERIFIED}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--group", "nowhere"], "Unknown peer group “nowhere”."),
        (["--indicator", "99.9"], "Unknown indicator “99.9”."),
        (["--city", "gdansk", "--city", "atlantis"], "Unknown city “atlantis”."),
    ],
)
def test_publish_values_refuses_an_unknown_filter(cities, reviewer, args, message):
    with pytest.raises(CommandError, match=message):
        publish_command(*args, "--user", reviewer.username)
    assert PeerGroup.objects.exists()


def test_every_refusal_of_publish_values_names_city_indicator_and_year(cities, statistician, percentages):
    with pytest.raises(CommandError) as error:
        publish_command("--user", statistician.username)
    lines = [line for line in str(error.value).splitlines() if "only reviewers can publish" in line]
    assert len(lines) == 18
    assert any(line.startswith(f"Toronto, {percentages[0].code} 2018:") for line in lines)
    assert all(line.split(",")[0] in {"Gdańsk", "Gdynia", "Toronto"} for line in lines)


def test_every_refusal_of_the_admins_bulk_publish_names_city_indicator_and_year(
    client, cities, make_user, percentages
):
    chief = make_user("chief", roles.STATISTICIANS, roles.REVIEWERS)
    toronto = City.objects.get(slug="toronto")
    draft, _created = save_value(
        user=chief, city=toronto, indicator=percentages[3], year=2020, value=Decimal(7)
    )
    client.force_login(chief)
    response = client.post(
        reverse(CHANGELIST),
        {"action": "publish_selected", ACTION_CHECKBOX_NAME: [draft.pk, cities["gdynia"][0].pk]},
        follow=True,
    )
    refusals = [str(message) for message in response.context["messages"] if message.level_tag == "error"]
    assert len(refusals) == 1
    assert refusals[0].startswith(f"Toronto, {percentages[3].code} 2020: ")
    assert statuses([draft]) == {Status.DRAFT}
    assert statuses(cities["gdynia"][:1]) == {Status.PUBLISHED}
