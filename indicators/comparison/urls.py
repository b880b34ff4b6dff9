from django.urls import path

from . import views

app_name = "comparison"

urlpatterns = [
    path("indicators/<str:code>/compare/", views.indicator_compare, name="indicator"),
    path("themes/<int:number>/compare/", views.theme_compare, name="theme"),
    path("compare/", views.pair_choice, name="pair_choice"),
    path("compare/<slug:city>/<slug:other>/", views.city_pair, name="pair"),
    path("cities/<slug:city>/indicators/<str:code>/", views.city_indicator, name="city_indicator"),
]
