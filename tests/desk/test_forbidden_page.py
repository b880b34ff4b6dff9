"""The 403 page speaks the person's language and says what they may do instead."""

from django.urls import reverse


def test_a_statistician_refused_the_auditors_page_reads_polish_and_where_to_go(client, statistician):
    client.force_login(statistician)
    response = client.get("/auditors/")
    assert response.status_code == 403
    page = response.content.decode()
    assert "Forbidden" not in page
    assert "Ta strona nie jest dla Ciebie dostępna" in page
    instead = page.split('id="instead"')[1].split("</ul>")[0]
    assert reverse("admin:indicators_year_entry") in instead
    assert reverse("admin:indicators_review_inbox") not in instead
