"""purge_import_files: delete uploaded import files older than IMPORT_FILE_RETENTION_DAYS (run daily)."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from indicators.services import purge_expired_files


class Command(BaseCommand):
    help = "Delete uploaded import files older than IMPORT_FILE_RETENTION_DAYS; the import records stay."

    def handle(self, *args, **options):
        purged = purge_expired_files()
        self.stdout.write(
            _("%(count)s import files older than %(days)s days deleted.")
            % {"count": purged, "days": settings.IMPORT_FILE_RETENTION_DAYS}
        )
