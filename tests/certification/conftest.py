from decimal import Decimal

import pytest

from certification.models import Certificate, Standard
from indicators import roles
from indicators.models import Indicator, IndicatorValue
from indicators.services import apply_planned_values, publish, save_value


def fitting_figure(indicator: Indicator) -> dict:
    """A figure the indicator's rules accept: text for text indicators, a number in range otherwise."""
    if indicator.is_text:
        return {"text_value": "tak"}
    figure = indicator.min_value if indicator.min_value is not None else Decimal(1)
    return {"value": figure}


@pytest.fixture
def enter(gdansk, statistician, reviewer, make_user, django_user_model):
    """Enter a value for Gdańsk through the service and take it along the workflow (default: published)."""

    def enter_value(indicator, year, status="published", city=None, **fields):
        figure = {
            "city": city or gdansk,
            "indicator": indicator,
            "year": year,
            **fitting_figure(indicator),
            **fields,
        }
        corrected = IndicatorValue.objects.filter(
            city=figure["city"], indicator=indicator, year=year, status="published"
        ).exists()
        if corrected:  # a reviewer corrects a published figure with a public note; a second one publishes it
            proposed, _ = save_value(user=reviewer, revision_note="Corrected figure.", **figure)
            second = django_user_model.objects.filter(username="rev2").first() or make_user(
                "rev2", roles.REVIEWERS
            )
            return publish(user=second, value=proposed)
        value, _ = save_value(user=statistician, **figure)
        if status != "draft":  # a reviewer may take a draft to published in one step
            value, _ = save_value(user=reviewer, status=status, **figure)
        return value

    return enter_value


@pytest.fixture
def enter_all(gdansk, statistician, reviewer):
    """Many values of one year for Gdańsk, entered by a statistician and published by a reviewer, each
    step one call of the service that imports use: for counting tests, where saving each value on its
    own would take most of the test's time."""

    def enter_values(indicators, year, **fields):
        rows = [
            {"city": gdansk, "indicator": indicator, "year": year, **fitting_figure(indicator), **fields}
            for indicator in indicators
        ]
        for user, step in ((statistician, {}), (reviewer, {"status": "published"})):
            result = apply_planned_values(rows=[{**row, **step} for row in rows], user=user)
            assert result["errors"] == []

    return enter_values


@pytest.fixture
def core(catalogue):
    return list(Indicator.objects.filter(edition=2014, kind="core").order_by("sort_key"))


@pytest.fixture
def supporting(catalogue):
    return list(Indicator.objects.filter(edition=2014, kind="supporting").order_by("sort_key"))


@pytest.fixture
def cycle(gdansk):
    """A three-year ISO 37120 certificate, 2021–2023."""
    return Certificate.objects.create(
        standard=Standard.objects.get(code="ISO 37120:2014"),
        city=gdansk,
        cycle_number=3,
        first_year=2021,
        last_year=2023,
    )
