"""Who the client is, for the API throttle, the admin login lockout and the data owners' answer page alike.

X-Forwarded-For is written by the client unless a proxy of ours rewrites it, so it is read only when
NUM_PROXIES says how many of our proxies stand in front: then the address the outermost of them saw is
the client. Otherwise the connecting address is the client, whatever the header claims.
"""

from django.conf import settings


def client_address(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if not settings.NUM_PROXIES or not forwarded:
        return remote
    addresses = [address.strip() for address in forwarded.split(",")]
    return addresses[-min(settings.NUM_PROXIES, len(addresses))]
