from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from certification.forms import ReportScopeForm, form_errors
from certification.snapshots import freeze


class Command(BaseCommand):
    help = (
        "Freeze the coverage report of a year or a certificate's cycle as audited (it never changes after)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--city", help="City slug (default: home city).")
        scope = parser.add_mutually_exclusive_group(required=True)
        scope.add_argument("--year", type=int)
        scope.add_argument("--certificate", type=int)
        parser.add_argument(
            "--user", required=True, help="Username of the auditor or administrator freezing it."
        )

    def handle(self, *args, **options):
        user = get_user_model().objects.filter(username=options["user"]).first()
        if user is None or not user.has_perm("certification.add_coveragesnapshot"):
            raise CommandError(f"{options['user']} is not a user allowed to freeze reports.")
        form = ReportScopeForm(
            data={key: options[key] for key in ("city", "year", "certificate") if options[key] is not None}
        )
        if not form.is_valid():
            raise CommandError(form_errors(form))
        snapshot = freeze(form.period, user=user)
        self.stdout.write(f"Frozen {snapshot.uuid} sha256={snapshot.checksum}")
