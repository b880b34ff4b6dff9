from django.core.management import call_command
from django.core.management.base import BaseCommand

from indicators.models import City, Indicator
from indicators.signals import bootstrap_requested


def home_city_loaded() -> bool:
    try:
        City.objects.home()
    except City.DoesNotExist:
        return False
    return True


class Command(BaseCommand):
    help = (
        "Load what an empty registry needs: the ISO 37120:2014 catalogue, the home city, what the other "
        "apps keep about it (certificates, levels), and with --demo the demo values. Loads only what is "
        "missing, so it never overwrites edits."
    )

    def add_arguments(self, parser):
        parser.add_argument("--demo", action="store_true", help="Also add the demo values of the home city.")

    def handle(self, *args, **options):
        if not Indicator.objects.of_edition().exists():
            call_command("loaddata", "iso37120_2014", verbosity=0)
            self.stdout.write("Catalogue ISO 37120:2014 loaded.")
        if not home_city_loaded():
            call_command("loaddata", "gdansk", verbosity=0)
            self.stdout.write("Home city loaded.")
        bootstrap_requested.send(sender=self.__class__, stdout=self.stdout)
        if options["demo"]:
            call_command("load_demo_data", stdout=self.stdout)
