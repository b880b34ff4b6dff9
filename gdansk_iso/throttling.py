"""The API's throttles, counting each client by indicators.clients.client_address."""

from rest_framework import throttling
from rest_framework.settings import api_settings

from indicators.clients import client_address


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
