import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gdansk_iso.settings")
django_application = get_wsgi_application()

# Public pages already rendered are answered in front of Django (indicators.site_cache).
from indicators.site_cache import PublicPages  # noqa: E402

application = PublicPages(django_application)

# A server process that cannot reach its database says so in one sentence and does not start.
from gdansk_iso.database import require_reachable  # noqa: E402

require_reachable()
