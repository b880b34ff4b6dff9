from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from indicators.models import City
from indicators.quality import city_year_problems


class Command(BaseCommand):
    help = (
        "List the data-quality problems of a city's values for a year: blocking problems and warnings. "
        "Exits with status 1 when there is a blocking problem, so it can guard a publication script."
    )

    def add_arguments(self, parser):
        parser.add_argument("--city", required=True, help="City slug, e.g. gdansk.")
        parser.add_argument("--year", required=True, type=int)

    def handle(self, *args, city, year, **options):
        try:
            found = City.objects.get(slug=city)
        except City.DoesNotExist:
            raise CommandError(_("No city with the slug %(slug)s.") % {"slug": city}) from None
        problems = city_year_problems(found, year)
        for problem in problems:
            kind = _("BLOCKING") if problem.blocking else _("warning")
            value = problem.value
            self.stdout.write(f"{kind}\t{value.indicator.code}\t{value.status}\t{problem.message}")
        blocking = sum(problem.blocking for problem in problems)
        self.stdout.write(
            _("%(city)s %(year)s: %(blocking)s blocking, %(warnings)s warnings.")
            % {"city": found.slug, "year": year, "blocking": blocking, "warnings": len(problems) - blocking}
        )
        if blocking:
            raise SystemExit(1)
