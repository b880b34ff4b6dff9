from django.shortcuts import render

from .models import Theme


def home(request):
    themes = Theme.objects.all()
    return render(request, "indicators/home.html", {"themes": themes})
