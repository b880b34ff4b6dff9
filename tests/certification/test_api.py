from decimal import Decimal

from rest_framework.test import APIRequestFactory, force_authenticate

from certification.api import CertificateViewSet, CoverageView

factory = APIRequestFactory()


def test_certificates_are_public_with_the_press_release_facts(catalogue, django_assert_max_num_queries):
    view = CertificateViewSet.as_view({"get": "list"})
    with django_assert_max_num_queries(4):
        response = view(factory.get("/api/certificates/", {"city": "gdansk", "family": "ISO 37120"}))
    assert response.status_code == 200
    second = next(item for item in response.data["results"] if item["cycle_number"] == 2)
    assert (second["reported_indicator_count"], second["reported_core_count"]) == (94, 46)
    assert (second["body"], second["handed_over_on"], second["number"]) == ("PRS", "2020-10-06", "")


def test_coverage_counts_only_published_values(
    gdansk, enter, indicator, core, auditor, django_assert_max_num_queries
):
    enter(indicator, 2019, value=Decimal("5"))
    enter(core[1], 2019, status="draft")
    request = factory.get("/api/coverage/", {"city": "gdansk", "year": 2019})
    force_authenticate(request, auditor)
    with django_assert_max_num_queries(11):  # and the auditor's permissions, and progress (3)
        response = CoverageView.as_view()(request)
    assert response.status_code == 200
    assert response.data["totals"]["core"] == {"reported": 1, "total": 46}
    row = next(row for row in response.data["rows"] if row["code"] == core[1].code)
    assert (row["status"], row["value"]) == ("draft", None)


def test_coverage_leaves_out_the_names_of_staff(gdansk, enter, indicator):
    enter(indicator, 2019)
    response = CoverageView.as_view()(factory.get("/api/coverage/", {"year": 2019}))
    assert "entered_by" not in response.data["rows"][0]


def test_coverage_of_a_certificate_covers_its_cycle(cycle):
    response = CoverageView.as_view()(factory.get("/api/coverage/", {"certificate": cycle.pk}))
    assert response.data["years"] == [2021, 2022, 2023]


def test_coverage_with_bad_parameters_answers_400_with_a_message(catalogue):
    response = CoverageView.as_view()(factory.get("/api/coverage/", {"city": "gdansk", "year": "x"}))
    assert response.status_code == 400
    assert response.data["detail"]
