"""Who the client is, for the API throttle and the admin login lockout alike.

X-Forwarded-For is written by the client unless a proxy of ours rewrites it, so it is read only when
NUM_PROXIES says how many of our proxies stand in front: then the address the outermost of them saw is
the client. Otherwise the connecting address is the client, whatever the header claims.
"""

from django.conf import settings
from rest_framework import throttling
from rest_framework.settings import api_settings


def client_address(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if not settings.NUM_PROXIES or not forwarded:
        return remote
    addresses = [address.strip() for address in forwarded.split(",")]
    return addresses[-min(settings.NUM_PROXIES, len(addresses))]


class ConfiguredRate:
    """The rate is read per request (not when the class is defined), so settings can change it."""

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def get_ident(self, request):
        return client_address(request)


class AnonRateThrottle(ConfiguredRate, throttling.AnonRateThrottle):
    """Anonymous clients, by address: API_ANON_RATE. Counts live in the default cache (CACHE_URL)."""


class UserRateThrottle(ConfiguredRate, throttling.UserRateThrottle):
    """Token and session users, by user: API_USER_RATE (anonymous clients by address at the same rate)."""
