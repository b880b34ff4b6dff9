from django.urls import path

from . import embeds, views

app_name = "indicators"

urlpatterns = [
    path("", views.home, name="home"),
    path("themes/<int:number>/", views.theme_detail, name="theme"),
    path("indicators/<str:code>/", views.indicator_detail, name="indicator"),
    path("indicators/<str:code>/data.<str:file_format>", views.indicator_download, name="indicator_download"),
    path("embed/indicators/<str:code>/", embeds.indicator_embed, name="embed"),
    path("iso-37120/", views.iso_37120, name="iso_37120"),
    path("iso-37120/data.<str:file_format>", views.iso_37120_download, name="iso_37120_download"),
    path("search/", views.search, name="search"),
]
