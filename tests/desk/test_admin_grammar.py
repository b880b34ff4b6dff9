"""Messages the admin composes from model names read as whole Polish sentences: no "Wybierz grupa
porównawcza do zmiany", no "dodany(-na)(-ne)", no masculine-only address."""

import pytest
from django.urls import reverse


@pytest.fixture
def superuser(make_user, catalogue):
    return make_user("root", superuser=True)


def test_the_change_list_title_does_not_inflect_the_model_name_wrongly(client, superuser):
    client.force_login(superuser)
    page = client.get(reverse("admin:comparison_peergroup_changelist")).content.decode()
    assert "Wybierz grupa porównawcza do zmiany" not in page
    assert "Wybierz do zmiany: grupa porównawcza" in page


def test_the_message_after_adding_names_no_alternative_endings(client, superuser):
    client.force_login(superuser)
    response = client.post(
        reverse("admin:indicators_city_add"),
        {"name_pl": "Sopot", "name_en": "Sopot", "name_de": "Sopot", "slug": "sopot", "country": "PL"},
        follow=True,
    )
    shown = " ".join(str(message) for message in response.context["messages"])
    assert "Sopot" in shown
    assert "(-na)" not in shown
    assert "(a)" not in shown


def test_the_login_page_for_a_person_without_access_does_not_assume_a_man(client, make_user, catalogue):
    visitor = make_user("visitor")
    visitor.is_staff = False
    visitor.save()
    client.force_login(visitor)
    page = client.get(reverse("admin:login")).content.decode()
    assert "visitor" in page  # the page says who is logged in
    assert "Czy chciałbyś" not in page
    assert "uwierzytelniony" not in page
