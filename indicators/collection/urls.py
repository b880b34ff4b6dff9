from django.urls import path

from . import views

app_name = "collection"

urlpatterns = [
    path("<str:token>/", views.answer, name="answer"),
]
