"""python manage.py import_values FILE [--dry-run] [--valid-rows [--refused-file PATH]] [--city SLUG]
[--user NAME] [--language CODE]: the plan, or every error of the file; with --valid-rows the valid rows
are imported and the refused ones written to a file beside it, with a column saying why."""

from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.checks import Tags
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from indicators.importing import (
    BadFile,
    apply_import,
    apply_valid_rows,
    complete_plan,
    plan_valid_rows,
    previous_import,
    read_import,
)
from indicators.models import City
from indicators.quality import WARNING_KINDS

BAD_FILE = 2
INVALID = 1


class Command(BaseCommand):
    help = (
        "Import indicator values from a workbook (.xlsx, .ods, .xls) or a CSV file; "
        "prints the changes or every error."
    )
    # the checks of what an import uses; the URL checks would load every page and the API for nothing
    requires_system_checks = [Tags.models, Tags.translation]

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Show the plan; write nothing.")
        parser.add_argument(
            "--valid-rows",
            action="store_true",
            help="Import the valid rows; write the refused ones to a file (default: all or nothing).",
        )
        parser.add_argument(
            "--refused-file",
            type=Path,
            help="Where --valid-rows writes the refused rows (default: FILE-refused beside FILE).",
        )
        parser.add_argument("--city", help="City of rows without a city column (default: the home city).")
        parser.add_argument("--user", help="Username recorded as the importer; their permissions apply.")
        parser.add_argument(
            "--language",
            choices=[code for code, _name in settings.LANGUAGES],
            default=settings.LANGUAGE_CODE,
            help="Language of the messages (default: the settings' LANGUAGE_CODE).",
        )

    def handle(self, *args, **options):
        with translation.override(options["language"]):
            self._import(options)

    def _import(self, options):
        city = self._city(options["city"])
        user = self._user(options["user"])
        path: Path = options["file"]
        try:
            if path.stat().st_size > settings.IMPORT_MAX_BYTES:
                raise BadFile(
                    _("The file is larger than the limit of %(limit)s bytes.")
                    % {"limit": settings.IMPORT_MAX_BYTES}
                )
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(
                _("Cannot read %(file)s: %(reason)s") % {"file": path, "reason": error.strerror},
                returncode=BAD_FILE,
            ) from error
        except BadFile as error:
            raise CommandError(str(error), returncode=BAD_FILE) from error
        batch = None
        try:
            plan = read_import(data, path.name, default_city=city)
            if options["valid_rows"]:
                self._import_valid_rows(plan, data, path, user, options)
                return
            if options["dry_run"] or not plan.is_valid:
                complete_plan(plan, user=user)  # a real run of a faulty file lists every error too
            else:
                batch = apply_import(plan, user=user)
        except BadFile as error:
            raise CommandError(str(error), returncode=BAD_FILE) from error
        for sheet in plan.sheets_skipped:
            self.stdout.write(
                _("Sheet “%(sheet)s” skipped: no header with indicator, year and value.") % {"sheet": sheet}
            )
        if not plan.is_valid:
            self._print_warnings(plan)  # the valid rows' warnings, to explain in the same pass
            for problem in plan.errors:
                self.stderr.write(str(problem))
            raise CommandError(self._errors_summary(plan), returncode=INVALID)
        if plan.is_blank:
            self.stdout.write(
                ngettext(
                    "The file's only row is empty: nothing was imported.",
                    "All %(count)s rows of the file are empty: nothing was imported.",
                    plan.counts["skipped"],
                )
                % {"count": plan.counts["skipped"]}
            )
            return
        self._print_changes(plan)
        self._print_warnings(plan)
        if not plan.changes_anything:
            earlier = previous_import(plan)
            if earlier is not None:
                self.stdout.write(
                    _("This file was already imported on %(when)s.")
                    % {"when": f"{timezone.localtime(earlier.created_at):%Y-%m-%d %H:%M}"}
                )
            self.stdout.write(_("Nothing to change: the registry already holds every value of the file."))
        elif options["dry_run"]:
            self.stdout.write(_("Dry run: nothing was written."))
        else:
            self.stdout.write(self.style.SUCCESS(_("Imported as batch %(id)s.") % {"id": batch.pk}))

    def _import_valid_rows(self, plan, data, path: Path, user, options):
        """The valid rows imported (or planned, on a dry run); the refused ones written to a file."""
        if options["dry_run"]:
            plan_valid_rows(plan, user=user)
            outcome = None
        else:
            outcome = apply_valid_rows(plan, data=data, user=user)
        if not plan.is_valid:  # a fault of the whole file: nothing can be imported
            for problem in plan.errors:
                self.stderr.write(str(problem))
            raise CommandError(self._errors_summary(plan), returncode=INVALID)
        for reasons in plan.refused.values():
            for reason in reasons:
                self.stderr.write(reason)
        self._print_changes(plan)
        self._print_warnings(plan)
        rows = ngettext("%(count)s row refused", "%(count)s rows refused", len(plan.refused)) % {
            "count": len(plan.refused)
        }
        if outcome is None:
            self.stdout.write(rows + "; " + _("Dry run: nothing was written."))
            return
        if outcome.content:
            target = options["refused_file"] or path.with_name(outcome.file_name)
            target.write_bytes(outcome.content)
            rows += ": " + str(target)
        self.stdout.write(rows)
        if outcome.batch is not None:
            self.stdout.write(self.style.SUCCESS(_("Imported as batch %(id)s.") % {"id": outcome.batch.pk}))
        else:
            self.stdout.write(_("Nothing was imported."))

    def _errors_summary(self, plan) -> str:
        errors = ngettext("%(count)s error", "%(count)s errors", len(plan.errors)) % {
            "count": len(plan.errors)
        }
        fine = ngettext("%(count)s row was fine", "%(count)s rows were fine", plan.rows_fine) % {
            "count": plan.rows_fine
        }
        return _("%(errors)s, %(fine)s: nothing was imported.") % {"errors": errors, "fine": fine}

    def _print_changes(self, plan):
        for change in plan.changes:
            arrow = f"{change.old} → {change.new}" if change.old else change.new
            action = _("create") if change.outcome == "created" else _("update")
            self.stdout.write(
                f"{action:12} {change.city} {change.code} {change.year}: {arrow}  [{change.ref}]"
            )
        listed = len(plan.changes)
        total = plan.counts["created"] + plan.counts["updated"]
        if total > listed:
            self.stdout.write(_("… and %(count)s more.") % {"count": total - listed})
        self.stdout.write(plan.summary())

    def _print_warnings(self, plan):
        """Every warning a reviewer will ask to be explained, at its cell, and how many of each kind."""
        for warning in plan.warnings:
            explained = " (" + _("explained") + ")" if warning["explained"] else ""
            self.stdout.write(
                _("warning")
                + f" [{warning['ref']}] {warning['city']} {warning['code']} {warning['year']}: "
                + warning["message"]
                + explained
            )
        if plan.warning_counts:
            total = sum(plan.warning_counts.values())
            kinds = ", ".join(
                f"{WARNING_KINDS[check]}: {count}"
                for check, count in sorted(plan.warning_counts.items(), key=lambda item: -item[1])
            )
            self.stdout.write(
                ngettext("%(count)s warning", "%(count)s warnings", total) % {"count": total} + f" ({kinds})"
            )

    def _city(self, slug):
        try:
            return City.objects.get(slug=slug) if slug else City.objects.home()
        except City.DoesNotExist as error:
            message = _("Unknown city “%(city)s”.") % {"city": slug} if slug else str(error)
            raise CommandError(message, returncode=BAD_FILE) from error

    def _user(self, username):
        if not username:
            return None
        try:
            return get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist as error:
            raise CommandError(
                _("Unknown user “%(user)s”.") % {"user": username}, returncode=BAD_FILE
            ) from error
