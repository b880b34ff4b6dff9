from django.urls import path, register_converter

from . import views
from .reports import FORMATS


class FormatConverter:
    regex = "|".join(FORMATS)

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(FormatConverter, "report_format")

app_name = "certification"

urlpatterns = [
    path("", views.index, name="index"),
    path("report/", views.report, name="report"),
    path("report/download/", views.download, name="download"),
    path("snapshots/freeze/", views.freeze, name="freeze"),
    path("snapshots/<uuid:uuid>/", views.snapshot, name="snapshot"),
    path(
        "snapshots/<uuid:uuid>/report.<report_format:file_format>",
        views.snapshot_download,
        name="snapshot_download",
    ),
]
