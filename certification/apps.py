from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificationConfig(AppConfig):
    name = "certification"
    verbose_name = _("Certification")

    def ready(self):
        from indicators import data_version
        from indicators.signals import bootstrap_requested

        from .bootstrap import load_missing_fixtures
        from .models import Audit, Certificate, CertificationBody, Level, Standard

        data_version.track(Standard, CertificationBody, Certificate, Audit, Level)
        bootstrap_requested.connect(load_missing_fixtures, dispatch_uid="certification.load_missing_fixtures")
