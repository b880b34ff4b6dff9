import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gdansk_iso.settings")
application = get_wsgi_application()

# A server process that cannot reach its database says so in one sentence and does not start.
from gdansk_iso.database import require_reachable  # noqa: E402

require_reachable()
