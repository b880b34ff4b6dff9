"""PDF: a printable report an auditor can sign off, rendered by WeasyPrint from a Django template.

Tagged PDF/UA-1 (structure tree, language, title shown in the window, XMP metadata): public bodies in
Poland must publish accessible documents. The template carries its own CSS and no links, and the URL
fetcher accepts only data: URLs, so a value's text can never make the renderer read a local file or
call out to the network.
"""

from django.template.loader import render_to_string
from weasyprint import HTML, URLFetcher


def render(context: dict) -> bytes:
    html = render_to_string("certification/report_pdf.html", context)
    fetcher = URLFetcher(allowed_protocols={"data"}, allow_redirects=False)
    document = HTML(string=html, base_url="data:,", url_fetcher=fetcher)
    return document.write_pdf(pdf_variant="pdf/ua-1")
