from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "indicators"
    verbose_name = _("ISO 37120 indicators")

    def ready(self):
        from . import checks, data_version  # noqa: F401 - checks registers itself
        from .roles import sync_roles

        post_migrate.connect(sync_roles, dispatch_uid="indicators.sync_roles")
        data_version.connect_signals()
