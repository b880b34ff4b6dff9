"""A code a spreadsheet changed (16.10 saved as 16.1) is caught by the row's own indicator name: a row
whose name is another indicator's is refused naming both, before it becomes a wrong draft."""

import pytest

from indicators.models import IndicatorValue

from .import_helpers import plan_of

pytestmark = pytest.mark.usefixtures("english")

HAZARDOUS_EN = "Percentage of the city's hazardous waste that is recycled"
HAZARDOUS_PL = "Odsetek odpadów niebezpiecznych w mieście poddanych recyklingowi"


@pytest.mark.parametrize("name", [HAZARDOUS_EN, HAZARDOUS_PL, f"  {HAZARDOUS_EN.upper()} "])
def test_a_row_whose_name_is_another_indicators_is_refused_naming_both(gdansk, name):
    text = f"Indicator;Name;Unit;Year;Value\n16.1;{name};%;2019;12\n"
    plan = plan_of(text.encode(), gdansk, name="values.csv")
    messages = " ".join(str(problem) for problem in plan.errors)
    assert "16.1" in messages
    assert "16.10" in messages
    assert not plan.rows
    assert not IndicatorValue.objects.exists()


def test_a_row_with_its_own_indicators_name_in_any_language_is_read(gdansk):
    text = f"Indicator;Name;Year;Value\n16.10;{HAZARDOUS_EN};2019;12\n5.1;Stopa bezrobocia w mieście;2019;5\n"
    plan = plan_of(text.encode(), gdansk, name="values.csv")
    assert plan.errors == []
    assert len(plan.rows) == 2


def test_a_shortened_or_free_name_is_not_second_guessed(gdansk):
    plan = plan_of(b"Kod;Nazwa;2019\n5.1;Bezrobocie;5\n", gdansk, name="values.csv")
    assert plan.errors == []
