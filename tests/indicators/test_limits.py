"""Hard limits refuse a figure that cannot be true; soft limits only warn about one that is unusual."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import translation

from indicators import services
from indicators.models import Indicator, IndicatorValue
from indicators.quality import blocking_problems, value_warnings
from indicators.services import save_value

pytestmark = pytest.mark.usefixtures("english")


def unsaved(code, city, figure, year=2019):
    return IndicatorValue(
        indicator=Indicator.objects.get(edition=2014, code=code), city=city, year=year, value=Decimal(figure)
    )


@pytest.mark.parametrize(
    ("code", "figure"),
    [
        ("6.6", "133"),  # gross enrolment of a regional school centre
        ("6.3", "157"),  # Lisbon's secondary completion
        ("21.1", "107.6"),  # a water utility that also serves the suburbs
    ],
)
def test_a_real_figure_above_100_percent_is_taken(gdansk, code, figure):
    assert blocking_problems(unsaved(code, gdansk, figure)) == []


@pytest.mark.parametrize(("code", "figure"), [("6.6", "133"), ("6.3", "157"), ("21.1", "107.6")])
def test_a_figure_beyond_a_soft_limit_warns(gdansk, code, figure):
    warnings = value_warnings(unsaved(code, gdansk, figure))
    assert any("usual" in warning and "100" in warning for warning in warnings)


def test_a_figure_within_the_soft_limits_does_not_warn(gdansk):
    assert value_warnings(unsaved("6.6", gdansk, "96.5")) == []


def test_a_figure_below_a_soft_lower_limit_warns(gdansk):
    temperature = Indicator.objects.get(code="GEO-05")
    value = IndicatorValue(indicator=temperature, city=gdansk, year=2019, value=Decimal("-40"))
    assert any("usual lowest" in warning for warning in value_warnings(value))


@pytest.mark.parametrize(
    ("code", "figure"),
    [
        ("19.3", "100.5"),  # a share of the city's area
        ("GEO-04", "101"),  # a share of the city's area
        ("PPL-01", "-1"),  # a count
        ("PPL-09", "-100.5"),  # a city cannot lose more than all its people
    ],
)
def test_a_figure_beyond_a_hard_limit_is_refused(gdansk, code, figure):
    assert blocking_problems(unsaved(code, gdansk, figure))


def test_the_refusal_names_the_hard_limit_as_impossible(gdansk):
    [message] = blocking_problems(unsaved("19.3", gdansk, "100.5"))
    assert "highest possible value 100" in message


def test_a_value_beyond_a_soft_limit_is_verified_only_with_a_note(gdansk, statistician, reviewer):
    enrolment = Indicator.objects.get(code="6.6")
    value, _ = save_value(user=statistician, city=gdansk, indicator=enrolment, year=2019, value=Decimal(133))
    with pytest.raises(ValidationError, match="explain them in a note"):
        services.verify(user=reviewer, value=value)
    verified = services.verify(user=reviewer, value=value, note="Pupils from the whole county attend")
    assert verified.status == IndicatorValue.Status.VERIFIED


def test_every_percentage_of_a_whole_has_100_as_a_hard_or_soft_upper_limit(catalogue):
    shares = Indicator.objects.filter(unit="%", scale=100).exclude(code__in=GROWTH_RATES)
    assert shares.count() >= 40  # the filter finds the shares (guards against a vacuous pass)
    for indicator in shares:
        assert Decimal(100) in (indicator.max_value, indicator.soft_max_value), indicator.code


GROWTH_RATES = ["8.8", "9.1", "PPL-09", "ECO-11"]  # percentages of a change or of another quantity


def test_no_limit_is_both_hard_and_soft(catalogue):
    assert not Indicator.objects.filter(soft_max_value=F("max_value")).exists()
    assert not Indicator.objects.filter(soft_min_value=F("min_value")).exists()


@pytest.mark.parametrize(
    ("field", "figure"),
    [("soft_max_value", "120"), ("soft_min_value", "-1")],
)
def test_database_refuses_soft_limits_outside_the_hard_ones(catalogue, field, figure):
    unemployment = Indicator.objects.get(code="5.1")  # 0 … 100, both impossible to pass
    setattr(unemployment, field, Decimal(figure))
    with pytest.raises(IntegrityError), transaction.atomic():
        unemployment.save()


def test_database_refuses_a_soft_minimum_above_the_soft_maximum(catalogue):
    temperature = Indicator.objects.get(code="GEO-05")
    temperature.soft_min_value, temperature.soft_max_value = Decimal(20), Decimal(10)
    with pytest.raises(IntegrityError), transaction.atomic():
        temperature.save()


def test_range_label_says_which_limits_are_soft(catalogue):
    assert Indicator.objects.get(code="6.6").range_label == "0 … ∞ (usually up to 100)"
    assert Indicator.objects.get(code="19.3").range_label == "0 … 100"


def test_catalogue_admin_shows_and_edits_the_soft_limits(client, catalogue_admin, catalogue):
    enrolment = Indicator.objects.get(code="6.6")
    client.force_login(catalogue_admin)
    page = client.get(f"/admin/indicators/indicator/{enrolment.pk}/change/").content.decode()
    assert 'name="soft_max_value"' in page
    assert 'name="soft_min_value"' in page


def test_catalogue_admin_list_shows_the_limits(client, catalogue_admin, catalogue):
    client.force_login(catalogue_admin)
    page = client.get(reverse("admin:indicators_indicator_changelist") + "?q=6.6").content.decode()
    assert "(usually up to 100)" in page


def test_api_gives_the_hard_and_the_soft_limits(client, catalogue):
    body = client.get("/api/indicators/6.6/").json()
    assert (body["min_value"], body["max_value"], body["soft_max_value"]) == ("0", None, "100")


def test_a_soft_limit_is_named_in_the_decimal_sign_of_the_readers_language(gdansk):
    indicator = Indicator.objects.get(edition=2014, code="6.6")
    Indicator.objects.filter(pk=indicator.pk).update(soft_max_value=Decimal("100.5"))
    with translation.override("pl"):
        [warning] = value_warnings(unsaved("6.6", gdansk, "133.5"))
    assert ("133,5" in warning, "100,5" in warning) == (True, True)
