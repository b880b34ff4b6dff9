"""Production settings: no public secret key, HSTS preload by choice, warnings that tell the truth."""

import os
import subprocess
import sys
from pathlib import Path

from django.core.checks import run_checks

ROOT = Path(__file__).resolve().parent.parent.parent
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "a-long-random-production-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
    "ALLOWED_HOSTS": "iso37120.gdansk.example",
}


def manage(*args, **env):
    clean = {
        name: value
        for name, value in os.environ.items()
        if name not in ("DJANGO_ALLOW_ASYNC_UNSAFE", "SECRET_KEY", "DEBUG", "WEB_CONCURRENCY")
    }
    return subprocess.run(  # noqa: S603 - the project's own manage.py
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_without_a_secret_key_refuses_to_start():
    result = manage("check", **{**PRODUCTION, "SECRET_KEY": ""})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
    assert "ImproperlyConfigured" in result.stderr


def test_hsts_preload_and_subdomains_are_off_unless_asked_for():
    code = (
        "from django.conf import settings as s; "
        "print(s.SECURE_HSTS_PRELOAD, s.SECURE_HSTS_INCLUDE_SUBDOMAINS)"
    )
    assert manage("shell", "-v", "0", "-c", code, **PRODUCTION).stdout.split() == ["False", "False"]
    chosen = {**PRODUCTION, "SECURE_HSTS_PRELOAD": "true", "SECURE_HSTS_INCLUDE_SUBDOMAINS": "true"}
    assert manage("shell", "-v", "0", "-c", code, **chosen).stdout.split() == ["True", "True"]


def test_a_local_memory_cache_with_several_processes_is_warned_about(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.SERVER_PROCESSES = 4
    warnings = [message for message in run_checks() if message.id == "indicators.W001"]
    assert len(warnings) == 1
    assert "throttle" in warnings[0].msg


def test_a_shared_cache_with_several_processes_is_not_warned_about(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1",
        }
    }
    settings.SERVER_PROCESSES = 4
    assert not [message for message in run_checks() if message.id == "indicators.W001"]
