from argparse import ArgumentTypeError

from django.core.management.base import BaseCommand

from indicators.csv_safe import write_csv
from indicators.models import CURRENT_EDITION, Indicator
from indicators.params import BadParameter, parse_edition

COLUMNS = ["code", "theme", "kind", "name_en", "name_pl", "name_de", "unit"]


def edition_argument(raw: str) -> int:
    try:
        return parse_edition(raw) or CURRENT_EDITION
    except BadParameter as error:
        raise ArgumentTypeError(str(error)) from None


class Command(BaseCommand):
    help = "Write the indicator catalogue (themes in order, codes in numeric order) to standard output."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["csv"], default="csv")
        parser.add_argument("--edition", type=edition_argument, default=CURRENT_EDITION)

    def handle(self, *args, **options):
        indicators = Indicator.objects.of_edition(options["edition"]).select_related("theme")
        rows = (
            [
                indicator.code,
                indicator.theme.name_en if indicator.theme else indicator.get_profile_group_display(),
                indicator.kind,
                indicator.name_en,
                indicator.name_pl,
                indicator.name_de,
                indicator.unit_en,
            ]
            for indicator in indicators
        )
        write_csv(self.stdout, COLUMNS, rows)
