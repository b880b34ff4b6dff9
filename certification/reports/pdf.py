"""PDF: a printable report an auditor can sign off, rendered by WeasyPrint from a Django template.

Tagged PDF/UA-1 (structure tree, language, title shown in the window, XMP metadata): public bodies in
Poland must publish accessible documents. The template carries its own CSS and no links, and the URL
fetcher accepts only data: URLs, so a value's text can never make the renderer read a local file or
call out to the network.
"""

import ctypes.util
import gc
import ssl
from contextlib import contextmanager

from django.conf import settings
from django.template import Context, Engine


def trusting_no_certificate(*_args, **_kwargs) -> ssl.SSLContext:
    """A client context that verifies certificates and trusts none, built without reading the system's
    certificate store: the report's fetchers never open https, and if one ever did it would fail closed."""
    return ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)


@contextmanager
def lean_weasyprint_import():
    """WeasyPrint's import spends half its time on two things a report never uses.

    It opens each system library under several spellings (Windows, macOS, Linux) and cffi looks each
    spelling up with ctypes.util.find_library, which on Linux runs ldconfig, gcc and ld: about sixty
    subprocesses. Without that lookup each library is opened by the Linux file name WeasyPrint also lists,
    through the system's loader. Its three built-in stylesheets each build a URL fetcher whose HTTPS
    handler reads the system's certificate store; none of them ever fetches. Both are put back when the
    import ends (a thread that asked meanwhile would find no library, or fail closed on https).
    """
    find_library, https_context = ctypes.util.find_library, ssl._create_default_https_context
    ctypes.util.find_library = lambda _name: None
    ssl._create_default_https_context = trusting_no_certificate
    try:
        yield
    finally:
        ctypes.util.find_library, ssl._create_default_https_context = find_library, https_context


with lean_weasyprint_import():
    from weasyprint import HTML, URLFetcher

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
    fetcher = URLFetcher(
        allowed_protocols={"data"}, allow_redirects=False, ssl_context=trusting_no_certificate()
    )
    document = HTML(string=html, base_url="data:,", url_fetcher=fetcher)
    with cyclic_collection_paused():
        return document.write_pdf(pdf_variant="pdf/ua-1")
