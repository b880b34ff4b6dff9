import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "address",
    ["/indicators/5.1%00/", "/api/cities/%00/", "/api/values/?city=%00", "/search/?q=a%00b"],
)
def test_a_nul_character_in_the_address_is_a_bad_request_not_a_server_error(client, catalogue, address):
    response = client.get(address)
    assert response.status_code == 400


def test_the_bad_request_page_offers_a_way_back_in_the_visitors_language(client, catalogue):
    page = client.get("/en/indicators/5.1%00/").content.decode()
    assert "This address cannot be read" in page
    assert 'href="/en/iso-37120/"' in page


@pytest.mark.parametrize("address", ["/indicators/5.1/", "/en/themes/5/", "/no-such-page/", "/api/themes/"])
def test_a_host_outside_allowed_hosts_is_a_bad_request_not_a_server_error(client, catalogue, address):
    response = client.get(address, HTTP_HOST="attacker.example")
    assert response.status_code == 400


def test_the_bad_request_page_for_a_foreign_host_links_only_within_the_site(client, catalogue):
    page = client.get("/en/indicators/5.1/", HTTP_HOST="attacker.example").content.decode()
    assert "attacker.example" not in page
    assert 'href="/en/iso-37120/"' in page
