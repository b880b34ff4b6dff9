"""The certification part of `bootstrap_registry`: the home city's certificates and the WCCD levels."""

from django.core.management import call_command

from indicators.models import City

from .models import Certificate, Level


def load_missing_fixtures(sender, *, stdout, **_kwargs) -> None:
    """Load each fixture only when its data is missing, so edits made since are never overwritten."""
    if not Certificate.objects.filter(city=City.objects.home()).exists():
        call_command("loaddata", "gdansk_certificates", verbosity=0)
        stdout.write("Certificates of the home city loaded.")
    if not Level.objects.exists():
        call_command("loaddata", "wccd_levels", verbosity=0)
        stdout.write("Certification level thresholds (unconfirmed) loaded.")
