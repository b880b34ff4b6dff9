"""Requests sent to a WSGI application as a server sends them: the tests of what runs in front of Django."""


def answer(application, environ):
    """What a WSGI server sends for one request: status, headers and body."""
    answered = {}
    body = application(
        environ, lambda status, headers, exc_info=None: answered.update(status=status, headers=headers)
    )
    content = b"".join(body)
    getattr(body, "close", lambda: None)()
    return answered["status"], dict(answered["headers"]), content
