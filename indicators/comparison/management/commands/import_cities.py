from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from indicators.comparison.city_import import CityFileError, read_cities, save_cities
from indicators.importing.guards import BadFile


class Command(BaseCommand):
    help = (
        "Add or update cities from a CSV or XLSX file with the columns slug, name, country, region. "
        "Any bad row and nothing is written; the same file again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, **options):
        path = options["file"]
        try:
            rows = read_cities(path.read_bytes(), path.name)
        except OSError as error:
            raise CommandError(
                _("Cannot read %(file)s: %(reason)s") % {"file": path, "reason": error}
            ) from error
        except (BadFile, CityFileError) as error:
            raise CommandError(str(error)) from error
        changes = save_cities(rows=rows)
        self.stdout.write(
            _("Cities: %(created)s added, %(updated)s updated, %(unchanged)s unchanged.")
            % {
                "created": len(changes.created),
                "updated": len(changes.updated),
                "unchanged": len(changes.unchanged),
            }
        )
