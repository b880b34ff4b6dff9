from datetime import date

from django.core.management.base import BaseCommand, CommandError

from ... import services


class Command(BaseCommand):
    help = (
        "Remind data owners with missing figures (run daily from cron): from COLLECTION_REMINDER_DAYS_BEFORE "
        "days before the due date and after it, at most once every COLLECTION_REMINDER_EVERY_DAYS days."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Act as on this day (YYYY-MM-DD) instead of today.")

    def handle(self, *args, date: str | None = None, **options):
        today = None
        if date:
            try:
                today = _day(date)
            except ValueError:
                raise CommandError(f"--date {date!r} is not a date written YYYY-MM-DD.") from None
        reminded = services.send_reminders(today=today)
        for request in reminded:
            self.stdout.write(f"Reminded {request.owner} ({request.round}).")
        self.stdout.write(f"{len(reminded)} reminders sent.")


def _day(text: str):
    return date.fromisoformat(text)
