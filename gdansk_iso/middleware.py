"""Requests answered or refused before any view runs."""

from django.core.exceptions import BadRequest

from indicators import site_cache


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


def public_pages(get_response):
    """An anonymous reader's request for a public page already rendered is answered from the cache
    before sessions, authentication, CSRF, history and login-attempt bookkeeping run: one look-up of
    the data version. Placed after the locale middleware, which settles the page's language."""

    def middleware(request):
        if not site_cache.is_anonymous_public_read(request):
            return get_response(request)
        key = site_cache.page_key(request)
        stored = site_cache.stored_page(key)
        if stored is not None:
            return stored
        response = get_response(request)
        site_cache.keep_page(key, response)
        return response

    return middleware
