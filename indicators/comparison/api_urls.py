from django.urls import path

from . import api

urlpatterns = [
    path("comparison/", api.ComparisonView.as_view(), name="api-comparison"),
    path("peer-groups/", api.PeerGroupListView.as_view(), name="api-peer-groups"),
]
