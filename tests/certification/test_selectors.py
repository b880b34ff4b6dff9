from django.template.loader import render_to_string

from certification.selectors import latest_cycle_coverage


def test_the_public_summary_covers_the_latest_iso_37120_cycle(gdansk, enter, indicator):
    enter(indicator, 2021)
    coverage = latest_cycle_coverage(gdansk, "en")
    assert (coverage["period"], coverage["core"]) == ("2020–2023", "1/46")


def test_the_public_summary_fragment_shows_the_counts(gdansk, enter, indicator):
    enter(indicator, 2021)
    html = render_to_string(
        "certification/_coverage_summary.html", {"coverage": latest_cycle_coverage(gdansk, "en")}
    )
    assert "1/46" in html
    assert "2020–2023" in html
