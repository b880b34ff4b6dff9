"""How a value reads (models.reading): its gap, its text or its figure, decided in one place and written by
each place its own way; history records, which lack the model's methods, read the same."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from indicators.models import ValueKind, kind_of, reading
from indicators.services import save_value

NOT_AVAILABLE = "not_available"


@pytest.mark.parametrize(
    ("number", "gap", "kind"),
    [
        (Decimal("5.1"), "", ValueKind.FIGURE),
        (None, "", ValueKind.TEXT),
        (None, NOT_AVAILABLE, ValueKind.GAP),
    ],
)
def test_a_value_holds_a_figure_a_text_or_a_gap(number, gap, kind):
    assert kind_of(number, gap) is kind


def test_a_gap_reads_as_its_label_and_reason_and_a_text_as_itself():
    with translation.override("en"):
        assert (reading(None, "", NOT_AVAILABLE, "no survey"), reading(None, "yes", "")) == (
            "not available — no survey",
            "yes",
        )


def test_a_figure_is_written_the_way_the_caller_writes_figures():
    assert reading(Decimal("5.10"), "", "", figure=lambda figure: f"<{figure}>") == "<5.10>"


def test_the_restore_page_reads_an_earlier_gap_as_a_gap(client, gdansk, indicator, statistician):
    """It showed the text field of the record, empty for a gap."""
    place = {"user": statistician, "city": gdansk, "indicator": indicator, "year": 2019}
    value, _ = save_value(**place, gap=NOT_AVAILABLE, gap_reason="no survey this year")
    save_value(**place, value=Decimal(7), gap="", gap_reason="")
    gap_record = value.history.order_by("history_id").first()
    client.force_login(statistician)
    url = reverse("admin:indicators_indicatorvalue_restore", args=[value.pk, gap_record.history_id])
    assert "no survey this year" in client.get(url).content.decode()
