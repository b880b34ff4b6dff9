"""Four eyes: no figure reaches the public on one person's word."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from indicators import roles
from indicators.models import IndicatorValue
from indicators.selectors import published_values
from indicators.services import publish, save_value, verify

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_reviewer(make_user):
    return make_user("rev2", roles.REVIEWERS)


@pytest.fixture
def chief(make_user):
    """A statistician who is also a reviewer: enters values and may verify other people's."""
    return make_user("chief", roles.STATISTICIANS, roles.REVIEWERS)


def correct(user, value, figure, note="Poprawka GUS."):
    return save_value(
        user=user,
        city=value.city,
        indicator=value.indicator,
        year=value.year,
        value=Decimal(figure),
        revision_note=note,
    )[0]


def test_whoever_last_changed_a_figure_cannot_verify_it(gdansk, indicator, chief, english):
    value, _ = save_value(user=chief, city=gdansk, indicator=indicator, year=2019, value=Decimal(5))
    with pytest.raises(ValidationError, match="another reviewer"):
        verify(user=chief, value=value)
    assert IndicatorValue.objects.get().status == "draft"


def test_a_second_person_verifies_what_the_first_entered(gdansk, indicator, statistician, reviewer):
    value, _ = save_value(user=statistician, city=gdansk, indicator=indicator, year=2019, value=Decimal(5))
    assert verify(user=reviewer, value=value).status == "verified"


def test_a_reviewers_correction_waits_for_a_second_reviewer(published, reviewer):
    correct(reviewer, published, "6.3")
    stored = IndicatorValue.objects.get()
    assert (stored.status, stored.value, stored.pending_value) == (
        "published",
        Decimal("5.1"),
        Decimal("6.3"),
    )
    assert published_values().get().value == Decimal("5.1")


def test_residents_see_the_correction_once_a_second_reviewer_publishes_it(
    published, reviewer, second_reviewer
):
    correct(reviewer, published, "6.3")
    publish(user=second_reviewer, value=IndicatorValue.objects.get())
    stored = published_values().get()
    assert (stored.value, stored.revision_note, stored.published_by) == (
        Decimal("6.3"),
        "Poprawka GUS.",
        second_reviewer,
    )
    assert stored.pending_by is None


def test_the_reviewer_who_proposed_a_correction_cannot_publish_it(published, reviewer, english):
    correct(reviewer, published, "6.3")
    with pytest.raises(ValidationError, match="another reviewer"):
        publish(user=reviewer, value=IndicatorValue.objects.get())
    assert published_values().get().value == Decimal("5.1")


def test_one_person_office_publishes_alone_when_four_eyes_is_off(settings, gdansk, indicator, chief):
    settings.FOUR_EYES = False
    value, _ = save_value(user=chief, city=gdansk, indicator=indicator, year=2019, value=Decimal(5))
    published = publish(user=chief, value=verify(user=chief, value=value))
    correct(chief, published, "6")
    assert published_values().get().value == Decimal(6)


@pytest.mark.parametrize("edit", [{"source": "BDL"}, {"notes": "Checked against BDL."}])
def test_a_colleagues_edit_of_source_or_notes_leaves_the_figure_to_its_author(
    gdansk, indicator, chief, statistician, edit, english
):
    save_value(user=chief, city=gdansk, indicator=indicator, year=2019, value=Decimal(5))
    save_value(user=statistician, city=gdansk, indicator=indicator, year=2019, **edit)
    with pytest.raises(ValidationError, match="another reviewer"):
        verify(user=chief, value=IndicatorValue.objects.get())
    assert IndicatorValue.objects.get().edited_by == chief


@pytest.mark.parametrize(
    "edit",
    [
        {"value": Decimal(6)},
        {"numerator": Decimal(5), "denominator": Decimal(100)},
        {"value": None, "gap": "not_available", "gap_reason": "Nie badano."},
    ],
)
def test_a_colleagues_change_of_the_figure_makes_them_its_author(
    gdansk, indicator, chief, statistician, edit
):
    save_value(user=chief, city=gdansk, indicator=indicator, year=2019, value=Decimal(5))
    save_value(user=statistician, city=gdansk, indicator=indicator, year=2019, **edit)
    assert verify(user=chief, value=IndicatorValue.objects.get()).status == "verified"


def test_a_correction_of_only_the_notes_leaves_the_figure_to_its_author(
    settings, gdansk, indicator, chief, statistician, reviewer, make_user, english
):
    value, _ = save_value(user=statistician, city=gdansk, indicator=indicator, year=2019, value=Decimal(5))
    published = publish(user=reviewer, value=value)
    save_value(
        user=chief, city=gdansk, indicator=indicator, year=2019, notes="Źródło: BDL.", revision_note="Notes."
    )
    publish(user=make_user("rev2", roles.REVIEWERS), value=IndicatorValue.objects.get())
    assert IndicatorValue.objects.get().edited_by == published.edited_by == statistician
