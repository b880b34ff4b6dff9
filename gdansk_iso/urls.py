from pathlib import Path

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.contrib.staticfiles import finders
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.urls import include, path, re_path
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from gdansk_iso.public.sitemaps import SITEMAPS
from gdansk_iso.public.views import downloads
from indicators.site_cache import cached_page


@require_GET
def robots_txt(request):
    areas = ("admin", "auditors", "answer")
    lines = ["User-agent: *", "Disallow: /i18n/", *(f"Disallow: /{area}/" for area in areas)]
    lines += [f"Disallow: /{code}/{area}/" for code in ("en", "de") for area in areas]
    lines.append(f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_GET
def favicon(request):
    """/favicon.ico, which browsers and feed readers ask for whatever the page links: the site's SVG icon."""
    icon = Path(finders.find("icons/favicon.svg")).read_bytes()
    response = HttpResponse(icon, content_type="image/svg+xml")
    patch_cache_control(response, public=True, max_age=86400)
    return response


def moved_to_comparison(request, rest):
    """The peer groups' admin moved with its model to the comparison app; old bookmarks still lead there."""
    query = f"?{request.META['QUERY_STRING']}" if request.META.get("QUERY_STRING") else ""
    new = request.path.replace("/indicators/peergroup/", "/comparison/peergroup/", 1)
    return HttpResponsePermanentRedirect(f"{new}{query}", preserve_request=True)


urlpatterns = [
    path("favicon.ico", favicon, name="favicon"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("sitemap.xml", cached_page(sitemap), {"sitemaps": SITEMAPS}, name="sitemap"),
    path("api/", include("gdansk_iso.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "api/docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api-schema", template_name="api_docs.html"),
        name="api-docs",
    ),
]

urlpatterns += i18n_patterns(
    re_path(r"^admin/indicators/peergroup/(?P<rest>.*)$", moved_to_comparison),
    path("admin/", admin.site.urls),
    path("auditors/", include("certification.urls")),
    path("answer/", include("indicators.collection.urls")),
    path("downloads/", downloads.downloads_page, name="downloads"),
    path("downloads/<str:name>", downloads.download_file, name="download-file"),
    path("", include("indicators.comparison.urls")),
    path("", include("indicators.progress.urls")),
    path("", include("gdansk_iso.public.urls")),
    prefix_default_language=False,
)

handler400 = "gdansk_iso.error_pages.bad_request"
handler404 = "gdansk_iso.error_pages.page_not_found"
handler500 = "gdansk_iso.error_pages.server_error"
