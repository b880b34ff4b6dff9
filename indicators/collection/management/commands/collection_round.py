from datetime import date

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from indicators.models import City

from ... import services


class Command(BaseCommand):
    help = (
        "Open a collection round for a city and year (each owner asked for the figures assigned to them) "
        "and e-mail every owner their letter with a personal link."
    )

    def add_arguments(self, parser):
        parser.add_argument("--city", required=True, help="The city's slug, e.g. gdansk.")
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument("--due", required=True, help="Due date, YYYY-MM-DD.")
        parser.add_argument("--user", help="Who opens the round (username), for the history.")
        parser.add_argument("--no-send", action="store_true", help="Open the round without sending letters.")

    def handle(self, *args, city, year, due, user, no_send, **options):
        try:
            due_date = date.fromisoformat(due)
        except ValueError:
            raise CommandError(f"--due {due!r} is not a date written YYYY-MM-DD.") from None
        place = City.objects.filter(slug=city).first()
        if place is None:
            raise CommandError(f"No city with the slug {city!r}.")
        person = None
        if user:
            person = get_user_model().objects.filter(username=user).first()
            if person is None:
                raise CommandError(f"No user {user!r}.")
        try:
            collection_round = services.open_round(city=place, year=year, due_date=due_date, user=person)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        requests = collection_round.requests.count()
        self.stdout.write(f"Round {collection_round} opened: {requests} owners asked, due {due_date}.")
        if not no_send:
            sent = services.send_letters(collection_round=collection_round, user=person)
            self.stdout.write(f"{len(sent)} letters sent.")
