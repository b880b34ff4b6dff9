from django.urls import path

from . import places, views

app_name = "comparison"

urlpatterns = [
    path("indicators/<str:code>/compare/", views.indicator_compare, name="indicator"),
    path("themes/<int:number>/compare/", views.theme_compare, name="theme"),
    path("compare/", places.compare, name="pair_choice"),
    path("comparison/method/", places.method, name="method"),
    path("cities/", places.city_list, name="cities"),
    path("cities/<slug:city>/", places.city_page, name="city"),
    path("peer-groups/", places.peer_group_list, name="peer_groups"),
    path("peer-groups/<slug:slug>/", places.peer_group_page, name="peer_group"),
    path("compare/<slug:city>/<slug:other>/", views.city_pair, name="pair"),
    path("cities/<slug:city>/indicators/<str:code>/", views.city_indicator, name="city_indicator"),
]
