from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CollectionConfig(AppConfig):
    """Data owners and collection rounds: who owes which figure, the letters asking for it, the owners'
    answers through a signed link, and the round's board."""

    name = "indicators.collection"
    label = "collection"
    verbose_name = _("Data collection")

    def ready(self):
        from indicators import selectors as core_selectors

        from .selectors import open_round_year

        core_selectors.ROUND_YEAR_SOURCES.append(open_round_year)
