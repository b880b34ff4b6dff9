from certification.models import Audit, Certificate, Level


def test_the_press_release_facts_are_loaded_and_nothing_else(gdansk):
    second = Certificate.objects.get(city=gdansk, standard__code="ISO 37120:2014", cycle_number=2)
    assert (
        second.reported_indicator_count,
        second.reported_core_count,
        second.reported_supporting_count,
    ) == (
        94,
        46,
        48,
    )
    assert (second.first_year, second.last_year, str(second.handed_over_on)) == (2020, 2023, "2020-10-06")
    assert (second.number, second.issued_on, second.valid_from, second.valid_until) == ("", None, None, None)
    first = Certificate.objects.get(city=gdansk, standard__code="ISO 37120:2014", cycle_number=1)
    assert (first.first_year, first.last_year, first.body) == (2017, None, None)


def test_the_renewal_audits_have_no_invented_date_or_auditor(gdansk):
    audits = Audit.objects.filter(certificate__city=gdansk)
    assert {audit.certificate.cycle_number for audit in audits} == {2, 7}
    assert all(audit.date is None and audit.lead_auditor == "" for audit in audits)


def test_the_level_thresholds_are_loaded_marked_unconfirmed(catalogue):
    levels = list(Level.objects.of_edition(2014))
    assert [level.code for level in levels] == ["aspirational", "bronze", "silver", "gold", "platinum"]
    assert not any(level.confirmed for level in levels)
    assert (levels[1].min_core, levels[-1].min_total) == (46, 90)
