from django.urls import path

from .views import embeds, indicators, iso_37120, search, themes

app_name = "indicators"  # the namespace the pages had before this app: templates reverse "indicators:…"

urlpatterns = [
    path("", themes.home, name="home"),
    path("themes/<int:number>/", themes.theme_detail, name="theme"),
    path("indicators/<str:code>/", indicators.indicator_detail, name="indicator"),
    path(
        "indicators/<str:code>/data.<str:file_format>",
        indicators.indicator_download,
        name="indicator_download",
    ),
    path("embed/indicators/<str:code>/", embeds.indicator_embed, name="embed"),
    path("iso-37120/", iso_37120.iso_37120, name="iso_37120"),
    path("iso-37120/data.<str:file_format>", iso_37120.iso_37120_download, name="iso_37120_download"),
    path("search/", search.search, name="search"),
]
