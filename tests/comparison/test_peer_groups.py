import pytest
from django.core.exceptions import ValidationError

from indicators.comparison.models import PeerGroup
from indicators.comparison.selectors import member_cities


def slugs(group):
    return set(member_cities(group).values_list("slug", flat=True))


def test_polish_cities_and_all_cities_groups_exist_by_default(gdansk, add_city):
    add_city("rostock", country="DE")
    assert slugs(PeerGroup.objects.get(slug="polish-cities")) == {"gdansk"}
    assert slugs(PeerGroup.objects.get(slug="all-cities")) == {"gdansk", "rostock"}


def test_default_groups_have_names_in_three_languages(catalogue):
    group = PeerGroup.objects.get(slug="polish-cities")
    assert (group.name_pl, group.name_en, group.name_de) == (
        "Miasta polskie",
        "Polish cities",
        "Polnische Städte",
    )


def test_members_chosen_by_hand(gdansk, add_city):
    add_city("sopot")
    group = PeerGroup.objects.create(name="Tricity", slug="tricity")
    group.members.set([gdansk, add_city("gdynia")])
    assert slugs(group) == {"gdansk", "gdynia"}


def test_rule_by_region_ignores_case(gdansk, add_city):
    add_city("gdynia", region="Pomorskie")
    add_city("krakow", region="małopolskie")
    gdansk.region = "pomorskie"
    gdansk.save()
    group = PeerGroup.objects.create(
        name="Pomerania", slug="pomerania", by_rule=True, rule_region="pomorskie"
    )
    assert slugs(group) == {"gdansk", "gdynia"}


def test_rule_by_population_uses_the_latest_published_year(gdansk, add_city, store_figure):
    small, grown, unknown = add_city("small"), add_city("grown"), add_city("unknown")
    store_figure(small, "PPL-01", 2020, "90000")
    store_figure(grown, "PPL-01", 2019, "90000")
    store_figure(grown, "PPL-01", 2021, "150000")
    store_figure(unknown, "PPL-01", 2022, "120000", status="draft")
    group = PeerGroup.objects.create(
        name="Mid", slug="mid", by_rule=True, rule_population_min=100000, rule_population_max=200000
    )
    assert slugs(group) == {"grown"}


def test_rule_and_hand_picked_members_add_up(gdansk, add_city):
    rostock = add_city("rostock", country="DE")
    add_city("wien", country="AT")
    group = PeerGroup.objects.create(
        name="PL and Rostock", slug="pl-rostock", by_rule=True, rule_country="PL"
    )
    group.members.add(rostock)
    assert slugs(group) == {"gdansk", "rostock"}


def test_a_group_without_the_rule_switched_on_has_only_its_chosen_members(gdansk):
    group = PeerGroup.objects.create(name="Empty", slug="empty", rule_country="PL")
    assert slugs(group) == set()


def test_population_bounds_must_be_ordered(catalogue, english):
    group = PeerGroup(name="Bad", slug="bad", rule_population_min=10, rule_population_max=5)
    with pytest.raises(ValidationError, match="upper bound"):
        group.full_clean()


def test_catalogue_admins_keep_peer_groups_in_the_admin(client, catalogue_admin, gdansk):
    client.force_login(catalogue_admin)
    response = client.post(
        "/admin/comparison/peergroup/add/",
        {
            "name_pl": "Porty",
            "name_en": "Ports",
            "name_de": "Häfen",
            "slug": "ports",
            "description_pl": "",
            "members": [gdansk.pk],
            "rule_country": "",
            "rule_region": "",
        },
    )
    assert response.status_code == 302
    assert slugs(PeerGroup.objects.get(slug="ports")) == {"gdansk"}


def test_statisticians_cannot_change_peer_groups(client, statistician):
    client.force_login(statistician)
    assert client.get("/admin/comparison/peergroup/add/").status_code == 403
