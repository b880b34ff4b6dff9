"""Settings for the ISO 37120 registry.

One module, configured from the environment (cookiecutter-django style). The defaults are safe for
development on the embedded PostgreSQL; production sets DEBUG=false, SECRET_KEY, ALLOWED_HOSTS and
DATABASE_URL.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from gdansk_iso.database import database_settings

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=True)
DEVELOPMENT_SECRET_KEY = "django-insecure-development-only-key-change-me-0123456789abcdefghijklmnop"  # noqa: S105
SECRET_KEY = env("SECRET_KEY", default="") or (DEVELOPMENT_SECRET_KEY if DEBUG else "")
if not DEBUG and SECRET_KEY in ("", DEVELOPMENT_SECRET_KEY):
    raise ImproperlyConfigured(
        "SECRET_KEY is not set. With DEBUG=false the registry refuses to start with the public development "
        "key: set SECRET_KEY in the environment (or .env) to a long random secret, e.g. the output of "
        "python -c 'import secrets; print(secrets.token_urlsafe(50))'."
    )
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "modeltranslation",  # before django.contrib.admin, so the admin sees the translated fields
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "axes",
    "indicators",  # the registry core
    "indicators.comparison",  # peer groups and comparisons, on the core
    "indicators.collection",  # data owners and yearly collection rounds, on the core
    "indicators.progress",  # targets and progress toward them, on the core
    "certification",  # certificates and coverage, on the core
    "gdansk_iso.public",  # the residents' site, on all of the above
]

MIDDLEWARE = [
    # First, so it compresses what every other middleware wrote (HTML, CSV, JSON). BREACH: the public
    # pages and downloads hold no secrets; on admin pages Django masks the CSRF token anew in every
    # response and GZipMiddleware adds random padding (Heal The Breach), so we compress them too.
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.locale.LocaleMiddleware",  # address, cookie or Accept-Language: no session needed
    "gdansk_iso.middleware.refuse_nul_characters",  # after the language is known, for the 400 page
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a locked-out login into the lockout page
]

ROOT_URLCONF = "gdansk_iso.urls"
WSGI_APPLICATION = "gdansk_iso.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
            ],
        },
    },
]

# PostgreSQL only (gdansk_iso.database): DATABASE_URL, or without it the embedded server whose data is
# kept in EMBEDDED_POSTGRES_DIR. Each server process (gunicorn worker) keeps its one connection for
# CONN_MAX_AGE seconds, checked before a request reuses it, so a restarted server costs one reconnect.
EMBEDDED_POSTGRES_DIR = Path(env("EMBEDDED_POSTGRES_DIR", default=str(BASE_DIR / "var" / "postgres")))
DATABASES = {
    "default": database_settings(
        env("DATABASE_URL", default=""),
        embedded_root=EMBEDDED_POSTGRES_DIR.resolve(),
        connection_max_age=env.int("CONN_MAX_AGE", default=60),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Pages, API throttle counts and the data version live here: with several server processes set
# CACHE_URL=redis://host:6379/0 (Django's RedisCache, redis-py is a dependency) so they are shared.
CACHES = {
    "default": env.cache("CACHE_URL", default="locmemcache://registry"),
    # Each process's own copies of the public pages it served lately, in front of the shared cache: a
    # page's key names the data version, so a copy is never stale, and a hit spares the round trip.
    "process_pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "process-pages",
        "OPTIONS": {"MAX_ENTRIES": env.int("PROCESS_PAGES", default=200)},
    },
}
# Server processes (gunicorn reads WEB_CONCURRENCY as its worker count); `check` warns when several
# processes would each keep their own local-memory cache.
SERVER_PROCESSES = env.int("WEB_CONCURRENCY", default=1)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"

# Admin login lockout (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one username, or from
# one address, further attempts are refused for AXES_COOLOFF_TIME or until an administrator runs
# `python manage.py axes_reset_username NAME` (or axes_reset_ip ADDRESS, axes_reset). Attempts are kept
# in the database, so every server process shares them.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_LOCKOUT_TEMPLATE = "lockout.html"
AXES_CLIENT_IP_CALLABLE = "indicators.clients.client_address"
AXES_RESET_ON_SUCCESS = True

# Proxies in front of the application that set X-Forwarded-For. 0 (the default): the header is ignored
# and the client is the connecting address; a client can then not pose as someone else to escape the
# API throttle or the login lockout. Behind one reverse proxy (nginx), set NUM_PROXIES=1.
NUM_PROXIES = env.int("NUM_PROXIES", default=0)

# Languages: Polish is the city's language and the default (served at /), English at /en/, German at /de/.
LANGUAGE_CODE = "pl"
LANGUAGES = [("pl", _("Polish")), ("en", _("English")), ("de", _("German"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env("TIME_ZONE", default="Europe/Warsaw")

MODELTRANSLATION_DEFAULT_LANGUAGE = "pl"
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("en", "pl")}

STATIC_URL = "static/"
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
FIXTURE_DIRS = [BASE_DIR / "fixtures"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env(
            "STATICFILES_BACKEND",
            default="django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}

# The city whose registry this is; other cities' values can be stored for comparison.
HOME_CITY_SLUG = env("HOME_CITY_SLUG", default="gdansk")
# Comparisons take a peer's figure from up to this many years before or after the chosen year (flagged).
COMPARISON_YEAR_WINDOW = env.int("COMPARISON_YEAR_WINDOW", default=2)
# Progress toward targets (Open SDG's method, docs/progress.md): the year growth is measured from unless a
# target names its own, the fewest years between the first and the last figure, and the thresholds of the
# yearly growth (no target) and of observed ÷ needed growth (with a target): substantial, moderate, limited.
PROGRESS_BASE_YEAR = env.int("PROGRESS_BASE_YEAR", default=2015)
PROGRESS_MIN_SPAN_YEARS = env.int("PROGRESS_MIN_SPAN_YEARS", default=1)
PROGRESS_THRESHOLDS = {"rate": ("0.015", "0.005", "0"), "ratio": ("0.95", "0.6", "0")}
# A city gets a theme score only with figures for at least this share of the indicators the home city is
# scored on.
COMPARISON_THEME_MIN_SHARE = env.float("COMPARISON_THEME_MIN_SHARE", default=0.5)
# Four eyes: whoever last changed a figure cannot verify it, and a reviewer's correction of a published
# figure is published by a second reviewer. Turn off only in a one-person office.
FOUR_EYES = env.bool("FOUR_EYES", default=True)

# Uploaded workbooks: limits checked before anything is parsed.
IMPORT_MAX_BYTES = env.int("IMPORT_MAX_BYTES", default=20 * 1024 * 1024)
IMPORT_MAX_UNCOMPRESSED_BYTES = env.int("IMPORT_MAX_UNCOMPRESSED_BYTES", default=200 * 1024 * 1024)
IMPORT_MAX_SHEETS = env.int("IMPORT_MAX_SHEETS", default=50)
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=200_000)
# Uploaded import files: kept outside MEDIA_ROOT where no URL serves them, deleted after the retention
# period by `python manage.py purge_import_files` (run it daily, e.g. from cron).
IMPORT_FILES_ROOT = Path(env("IMPORT_FILES_ROOT", default=str(BASE_DIR / "private")))
IMPORT_FILE_RETENTION_DAYS = env.int("IMPORT_FILE_RETENTION_DAYS", default=90)
# Evidence files of values (source documents for auditors): outside MEDIA_ROOT, served only by the admin.
EVIDENCE_FILES_ROOT = Path(env("EVIDENCE_FILES_ROOT", default=str(BASE_DIR / "private" / "evidence")))
EVIDENCE_MAX_BYTES = env.int("EVIDENCE_MAX_BYTES", default=20 * 1024 * 1024)
IMPORT_MAX_CELLS_PER_ROW = env.int("IMPORT_MAX_CELLS_PER_ROW", default=1_000)
IMPORT_MAX_CELLS_PER_SHEET = env.int("IMPORT_MAX_CELLS_PER_SHEET", default=2_000_000)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 20_000

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 100,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_THROTTLE_CLASSES": [
        "gdansk_iso.throttling.AnonRateThrottle",
        "gdansk_iso.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env("API_ANON_RATE", default="600/minute"),
        "user": env("API_USER_RATE", default="1200/minute"),
    },
    "COERCE_DECIMAL_TO_STRING": True,
    "DEFAULT_PARSER_CLASSES": [
        "indicators.api.parsers.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "ISO 37120 indicator registry API",
    "DESCRIPTION": (
        "Published ISO 37120 indicator values of the city, its catalogue and certificates. "
        'Only published values are ever served. Numbers are decimal strings (e.g. "12.30"), never '
        "JSON floats; a value is given at its indicator's decimal places; writes accept strings or numbers. "
        "Names in `?lang=pl|en|de` or the Accept-Language header (default pl). Lists are paginated "
        "(`page`, `page_size` ≤ 1000) and also come as CSV with `?format=csv` (every row, one file). "
        "Public GETs carry ETag and Last-Modified (revalidate for a 304) and Cache-Control. "
        "Anonymous clients are throttled (429 with Retry-After). Writes: token or session authentication "
        "with the admin's roles and permissions."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
}
API_CACHE_MAX_AGE = env.int("API_CACHE_MAX_AGE", default=60)  # seconds public API responses may be cached
# How long a rendered public page or API response may stay in the server's cache (indicators.caching);
# the data version in each key already makes a changed page unreachable at once.
SITE_CACHE_SECONDS = env.int("SITE_CACHE_SECONDS", default=300)
API_RENDERED_CACHE_SECONDS = env.int("API_RENDERED_CACHE_SECONDS", default=600)
OPEN_DATA_LICENCE = env("OPEN_DATA_LICENCE", default="CC BY 4.0")  # stated in the downloads' metadata
OPEN_DATA_LICENCE_ID = env("OPEN_DATA_LICENCE_ID", default="CC-BY-4.0")  # SPDX, for datapackage.json
OPEN_DATA_LICENCE_URL = env("OPEN_DATA_LICENCE_URL", default="https://creativecommons.org/licenses/by/4.0/")

# Content Security Policy: every asset is served by the app itself.
SECURE_CSP = {
    "default-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "script-src": ["'self'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
    "base-uri": ["'none'"],
}

# Production hardening: on unless DEBUG, each overridable for a proxy that terminates TLS elsewhere.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
# Subdomains and the browsers' preload list are a city-wide commitment, hard to undo: opt-in only.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
SILENCED_SYSTEM_CHECKS = [
    *([] if SECURE_HSTS_INCLUDE_SUBDOMAINS else ["security.W005"]),
    *([] if SECURE_HSTS_PRELOAD else ["security.W021"]),
]
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# Mail (letters to data owners, reminders): in development printed on the console; in production (DEBUG
# off) sent by SMTP through EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS.
# EMAIL_BACKEND names another backend.
EMAIL_BACKEND_PATH = env(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
MAILERS = {
    "default": {
        "BACKEND": EMAIL_BACKEND_PATH,
        "OPTIONS": {
            "host": env("EMAIL_HOST", default="localhost"),
            "port": env.int("EMAIL_PORT", default=25),
            "username": env("EMAIL_HOST_USER", default=""),
            "password": env("EMAIL_HOST_PASSWORD", default=""),
            "use_tls": env.bool("EMAIL_USE_TLS", default=False),
        }
        if EMAIL_BACKEND_PATH.endswith("smtp.EmailBackend")
        else {},
    }
}
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="statystyka@localhost")
# The address people reach this registry at: the owners' personal links in letters and e-mails start with it.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")
# Data owners' links: valid this many days after they are sent; answer pages per address and minute.
COLLECTION_LINK_DAYS = env.int("COLLECTION_LINK_DAYS", default=120)
COLLECTION_LINK_RATE = env("COLLECTION_LINK_RATE", default="30/minute")
# Reminders to owners with missing figures: from this many days before the due date, at most once per
# COLLECTION_REMINDER_EVERY_DAYS (also after the due date).
COLLECTION_REMINDER_DAYS_BEFORE = env.int("COLLECTION_REMINDER_DAYS_BEFORE", default=14)
COLLECTION_REMINDER_EVERY_DAYS = env.int("COLLECTION_REMINDER_EVERY_DAYS", default=7)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
}
