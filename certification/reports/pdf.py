"""PDF: a printable report an auditor can sign off, rendered by WeasyPrint from a Django template.

Tagged PDF/UA-1 (structure tree, language, title shown in the window, XMP metadata): public bodies in
Poland must publish accessible documents. The template carries its own CSS and no links, and the URL
fetcher accepts only data: URLs, so a value's text can never make the renderer read a local file or
call out to the network.
"""

import gc
import ssl
from contextlib import contextmanager

from django.conf import settings
from django.template import Context, Engine
from weasyprint import HTML, URLFetcher

# Built once per process: the fetcher would load the system's certificates for every report, and it
# never opens https anyway.
SSL_CONTEXT = ssl.create_default_context()

# The report's templates need only the i18n tags: the project's engine first imports every installed
# app's tag library (DRF's pulls in requests, urllib3 and yaml), a third of a second in a command. Read
# and compiled at each report, a few milliseconds, so an edited template shows without a restart.
TEMPLATES = Engine(
    dirs=settings.TEMPLATES[0]["DIRS"],
    loaders=["django.template.loaders.filesystem.Loader"],
    libraries={"i18n": "django.templatetags.i18n"},
)


@contextmanager
def cyclic_collection_paused():
    """WeasyPrint builds many thousands of linked boxes per report; each full collection the cyclic
    collector starts meanwhile rescans them and every long-lived object of the process. The collector
    takes them later, in one pass."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def render(context: dict) -> bytes:
    html = TEMPLATES.get_template("certification/report_pdf.html").render(Context(context))
    fetcher = URLFetcher(allowed_protocols={"data"}, allow_redirects=False, ssl_context=SSL_CONTEXT)
    document = HTML(string=html, base_url="data:,", url_fetcher=fetcher)
    with cyclic_collection_paused():
        return document.write_pdf(pdf_variant="pdf/ua-1")
