from django.urls import path

from . import views

app_name = "progress"

urlpatterns = [
    path("progress/", views.progress_page, name="page"),
    path("progress/data.<str:file_format>", views.progress_download, name="download"),
    path("progress/method/", views.method_page, name="method"),
]
