"""export_values --format xlsx|csv [-o FILE] [--city SLUG] [--year Y] [--status S] [--template]."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from indicators.exporting import export_file, template_file, values_for_export
from indicators.models import City, IndicatorValue


class Command(BaseCommand):
    help = "Export values in the long layout the importer reads back, or a blank template for a year."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["xlsx", "csv"], default="xlsx")
        parser.add_argument(
            "-o", "--output", type=Path, help="File to write (a CSV goes to stdout without it)."
        )
        parser.add_argument("--city", help="Only this city (slug); for --template, the city of the template.")
        parser.add_argument("--year", type=int)
        parser.add_argument("--status", choices=IndicatorValue.Status.values)
        parser.add_argument(
            "--template",
            action="store_true",
            help="A blank workbook for --year: every indicator, empty values.",
        )

    def handle(self, *args, **options):
        city = self._city(options["city"], home_by_default=options["template"])
        if options["template"]:
            if options["year"] is None or options["format"] != "xlsx":
                raise CommandError(_("A template needs --year and is an .xlsx workbook."))
            content = template_file(city, options["year"])
        else:
            values = values_for_export(city=city, year=options["year"], status=options["status"])
            content = export_file(options["format"], values)
        if options["output"] is not None:
            options["output"].write_bytes(content)
        elif options["format"] == "csv":
            self.stdout.write(content.decode(), ending="")
        else:
            raise CommandError(_("An .xlsx export needs -o FILE."))

    def _city(self, slug, *, home_by_default: bool):
        if slug is None and not home_by_default:
            return None
        try:
            return City.objects.get(slug=slug) if slug else City.objects.home()
        except City.DoesNotExist as error:
            raise CommandError(
                _("Unknown city “%(city)s”.") % {"city": slug} if slug else str(error)
            ) from error
