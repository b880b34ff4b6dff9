"""The owner's personal link: a signed, expiring token naming one request and its current nonce.

Signed with the project's SECRET_KEY (django.core.signing.TimestampSigner), so an altered token is
refused; it expires with the request's `link_expires_at` (and at most COLLECTION_LINK_DAYS after it
was signed); revoking or issuing a new link replaces the request's nonce or state, so every earlier
token stops working. The token carries no figure and no name: it only says which request it opens.
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone, translation

from .models import RoundRequest, new_nonce

__all__ = ["LinkRefused", "link_token", "link_url", "new_nonce", "request_of"]

SALT = "indicators.collection.owner-link"


class LinkRefused(Exception):
    """Why a link opens nothing: ALTERED (not one of ours), EXPIRED, or REVOKED (replaced or withdrawn)."""

    ALTERED = "altered"
    EXPIRED = "expired"
    REVOKED = "revoked"

    def __init__(self, kind: str, request: RoundRequest | None = None):
        super().__init__(kind)
        self.kind = kind
        self.request = request


def _signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=SALT)


def link_token(request: RoundRequest) -> str:
    return _signer().sign_object({"r": request.pk, "n": request.link_nonce}, compress=True)


def link_url(request: RoundRequest) -> str:
    """The absolute link, in the owner's language (the page speaks it)."""
    with translation.override(request.owner.language):
        path = reverse("collection:answer", kwargs={"token": link_token(request)})
    return settings.SITE_URL.rstrip("/") + path


def request_of(token: str) -> RoundRequest:
    """The request a token opens, with its round, city and owner; LinkRefused otherwise."""
    try:
        payload = _signer().unsign_object(token, max_age=timedelta(days=settings.COLLECTION_LINK_DAYS))
    except signing.SignatureExpired:
        raise LinkRefused(LinkRefused.EXPIRED) from None
    except (signing.BadSignature, ValueError, TypeError, UnicodeDecodeError):
        raise LinkRefused(LinkRefused.ALTERED) from None
    if not isinstance(payload, dict) or not isinstance(payload.get("r"), int):
        raise LinkRefused(LinkRefused.ALTERED)
    request = RoundRequest.objects.select_related("round__city", "owner").filter(pk=payload["r"]).first()
    if request is None or request.link_nonce != payload.get("n"):
        raise LinkRefused(LinkRefused.REVOKED, request)
    if request.link_state != RoundRequest.LinkState.ISSUED:
        raise LinkRefused(LinkRefused.REVOKED, request)
    if request.link_expires_at <= timezone.now():
        raise LinkRefused(LinkRefused.EXPIRED, request)
    return request
