"""Requests answered or refused before any view runs."""

from django.core.exceptions import BadRequest


def refuse_nul_characters(get_response):
    """A NUL character in the address or the query is never meaningful, and PostgreSQL refuses to even
    compare text holding one: answer 400 Bad Request here rather than a server error in whichever view
    would pass it to a query."""

    def middleware(request):
        if "\x00" in request.path or any(
            "\x00" in text for _, texts in request.GET.lists() for text in texts
        ):
            raise BadRequest("NUL character in the request")
        return get_response(request)

    return middleware
