from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from certification.models import Certificate, Level
from indicators.comparison.defaults import ensure_default_groups
from indicators.models import City, Edition, Indicator, PeerGroup


class Command(BaseCommand):
    help = (
        "Load what an empty registry needs: the ISO 37120:2014 catalogue, the home city and its "
        "certificates, "
        "and with --demo the demo values. Loads only what is missing, so it never overwrites edits."
    )

    def add_arguments(self, parser):
        parser.add_argument("--demo", action="store_true", help="Also add the demo values of the home city.")

    def handle(self, *args, **options):
        if not Indicator.objects.of_edition(Edition.ISO_37120_2014).exists():
            call_command("loaddata", "iso37120_2014", verbosity=0)
            self.stdout.write("Catalogue ISO 37120:2014 loaded.")
        if not City.objects.filter(slug=settings.HOME_CITY_SLUG).exists():
            call_command("loaddata", "gdansk", verbosity=0)
            self.stdout.write("Home city loaded.")
        if not Certificate.objects.filter(city__slug=settings.HOME_CITY_SLUG).exists():
            call_command("loaddata", "gdansk_certificates", verbosity=0)
            self.stdout.write("Certificates of the home city loaded.")
        if not Level.objects.exists():
            call_command("loaddata", "wccd_levels", verbosity=0)
            self.stdout.write("Certification level thresholds (unconfirmed) loaded.")
        if ensure_default_groups(PeerGroup):
            self.stdout.write("Default peer groups added.")
        if options["demo"]:
            call_command("load_demo_data", stdout=self.stdout)
