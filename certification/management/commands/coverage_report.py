from pathlib import Path

from django.conf import settings
from django.core.checks import Tags
from django.core.management.base import BaseCommand, CommandError

from certification.coverage import build_report
from certification.forms import DownloadForm, form_errors
from certification.reports import FORMATS, render


class Command(BaseCommand):
    help = (
        "Write the ISO 37120 coverage report of a city for a year or a certificate's cycle "
        "as XLSX, CSV or PDF (published values only)."
    )
    # the models' and translations' checks; the URL checks would import every page for nothing
    requires_system_checks = [Tags.models, Tags.translation]

    def add_arguments(self, parser):
        parser.add_argument("--city", help="City slug (default: home city).")
        scope = parser.add_mutually_exclusive_group(required=True)
        scope.add_argument("--year", type=int)
        scope.add_argument("--certificate", type=int, help="Certificate id: the report covers its cycle.")
        parser.add_argument("--format", choices=list(FORMATS), required=True)
        parser.add_argument("-o", "--output", required=True, help="File to write.")
        parser.add_argument(
            "--language", choices=[code for code, _name in settings.LANGUAGES], default=settings.LANGUAGE_CODE
        )

    def handle(self, *args, **options):
        form = DownloadForm(
            data={
                key: options[key]
                for key in ("city", "year", "certificate", "format")
                if options[key] is not None
            }
        )
        if not form.is_valid():
            raise CommandError(form_errors(form))
        report = build_report(form.period)
        content = render(report, options["format"], options["language"])
        Path(options["output"]).write_bytes(content)
        totals = report["totals"]
        self.stdout.write(
            f"{options['output']}: {report['city']['slug']} {report['period']}, "
            f"core {totals['core']['reported']}/{totals['core']['total']}, "
            f"supporting {totals['supporting']['reported']}/{totals['supporting']['total']}, "
            f"profile {totals['profile']['reported']}/{totals['profile']['total']}"
        )
