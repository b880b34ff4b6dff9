"""A round for the demo city: three owners, one of them with a ratio's numerator, another with its
denominator; letters in Polish, English and German."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from indicators.collection import services
from indicators.collection.links import link_token
from indicators.collection.models import Assignment, DataOwner, OwnerContact, RoundRequest
from indicators.models import Indicator
from indicators.services import save_value

YEAR = 2023  # the demo data publishes up to 2022: last year's figures exist


def indicator(code):
    return Indicator.objects.get(edition=Indicator._meta.get_field("edition").default, code=code)


@pytest.fixture
def owners(gdansk):
    water = DataOwner.objects.create(
        name_pl="Gdańskie Wody", name_en="Gdańsk Water", kind=DataOwner.Kind.MUNICIPAL_COMPANY, language="pl"
    )
    police = DataOwner.objects.create(
        name_pl="Komenda Miejska Policji",
        name_en="City Police",
        kind=DataOwner.Kind.STATE_BODY,
        language="en",
    )
    registry = DataOwner.objects.create(
        name_pl="Wydział Spraw Obywatelskich",
        name_de="Bürgeramt",
        kind=DataOwner.Kind.CITY_DEPARTMENT,
        language="de",
    )
    OwnerContact.objects.create(owner=water, name="Anna Nowak", email="anna@wody.example")
    OwnerContact.objects.create(owner=police, name="Jan Kowalski", email="jan@policja.example", phone="+48 1")
    OwnerContact.objects.create(owner=registry, name="Ewa Lis", email="ewa@gdansk.example")
    Assignment.objects.create(city=gdansk, indicator=indicator("20.1"), owner=water, note="Rejestr przyłączy")
    Assignment.objects.create(city=gdansk, indicator=indicator("8.1"), owner=water)
    Assignment.objects.create(
        city=gdansk,
        indicator=indicator("14.1"),
        numerator_owner=police,
        denominator_owner=registry,
        note="Etaty na 31 grudnia",
    )
    Assignment.objects.create(city=gdansk, indicator=indicator("PPL-01"), owner=registry)
    return {"water": water, "police": police, "registry": registry}


@pytest.fixture
def collection_round(owners, gdansk):
    save_value(
        city=gdansk,
        indicator=indicator("20.1"),
        year=YEAR - 1,
        value=Decimal("97.94"),
        source="Sprawozdanie spółki 2022",
        status="published",
    )
    return services.open_round(
        city=gdansk, year=YEAR, due_date=timezone.localdate() + timedelta(days=30), user=None
    )


@pytest.fixture
def request_of(collection_round):
    def find(owner):
        return RoundRequest.objects.get(round=collection_round, owner=owner)

    return find


@pytest.fixture
def answer_url(request_of):
    def url(owner, language="pl"):
        prefix = "" if language == "pl" else f"/{language}"
        return f"{prefix}/answer/{link_token(request_of(owner))}/"

    return url
