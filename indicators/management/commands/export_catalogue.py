import csv

from django.core.management.base import BaseCommand

from indicators.models import CURRENT_EDITION, Edition, Indicator

COLUMNS = ["code", "theme", "kind", "name_en", "name_pl", "name_de", "unit"]


class Command(BaseCommand):
    help = "Write the indicator catalogue (themes in order, codes in numeric order) to standard output."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["csv"], default="csv")
        parser.add_argument("--edition", type=int, choices=Edition.values, default=CURRENT_EDITION)

    def handle(self, *args, **options):
        writer = csv.writer(self.stdout, lineterminator="\n")
        writer.writerow(COLUMNS)
        indicators = Indicator.objects.of_edition(options["edition"]).select_related("theme")
        for indicator in indicators:
            writer.writerow(
                [
                    indicator.code,
                    indicator.theme.name_en if indicator.theme else indicator.get_profile_group_display(),
                    indicator.kind,
                    indicator.name_en,
                    indicator.name_pl,
                    indicator.name_de,
                    indicator.unit_en,
                ]
            )
