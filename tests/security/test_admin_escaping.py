"""A catalogue admin's text reaches other staff's pages only escaped; the CSP limits where forms post."""

from decimal import Decimal

from django.urls import reverse

from indicators.models import Indicator
from indicators.services import save_value

REDIRECT = '<meta http-equiv=refresh content="0;url=//attacker.example">'


def test_an_indicator_unit_is_escaped_in_the_value_form_hint(client, statistician, gdansk, indicator):
    Indicator.objects.filter(pk=indicator.pk).update(unit_pl=REDIRECT, unit_en=REDIRECT)
    value, _ = save_value(city=gdansk, indicator=indicator, year=2019, value=Decimal("4"))
    client.force_login(statistician)
    page = client.get(reverse("admin:indicators_indicatorvalue_change", args=[value.pk])).content.decode()
    assert "<meta http-equiv=refresh" not in page
    assert "&lt;meta http-equiv=refresh" in page


def test_pages_forbid_posting_forms_elsewhere_and_changing_the_base_url(client, catalogue):
    policy = client.get("/").headers["Content-Security-Policy"]
    assert "form-action 'self'" in policy
    assert "base-uri 'none'" in policy
