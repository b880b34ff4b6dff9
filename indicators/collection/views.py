"""The owner's page, reached only through their signed link: their indicators of one round, nothing else.

Thin: the link is resolved by links.request_of, the answers read, checked and written by answers.py.
Each request is counted per client address (COLLECTION_LINK_RATE) before the link is even read, so
guessing links or hammering the page costs the guesser, not the registry. The link is a secret in the
address: the page is never cached, never indexed, and its address is sent to no other site
(Referrer-Policy same-origin: no-referrer would make the browser send "Origin: null" with the form,
which CSRF refuses).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from rest_framework.throttling import SimpleRateThrottle

from indicators.clients import client_address

from . import answers
from .links import LinkRefused, request_of

MAX_UPLOAD_BYTES = 5 * 1024 * 1024


class OwnerLinkThrottle(SimpleRateThrottle):
    """Answer pages per client address and minute (COLLECTION_LINK_RATE), counted in the default cache
    as the API's throttle counts."""

    scope = "collection_link"

    def get_rate(self):
        return settings.COLLECTION_LINK_RATE

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": client_address(request)}


def _private(response):
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@require_http_methods(["GET", "POST"])
def answer(request, token):
    throttle = OwnerLinkThrottle()
    if not throttle.allow_request(request, None):
        response = render(request, "collection/refused.html", {"kind": "throttled"}, status=429)
        response["Retry-After"] = str(int(throttle.wait() or 60))
        return _private(response)
    try:
        owner_request = request_of(token)
    except LinkRefused as refused:
        status = 403 if refused.kind == LinkRefused.ALTERED else 410
        return _private(render(request, "collection/refused.html", {"kind": refused.kind}, status=status))
    entries = answers.entries_of(owner_request)
    context = {"owner_request": owner_request, "round": owner_request.round, "entries": entries}
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "check")
        try:
            answers.read_form(entries, request.POST)
        except answers.OutsideRequest:
            return _private(render(request, "collection/refused.html", {"kind": "outside"}, status=400))
        if action == "upload":
            upload = request.FILES.get("file")
            try:
                if upload is None:
                    raise ValidationError(_("Choose a file to upload."))
                if upload.size > MAX_UPLOAD_BYTES:
                    raise ValidationError(
                        _("The file is larger than 5 MB: send only the sheet with your figures.")
                    )
                answers.read_upload(entries, upload.read(), upload.name, year=owner_request.round.year)
            except ValidationError as error:
                context["upload_errors"] = error.messages
                status = 400
            else:
                answers.check(owner_request, entries)
                context["uploaded"] = True
        elif action == "send":
            written, count = answers.submit(owner_request, entries)
            context.update(sent=written, sent_count=count, refused=not written)
            if not written:
                status = 400
        else:
            answers.check(owner_request, entries)
            context["checked"] = True
    context["problems"] = sum(bool(entry.errors) for entry in entries)
    return _private(render(request, "collection/answer.html", context, status=status))
