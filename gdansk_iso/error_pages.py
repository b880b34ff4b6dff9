"""The error pages of the whole site (handler400, handler404, handler500 in gdansk_iso.urls)."""

from django.http import HttpResponse
from django.shortcuts import render
from django.template import loader

from indicators.params import BadParameter


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def bad_request(request, exception=None):
    """The 400 page; a parameter the site could not read is named with what it should be."""
    reason = str(exception) if isinstance(exception, BadParameter) else ""
    return render(request, "400.html", {"reason": reason}, status=400)


def server_error(request):
    """Rendered without database reads or request context: the error may be the database itself."""
    return HttpResponse(loader.render_to_string("500.html", {"without_database": True}), status=500)
