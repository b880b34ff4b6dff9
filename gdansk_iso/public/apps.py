from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicConfig(AppConfig):
    """The residents' site, on the indicators core, the comparison and the certification (none import it)."""

    name = "gdansk_iso.public"
    label = "public"
    verbose_name = _("Residents' site")
