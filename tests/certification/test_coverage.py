from decimal import Decimal

import pytest

from certification.coverage import build_report, period_for_certificate, period_for_year
from certification.models import Certificate, Level
from certification.reports import localize


def status_of(report, code):
    return next(row for row in report["rows"] if row["code"] == code)["status"]


def test_46_core_and_48_supporting_reported_make_94_and_support_platinum(gdansk, enter_all, core, supporting):
    enter_all([*core, *supporting[:48]], 2021)
    report = build_report(period_for_year(gdansk, 2021))
    assert report["totals"]["core"] == {"reported": 46, "total": 46}
    assert report["totals"]["supporting"] == {"reported": 48, "total": 54}
    assert report["totals"]["performance"]["reported"] == 94
    assert report["level"]["code"] == "platinum"


def test_46_core_and_44_supporting_make_90_and_support_gold(gdansk, enter_all, core, supporting):
    enter_all([*core, *supporting[:44]], 2021)
    report = build_report(period_for_year(gdansk, 2021))
    assert report["totals"]["performance"]["reported"] == 90
    assert report["level"]["code"] == "gold"


def test_46_core_and_45_supporting_support_platinum(gdansk, enter_all, core, supporting):
    enter_all([*core, *supporting[:45]], 2021)
    assert build_report(period_for_year(gdansk, 2021))["level"]["code"] == "platinum"


def test_a_level_needs_its_supporting_indicators_whatever_the_total(gdansk, enter_all, core, supporting):
    enter_all([*core, *supporting[:20]], 2021)
    Level.objects.filter(code="silver").update(min_supporting=21, min_total=46)
    assert build_report(period_for_year(gdansk, 2021))["level"]["code"] == "bronze"


@pytest.mark.usefixtures("english")
def test_a_registry_without_levels_says_levels_not_configured(gdansk, enter, core):
    enter(core[0], 2021)
    Level.objects.all().delete()
    context = localize(build_report(period_for_year(gdansk, 2021)), "en")
    assert context["level"] == "levels not configured"


@pytest.mark.usefixtures("english")
def test_levels_configured_but_not_reached_say_none(gdansk, enter, core):
    enter(core[0], 2021)
    assert localize(build_report(period_for_year(gdansk, 2021)), "en")["level"] == "none"


def test_one_core_missing_supports_no_level_above_aspirational(gdansk, enter_all, core, supporting):
    enter_all([*core[1:], *supporting], 2021)
    report = build_report(period_for_year(gdansk, 2021))
    assert report["totals"]["performance"]["reported"] == 99
    assert report["level"]["code"] == "aspirational"
    assert core[0].code in report["missing"]


def test_fewer_core_than_the_lowest_threshold_support_no_level(gdansk, enter_all, core):
    enter_all(core[:10], 2021)
    assert build_report(period_for_year(gdansk, 2021))["level"] is None


def test_drafts_and_verified_values_are_never_counted_as_reported(gdansk, enter, core):
    enter(core[0], 2021, status="draft")
    enter(core[1], 2021, status="verified")
    report = build_report(period_for_year(gdansk, 2021))
    assert report["totals"]["core"]["reported"] == 0
    assert status_of(report, core[0].code) == "draft"
    assert status_of(report, core[1].code) == "draft"


def test_a_draft_figure_never_appears_in_the_report(gdansk, enter, indicator):
    enter(indicator, 2021, status="draft", value=Decimal("7.77"), source="secret draft source")
    row = next(row for row in build_report(period_for_year(gdansk, 2021))["rows"] if row["code"] == "5.1")
    assert (row["value"], row["source"]) == (None, "")


def test_a_published_value_older_than_the_cycle_is_flagged_stale_with_its_year(cycle, enter, indicator):
    enter(indicator, 2018, value=Decimal("6.5"))
    report = build_report(period_for_certificate(cycle))
    row = next(row for row in report["rows"] if row["code"] == "5.1")
    assert (row["status"], row["year"], row["value"]) == ("stale", 2018, "6.50")
    assert report["totals"]["core"]["reported"] == 0


def test_a_stale_indicator_shows_its_latest_earlier_figure_not_an_older_one_nor_a_later_gap(
    gdansk, enter, indicator
):
    enter(indicator, 2016, value=Decimal("5"))
    enter(indicator, 2018, value=Decimal("6.5"))
    enter(indicator, 2019, value=None, gap="not_applicable", gap_reason="Nie dotyczy.")
    row = next(row for row in build_report(period_for_year(gdansk, 2021))["rows"] if row["code"] == "5.1")
    assert (row["status"], row["year"], row["value"], row["reason"]) == ("stale", 2018, "6.50", "")


def test_a_value_published_in_any_year_of_the_cycle_counts_as_reported(cycle, enter, indicator):
    enter(indicator, 2022, value=Decimal("4"))
    row = next(row for row in build_report(period_for_certificate(cycle))["rows"] if row["code"] == "5.1")
    assert (row["status"], row["year"], row["years_reported"]) == ("reported", 2022, [2022])


def test_a_value_published_after_the_period_does_not_count(gdansk, enter, indicator):
    enter(indicator, 2022)
    assert status_of(build_report(period_for_year(gdansk, 2021)), "5.1") == "missing"


def test_counts_per_theme_add_up_to_the_totals(gdansk, enter_all, core):
    enter_all(core[:12], 2021)
    report = build_report(period_for_year(gdansk, 2021))
    assert sum(theme["core"]["reported"] for theme in report["themes"]) == 12
    assert sum(theme["core"]["total"] + theme["supporting"]["total"] for theme in report["themes"]) == 100
    assert len(report["themes"]) == 17


def test_the_level_follows_thresholds_edited_as_data(gdansk, enter_all, core, supporting):
    enter_all([*core, *supporting[:48]], 2021)
    Level.objects.filter(code="platinum").update(min_total=95)
    assert build_report(period_for_year(gdansk, 2021))["level"]["code"] == "gold"


@pytest.mark.usefixtures("english")
def test_a_certificate_without_known_years_cannot_be_reported(gdansk):
    first = Certificate.objects.get(city=gdansk, standard__code="ISO 37120:2014", cycle_number=1)
    with pytest.raises(ValueError, match="years"):
        period_for_certificate(first)


def test_the_report_reads_a_bounded_number_of_queries(gdansk, enter_all, core, django_assert_max_num_queries):
    enter_all(core, 2021)
    with django_assert_max_num_queries(8):  # the progress section reads 3: indicators, figures, targets
        build_report(period_for_year(gdansk, 2021))
