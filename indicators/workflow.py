"""A value's status steps: draft → verified → published, and back with a written reason.

Who may do what is decided here and only here; the admin, the year-entry grid, the importer and the API
all reach these rules through indicators.services.save_value. `user=None` means the system itself
(fixtures, management commands, tests): role checks are skipped, the model's rules never are.

Corrections: a published figure is never hidden by an edit. Only a reviewer (publish permission) may
change it, the change is published at once and needs a public revision note; residents see the new figure
marked "revised" with the earlier one (indicators.selectors.published_revisions).
"""

from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .models import IndicatorValue
from .quality import Baseline, blocking_problems, value_warnings

Status = IndicatorValue.Status

VERIFY = "indicators.verify_indicatorvalue"
PUBLISH = "indicators.publish_indicatorvalue"
CHANGE = "indicators.change_indicatorvalue"
ADD = "indicators.add_indicatorvalue"


def may(user, permission: str) -> bool:
    return user is None or user.has_perm(permission)


def _who_and_when(user, when) -> dict:
    return {
        "who": (user.get_full_name() or user.get_username()) if user is not None else _("the system"),
        "when": date_format(when, "DATE_FORMAT") if when else "—",
    }


def lock_reason(user, value: IndicatorValue) -> str:
    """Why `user` may not change this value's figure, and who can unlock it; empty when they may."""
    if not may(user, CHANGE):
        return _("You can read values but not change them; statisticians and reviewers edit them.")
    if value.pk is None or value.status == Status.DRAFT:
        return ""
    if value.status == Status.VERIFIED and not may(user, VERIFY):
        return _(
            "Verified by %(who)s on %(when)s, so it is locked. A reviewer can send it back to draft "
            "with a reason; then you can change it."
        ) % _who_and_when(value.verified_by, value.verified_at)
    if value.status == Status.PUBLISHED and not may(user, PUBLISH):
        return _(
            "Published by %(who)s on %(when)s: residents see this figure, so it is locked. A reviewer can "
            "publish a correction with a public revision note, or send it back to draft."
        ) % _who_and_when(value.published_by, value.published_at)
    return ""


def check_can_create(user) -> None:
    if not may(user, ADD):
        raise ValidationError(_("Only statisticians enter new values."))


def status_after_edit(user, existing: IndicatorValue, revision_note: str) -> str:
    """The status a changed figure gets; raises ValidationError when the user may not change it.

    A draft stays a draft; a verified value goes back to draft to be verified again; a published value
    stays published as a correction, which needs a public revision note.
    """
    reason = lock_reason(user, existing)
    if reason:
        raise ValidationError(reason)
    if existing.status == Status.PUBLISHED:
        if not revision_note.strip():
            raise ValidationError(
                {
                    "revision_note": _(
                        "This figure is published: write a revision note that residents will see "
                        "next to the correction."
                    )
                }
            )
        return Status.PUBLISHED
    return Status.DRAFT


# (from, to) → the permission that allows the step
STEPS = {
    (Status.DRAFT, Status.VERIFIED): VERIFY,
    (Status.VERIFIED, Status.PUBLISHED): PUBLISH,
    (Status.VERIFIED, Status.DRAFT): VERIFY,
    (Status.PUBLISHED, Status.DRAFT): PUBLISH,
}


def steps_between(current: str, target: str) -> list[tuple[str, str]]:
    """The workflow steps from one status to another: a file that says "published" for a draft asks
    for verification and publication, each checked on its own."""
    if (current, target) == (Status.DRAFT, Status.PUBLISHED):
        return [(Status.DRAFT, Status.VERIFIED), (Status.VERIFIED, Status.PUBLISHED)]
    return [(current, target)]


BACKWARD = {(Status.VERIFIED, Status.DRAFT), (Status.PUBLISHED, Status.DRAFT)}


def check_step(
    user, value: IndicatorValue, current: str, target: str, reason: str = "", baseline: Baseline | None = None
) -> None:
    """Raise ValidationError with a message a person can act on when the step is not allowed.

    `baseline`: the figures the warnings compare with, read once by a caller that checks many values.
    """
    if user is None or current == target:
        return
    label = {"code": value.indicator.code, "year": value.year}
    permission = STEPS.get((current, target))
    if permission is None:
        if (current, target) == (Status.DRAFT, Status.PUBLISHED):
            raise ValidationError(_("%(code)s %(year)s: verify it before publishing.") % label)
        raise ValidationError(_("%(code)s %(year)s: this status step is not possible.") % label)
    if not user.has_perm(permission):
        messages = {
            VERIFY: _("%(code)s %(year)s: only reviewers can verify values or send them back."),
            PUBLISH: _("%(code)s %(year)s: only reviewers can publish values or withdraw them."),
        }
        raise ValidationError(messages[permission] % label)
    if (current, target) in BACKWARD and not reason.strip():
        raise ValidationError(_("%(code)s %(year)s: write the reason for sending it back.") % label)
    if target == Status.VERIFIED:
        problems = blocking_problems(value)
        if problems:
            raise ValidationError(
                _("%(code)s %(year)s has blocking problems: %(problems)s")
                % {**label, "problems": " ".join(problems)}
            )
        warnings = baseline.warnings(value) if baseline is not None else value_warnings(value)
        if warnings and not value.review_note.strip():
            raise ValidationError(
                _("%(code)s %(year)s has warnings (%(warnings)s): explain them in a note before verifying.")
                % {**label, "warnings": " ".join(warnings)}
            )


def _figures(value: IndicatorValue) -> dict:
    return {
        "city": value.city,
        "indicator": value.indicator,
        "year": value.year,
        **{field: getattr(value, field) for field in ("value", "text_value", "numerator", "denominator")},
        "source": value.source,
        "notes": value.notes,
    }


def verify(*, user, value: IndicatorValue, note: str | None = None) -> IndicatorValue:
    """draft → verified; a note explains warnings (kept as the value's review note)."""
    from .services import save_value

    saved, _outcome = save_value(
        user=user,
        status=Status.VERIFIED,
        review_note=note,
        change_reason=_("verified"),
        **_figures(value),
    )
    return saved


def publish(*, user, value: IndicatorValue) -> IndicatorValue:
    """verified → published: residents see it from now on."""
    from .services import save_value

    saved, _outcome = save_value(
        user=user, status=Status.PUBLISHED, change_reason=_("published"), **_figures(value)
    )
    return saved


def send_back(*, user, value: IndicatorValue, reason: str) -> IndicatorValue:
    """verified or published → draft, with the reviewer's written reason (shown to the statistician)."""
    from .services import save_value

    saved, _outcome = save_value(user=user, status=Status.DRAFT, change_reason=reason, **_figures(value))
    return saved


def apply_to_each(step, values, **kwargs) -> tuple[list[IndicatorValue], list[str]]:
    """Run a step on every value on its own: (the values it succeeded on, a message per refusal)."""
    done, refused = [], []
    for value in values:
        try:
            done.append(step(value=value, **kwargs))
        except ValidationError as error:
            refused.extend(error.messages)
    return done, refused
