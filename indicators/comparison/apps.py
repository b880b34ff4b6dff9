from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComparisonConfig(AppConfig):
    """Peer groups and comparisons, built on the indicators core (which never imports this app)."""

    name = "indicators.comparison"
    label = "comparison"
    verbose_name = _("Comparison")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from indicators import data_version
        from indicators.signals import bootstrap_requested

        from .defaults import add_default_groups
        from .models import PeerGroup

        data_version.track(PeerGroup)
        data_version.track_members(PeerGroup.members.through)
        bootstrap_requested.connect(add_default_groups, dispatch_uid="comparison.add_default_groups")
