import pytest


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_interactive_docs_render_from_the_apps_own_files(live_server, page, catalogue):
    outside = []
    page.on(
        "request",
        lambda request: None if request.url.startswith(live_server.url) else outside.append(request.url),
    )
    page.goto(f"{live_server.url}/api/docs/")
    page.get_by_text("/api/values/bulk/").first.wait_for()
    assert outside == []
