"""python manage.py import_targets FILE [--user NAME] [--city SLUG]: every target of the file, or none."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from ....importing.guards import BadFile
from ....models import City
from ...importing import read_targets


class Command(BaseCommand):
    help = "Import targets (CSV, XLSX, ODS, XLS): everything or nothing; a status needs --user."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--user", help="Whose rights apply (statistician, reviewer).")
        parser.add_argument("--city", help="The city of rows without one (default: the home city).")

    def handle(self, *args, file, user=None, city=None, **options):
        person = None
        if user:
            person = get_user_model().objects.filter(username=user).first()
            if person is None:
                raise CommandError(f"No user named {user}.")
        place = None
        if city:
            place = City.objects.filter(slug=city).first()
            if place is None:
                raise CommandError(f"No city {city}.")
        path = Path(file)
        try:
            outcome = read_targets(path.read_bytes(), path.name, user=person, default_city=place)
        except (OSError, BadFile) as error:
            raise CommandError(str(error)) from error
        for message in outcome.errors:
            self.stderr.write(message)
        if outcome.errors:
            raise CommandError(f"{len(outcome.errors)} rows refused; nothing was saved.")
        counts = outcome.counts
        self.stdout.write(
            f"created {counts['created']}, updated {counts['updated']}, unchanged {counts['unchanged']}"
        )
