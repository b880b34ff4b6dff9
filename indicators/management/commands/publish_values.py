"""python manage.py publish_values --city SLUG [--year Y] --user NAME [--verify]"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from indicators import services
from indicators.models import City, IndicatorValue

Status = IndicatorValue.Status
REFUSED = 1
BAD_ARGUMENTS = 2


class Command(BaseCommand):
    help = (
        "Publish the verified values of a city (one year or all), or with --verify verify its drafts, "
        "checked as in the admin. Exits with status 1 when any value was refused."
    )

    def add_arguments(self, parser):
        parser.add_argument("--city", required=True, help="City slug, e.g. gdansk.")
        parser.add_argument("--year", type=int, help="Only this year (default: every year).")
        parser.add_argument(
            "--user", required=True, help="Username of the reviewer; their permissions apply."
        )
        parser.add_argument(
            "--verify",
            action="store_true",
            help="Verify the drafts instead of publishing the verified values.",
        )

    def handle(self, *args, city, year, user, verify, **options):
        found_city = self._city(city)
        reviewer = self._user(user)
        source, target = (Status.DRAFT, Status.VERIFIED) if verify else (Status.VERIFIED, Status.PUBLISHED)
        values = IndicatorValue.objects.filter(city=found_city, status=source)
        if year is not None:
            values = values.filter(year=year)
        result = services.take_step(user=reviewer, values=values, target=target)
        done = _("%(count)s values verified.") if verify else _("%(count)s values published.")
        self.stdout.write(done % {"count": len(result.done)})
        if result.refused:
            raise CommandError(
                "\n".join([*result.refused, _("%(count)s values refused.") % {"count": len(result.refused)}]),
                returncode=REFUSED,
            )

    def _city(self, slug):
        try:
            return City.objects.get(slug=slug)
        except City.DoesNotExist as error:
            raise CommandError(
                _("Unknown city “%(city)s”.") % {"city": slug}, returncode=BAD_ARGUMENTS
            ) from error

    def _user(self, username):
        try:
            return get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist as error:
            raise CommandError(
                _("Unknown user “%(user)s”.") % {"user": username}, returncode=BAD_ARGUMENTS
            ) from error
