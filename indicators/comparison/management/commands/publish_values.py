"""python manage.py publish_values --user NAME [--city SLUG …] [--group SLUG] [--indicator CODE] [--year Y]
[--verify]"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from indicators import services
from indicators.comparison.models import PeerGroup
from indicators.comparison.selectors import member_cities
from indicators.models import CURRENT_EDITION, City, Indicator, IndicatorValue

Status = IndicatorValue.Status
REFUSED = 1
BAD_ARGUMENTS = 2


class Command(BaseCommand):
    help = (
        "Publish the verified values of every city, or of the cities, peer group, indicator and year "
        "named, or with --verify verify the drafts and the values marked ready for review, checked as "
        "in the admin. Exits with status 1 when any value was refused."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--city", action="append", default=[], help="City slug, e.g. gdansk; repeat for several."
        )
        parser.add_argument("--group", help="Only the cities of this peer group (slug).")
        parser.add_argument("--indicator", help="Only this indicator (code, e.g. 5.1).")
        parser.add_argument("--year", type=int, help="Only this year (default: every year).")
        parser.add_argument(
            "--user", required=True, help="Username of the reviewer; their permissions apply."
        )
        parser.add_argument(
            "--verify",
            action="store_true",
            help="Verify the drafts and the values marked ready for review instead of publishing.",
        )

    def handle(self, *args, city, group, indicator, year, user, verify, **options):
        reviewer = self._user(user)
        if verify:
            sources, target = (Status.DRAFT, Status.READY), Status.VERIFIED
        else:
            sources, target = (Status.VERIFIED,), Status.PUBLISHED
        values = IndicatorValue.objects.filter(status__in=sources)
        if city:
            values = values.filter(city__in=[self._city(slug) for slug in city])
        if group:
            values = values.filter(city__in=member_cities(self._group(group)).values("pk"))
        if indicator:
            values = values.filter(indicator=self._indicator(indicator))
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

    def _group(self, slug):
        try:
            return PeerGroup.objects.get(slug=slug)
        except PeerGroup.DoesNotExist as error:
            raise CommandError(
                _("Unknown peer group “%(group)s”.") % {"group": slug}, returncode=BAD_ARGUMENTS
            ) from error

    def _indicator(self, code):
        try:
            return Indicator.objects.get(edition=CURRENT_EDITION, code=code)
        except Indicator.DoesNotExist as error:
            raise CommandError(
                _("Unknown indicator “%(indicator)s”.") % {"indicator": code}, returncode=BAD_ARGUMENTS
            ) from error

    def _user(self, username):
        try:
            return get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist as error:
            raise CommandError(
                _("Unknown user “%(user)s”.") % {"user": username}, returncode=BAD_ARGUMENTS
            ) from error
