from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgressConfig(AppConfig):
    name = "indicators.progress"
    label = "progress"
    verbose_name = _("Progress toward targets")

    def ready(self):
        from . import public_version

        public_version.connect_signals()
