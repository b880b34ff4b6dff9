"""The API of the whole registry: the indicators' endpoints and the certification's on one router, so
its root lists them all and neither app needs to know the other's."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from certification.api import CertificateViewSet, CoverageView
from indicators.api import views
from indicators.comparison import api as comparison_api
from indicators.progress.api import ProgressView


class Router(DefaultRouter):
    include_format_suffixes = False  # codes contain dots: /api/indicators/5.1/ is a code, not a format


router = Router()
router.register("themes", views.ThemeViewSet, basename="theme")
router.register("indicators", views.IndicatorViewSet, basename="indicator")
router.register("cities", views.CityViewSet, basename="city")
router.register("values", views.ValueViewSet, basename="value")
router.register("certificates", CertificateViewSet, basename="certificate")

app_name = "api"
urlpatterns = [
    path("coverage/", CoverageView.as_view(), name="coverage"),
    path("comparison/", comparison_api.ComparisonView.as_view(), name="comparison"),
    path("peer-groups/", comparison_api.PeerGroupListView.as_view(), name="peer-groups"),
    path("progress/", ProgressView.as_view(), name="progress"),
    *router.urls,
]
