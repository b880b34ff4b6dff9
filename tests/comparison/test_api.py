import csv
import io

import pytest

from indicators.comparison.models import PeerGroup


@pytest.fixture
def peers(gdansk, add_city, store_figure):
    store_figure(gdansk, "5.1", 2020, "3.00", source="GUS")
    store_figure(add_city("gdynia", name="Gdynia"), "5.1", 2020, "2.00")
    store_figure(add_city("sopot", name="Sopot"), "5.1", 2021, "4.50")
    store_figure(add_city("rostock", country="DE", name="Rostock"), "5.1", 2020, "-1.5", status="draft")


def test_comparison_answers_the_same_figures_as_the_page(client, peers):
    data = client.get("/api/comparison/?indicator=5.1&group=all-cities&year=2020").json()
    assert data["summary"] == {
        "n": 3,
        "minimum": "2",
        "q1": "2.5",
        "median": "3",
        "q3": "3.75",
        "maximum": "4.5",
    }
    assert data["home_rank"] == {"rank": 2, "of": 3}
    assert [(c["city"], c["rank"], c["year"], c["other_year"]) for c in data["cities"]] == [
        ("gdynia", 1, 2020, False),
        ("gdansk", 2, 2020, False),
        ("sopot", 3, 2021, True),
    ]
    assert data["higher_is_better"] is False


def test_comparison_as_csv_has_a_row_per_city(client, peers):
    response = client.get("/api/comparison/?indicator=5.1&group=all-cities&year=2020&format=csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert response["Content-Type"].startswith("text/csv")
    assert [(row["city"], row["value"], row["home"]) for row in rows] == [
        ("gdynia", "2", "false"),
        ("gdansk", "3", "true"),
        ("sopot", "4.5", "false"),
    ]


def test_comparison_needs_an_indicator(client, catalogue):
    response = client.get("/api/comparison/?lang=en")
    assert response.status_code == 400
    assert "indicator" in response.json()


def test_comparison_refuses_a_year_that_is_not_a_year(client, catalogue):
    assert client.get("/api/comparison/?indicator=5.1&year=20x0").status_code == 400


@pytest.mark.parametrize("query", ["indicator=99.9", "indicator=5.1&group=nope"])
def test_comparison_of_an_unknown_indicator_or_group_is_not_found(client, catalogue, query):
    assert client.get(f"/api/comparison/?{query}").status_code == 404


def test_peer_groups_list_their_members_in_the_asked_language(client, peers):
    group = PeerGroup.objects.create(name="Trójmiasto", name_en="Tricity", slug="tricity")
    group.members.set(group.members.model.objects.filter(slug__in=["gdansk", "gdynia"]))
    groups = {g["slug"]: g for g in client.get("/api/peer-groups/?lang=en").json()}
    assert groups["tricity"]["name"] == "Tricity"
    assert groups["tricity"]["cities"] == ["gdansk", "gdynia"]
    assert groups["polish-cities"]["cities"] == ["gdansk", "gdynia", "sopot"]
    assert groups["all-cities"]["name"] == "All cities"


def test_a_year_written_with_other_digits_is_refused(client, catalogue):
    assert client.get("/api/comparison/?indicator=5.1&year=²²²²").status_code == 400
