"""Shared fixtures: the catalogue is loaded once per test database, as `make run` loads it."""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core import signals
from django.core.cache import cache, caches
from django.core.handlers.wsgi import WSGIRequest
from django.core.management import call_command
from django.db import close_old_connections
from django.http import HttpResponse, HttpResponseBase
from django.test import Client
from django.test.client import ClientHandler
from django.test.utils import override_settings
from django.utils import translation

from indicators import caching, roles
from indicators.models import City, Indicator
from indicators.site_cache import PublicPages

AXE_SCRIPT = Path(settings.BASE_DIR) / ".cache/npm/node_modules/axe-core/axe.min.js"
PASSWORD = "correct horse battery"  # every user `make_user` makes
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def pytest_addoption(parser):
    parser.addoption(
        "--screenshots",
        action="store_true",
        help="keep the browser tests' screenshots under artifacts/screenshots/ (make screenshots)",
    )


def pytest_collection_modifyitems(items):
    """Every test that drives Chromium (Playwright's `page`) is a browser test, marked or not, so that
    `make test-fast` (-m "not browser") leaves out exactly those."""
    for item in items:
        if "page" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)


@pytest.fixture
def page(page, pytestconfig):
    """Chromium's page. Screenshots are for people to read, and taking them is a fifth of a browser test's
    time: they are written with --screenshots (`make screenshots`) and skipped in `make test`. axe-core
    (`make axe`) is given to every document as Chromium creates it, where its compiled code is kept:
    evaluated afresh on each page it cost a tenth of a second per check."""
    if not pytestconfig.getoption("--screenshots"):
        page.screenshot = lambda **_options: b""
    if AXE_SCRIPT.exists():
        page.context.add_init_script(path=AXE_SCRIPT)
    return page


class SiteClientHandler(ClientHandler):
    """The test client's handler behind the page server, as gdansk_iso.wsgi puts it in front of Django: a
    public page already rendered comes back as the server answers it, every other request from Django."""

    def __call__(self, environ):
        answered = {}

        def django(environ, _start_response):
            return super(SiteClientHandler, self).__call__(environ)

        def start_response(status, headers, _exc_info=None):
            answered.update(status=int(status.split()[0]), headers=headers)

        body = PublicPages(django)(environ, start_response)
        if isinstance(body, HttpResponseBase):
            return body
        response = HttpResponse(b"".join(body), status=answered["status"], headers=answered["headers"])
        response.wsgi_request = WSGIRequest(environ)
        return response


class SiteClient(Client):
    def __init__(self, *args, enforce_csrf_checks=False, **kwargs):
        super().__init__(*args, enforce_csrf_checks=enforce_csrf_checks, **kwargs)
        self.handler = SiteClientHandler(enforce_csrf_checks)


@pytest.fixture
def client():
    """A client reaching the site as a reader's browser does, through the page server."""
    return SiteClient()


@pytest.fixture
def keep_test_connection():
    """Calling a WSGI application directly would close the test's database connection after each
    request; Django's own test client detaches the same receivers."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture(scope="session", autouse=True)
def no_process_copies_of_pages():
    """Each server process keeps its own copies of public pages (the `process_pages` cache). Tests empty
    the shared cache to have a page rendered again, so they run without these copies; the tests of the
    copies themselves give them back (`process_copies_of_pages`)."""
    dummy = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    with override_settings(CACHES={**settings.CACHES, caching.PROCESS_PAGES: dummy}):
        yield


@pytest.fixture
def process_copies_of_pages(settings):
    settings.CACHES = {
        **settings.CACHES,
        caching.PROCESS_PAGES: {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "copies",
        },
    }
    caches[caching.PROCESS_PAGES].clear()


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the registry's default language: a request to /en/ must not leak into the next."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def empty_cache():
    """Cached pages, rendered API responses and throttle counts live in the cache: the test starts and
    ends with it empty."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def english():
    """For tests that read English messages: code and reversed URLs (/en/…) in English."""
    with translation.override("en"):
        yield


def log_in(page, live_server, user, prefix=""):
    """Sign `user` in through the admin's login form in Chromium, the site in the language of `prefix`."""
    page.context.clear_cookies()
    page.goto(f"{live_server.url}{prefix}/admin/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.press("input[name=password]", "Enter")
    page.wait_for_url(f"{live_server.url}{prefix}/admin/")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": "/usr/bin/chromium", "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session", autouse=True)
def private_import_files(tmp_path_factory):
    """Uploaded import and evidence files go to a temporary directory, never the checkout's private/."""
    private = tmp_path_factory.mktemp("private")
    with override_settings(IMPORT_FILES_ROOT=private, EVIDENCE_FILES_ROOT=private / "evidence"):
        yield


@pytest.fixture(scope="session", autouse=True)
def fast_password_hashing():
    """Test users' passwords are hashed by the cheapest hasher: a real one costs a good part of a second
    per user, and the suite creates users in most tests."""
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("bootstrap_registry", verbosity=0)


@pytest.fixture
def catalogue(db):
    """The ISO 37120:2014 catalogue and the home city; reloaded after a transactional test flushed them.
    The roles need nothing here: `post_migrate`, which the flush sends too, keeps them."""
    call_command("bootstrap_registry", verbosity=0)


@pytest.fixture
def gdansk(catalogue):
    return City.objects.get(slug="gdansk")


@pytest.fixture
def indicator(catalogue):
    """5.1 City's unemployment rate: a percentage, 0–100."""
    return Indicator.objects.get(edition=2014, code="5.1")


@pytest.fixture
def make_user(django_user_model):
    def make(username, *groups, superuser=False):
        user = django_user_model.objects.create_user(
            username=username, password=PASSWORD, is_staff=True, is_superuser=superuser
        )
        user.groups.set([Group.objects.get(name=name) for name in groups])
        return user

    return make


@pytest.fixture
def statistician(make_user, catalogue):
    return make_user("stat", roles.STATISTICIANS)


@pytest.fixture
def reviewer(make_user, catalogue):
    return make_user("rev", roles.REVIEWERS)


@pytest.fixture
def auditor(make_user, catalogue):
    return make_user("aud", roles.AUDITORS)


@pytest.fixture
def catalogue_admin(make_user, catalogue):
    return make_user("cat", roles.CATALOGUE_ADMINS)
