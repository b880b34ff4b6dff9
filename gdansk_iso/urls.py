from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from indicators import downloads

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include("indicators.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]

urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("auditors/", include("certification.urls")),
    path("downloads/", downloads.downloads_page, name="downloads"),
    path("downloads/<str:name>", downloads.download_file, name="download-file"),
    path("", include("indicators.urls")),
    prefix_default_language=False,
)
