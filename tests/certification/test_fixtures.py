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


def test_the_level_thresholds_are_the_published_ones_marked_confirmed_with_their_source(catalogue):
    levels = list(Level.objects.of_edition(2014))
    assert [level.code for level in levels] == ["aspirational", "bronze", "silver", "gold", "platinum"]
    assert [(level.min_core, level.min_supporting) for level in levels] == [
        (30, 0),
        (46, 0),
        (46, 14),
        (46, 30),
        (46, 45),
    ]
    assert all(level.confirmed for level in levels)
    assert all("smartcity-expert.eu" in level.source for level in levels)
    assert all("Poziomy certyfikacji ISO 37120" in level.source for level in levels)
