"""System checks for running the registry in several server processes."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

PROCESS_LOCAL_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)


@register(Tags.caches)
def per_process_cache(app_configs, **kwargs):
    """A local-memory cache is one per process: the API throttle then allows its rate in each of them."""
    backend = settings.CACHES["default"]["BACKEND"]
    processes = settings.SERVER_PROCESSES
    if processes <= 1 or backend not in PROCESS_LOCAL_CACHES:
        return []
    return [
        Warning(
            f"The cache is local to each of the {processes} server processes (WEB_CONCURRENCY): API throttle "
            f"counts are per process, so a client may make {processes} times the configured rate. Login "
            "lockouts are kept in the database and are shared.",
            hint="Set CACHE_URL to a shared cache, e.g. redis://127.0.0.1:6379/0.",
            id="indicators.W001",
        )
    ]
