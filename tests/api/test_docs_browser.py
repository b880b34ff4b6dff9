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


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_interactive_docs_are_accessible(live_server, page, catalogue):
    """The page's language, contrast, heading order and touch targets (axe-core, every impact)."""
    page.goto(f"{live_server.url}/api/docs/")
    page.get_by_text("/api/values/bulk/").first.wait_for()
    result = page.evaluate(
        """(rules) => axe.run(document, {runOnly: {type: 'rule', values: rules}})""",
        [
            "html-has-lang",
            "html-lang-valid",
            "color-contrast",
            "heading-order",
            "target-size",
            "page-has-heading-one",
        ],
    )
    found = {
        violation["id"]: [node["target"] for node in violation["nodes"]][:3]
        for violation in result["violations"]
    }
    assert found == {}, found
