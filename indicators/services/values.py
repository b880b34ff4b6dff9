"""Writes of one value: entered, corrected, or taken one workflow step (verify, publish, send back)."""

import copy

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import bulk, workflow
from ..models import City, Indicator, IndicatorValue
from ..quality import Baseline, blocking_problems, value_warnings
from ..workflow import EVIDENCE_FIELDS, PENDING_FIELDS, VALUE_FIELDS, Proposal, actor_of
from .stamping import KEEP, save_record, stamp

# The database's foreign keys keep the relations true; the model's field checks would read each one again.
RELATIONS = [field.name for field in IndicatorValue._meta.fields if field.is_relation]


def quality_after(
    stored: IndicatorValue | None, blank: IndicatorValue, changes: dict, *, baseline: Baseline | None = None
) -> tuple[list, list]:
    """The blocking problems and warnings of the value as the decision would leave it; `baseline`: the
    figures the warnings compare with, read once by a caller that decides many values."""
    probe = copy.copy(stored) if stored is not None else copy.copy(blank)
    for name, new in changes.items():
        setattr(probe, name, new)
    warnings = baseline.warnings(probe) if baseline is not None else value_warnings(probe)
    return blocking_problems(probe), warnings


def _check_proposed(target: IndicatorValue) -> None:
    """A correction waiting for a second reviewer obeys the model's rules like the figure it replaces."""
    probe = copy.copy(target)
    for name, pending in PENDING_FIELDS.items():
        setattr(probe, name, getattr(target, pending))
    probe.clean()


@transaction.atomic
def save_value(
    *,
    city: City,
    indicator: Indicator,
    year: int,
    user=None,
    status: str | None = None,
    reason: str = "",
    change_reason: str = "",
    import_batch=None,
    review_note: str | None = None,
    revision_note: str = "",
    version: int | None = None,
    create_only: bool = False,
    actor: workflow.Actor | None = None,
    **fields,
):
    """Create or update the value for (city, indicator, year); returns (value, created|updated|unchanged).

    `fields` are the VALUE_FIELDS and EVIDENCE_FIELDS the caller sends; any left out keep what is
    stored. What happens is indicators.workflow.decide's answer for the value read under a row lock;
    a refusal is raised as workflow.Refusal (a ValidationError). `reason` is a reviewer's reason for
    sending a value back, `change_reason` what the history records, `version` the version the caller
    saw (None: unchecked). `user=None` is the system (fixtures, demo data): every right, no second
    pair of eyes. `actor` speaks for someone who is no user (a data owner answering through a link):
    their rights instead of `user`'s, who is then None.
    """
    unknown = set(fields) - {*VALUE_FIELDS, *EVIDENCE_FIELDS}
    if unknown:
        raise TypeError(f"save_value() got unexpected fields {sorted(unknown)}")
    stored = (
        IndicatorValue.objects.select_for_update(of=("self",))
        .select_related("updated_by", "verified_by", "published_by")
        .filter(city=city, indicator=indicator, year=year)
        .first()
    )
    if stored is not None:
        stored.city, stored.indicator = city, indicator  # the rules read both: no query for either
    blank = IndicatorValue(city=city, indicator=indicator, year=year)
    proposal = Proposal(
        fields=fields,
        status=status or None,
        reason=reason,
        revision_note=revision_note,
        review_note=review_note,
        version=version,
        create_only=create_only,
    )
    decision = workflow.decide(
        actor=actor or actor_of(user),
        stored=stored,
        proposal=proposal,
        label={"code": indicator.code, "year": year},
        now=timezone.now(),
        quality=lambda changes: quality_after(stored, blank, changes),
        city=city,
    )
    if decision.outcome == "unchanged":
        return stored, "unchanged"
    target = stored or blank
    for name, new in decision.changes.items():
        setattr(target, name, new)
    target.full_clean(exclude=RELATIONS, validate_unique=False, validate_constraints=False)
    if decision.proposed:
        _check_proposed(target)
    stamp(
        target,
        user=user,
        now=timezone.now(),
        stored_version=None if stored is None else stored.version,
        import_batch=KEEP if import_batch is None else import_batch,
    )
    target._history_user = user
    target._change_reason = bulk.history_reason(change_reason)
    conflict = _(
        "%(code)s %(year)s was entered by someone else a moment ago: reload it and change it instead."
    )
    outcome = save_record(
        target, is_new=stored is None, conflict=conflict % {"code": indicator.code, "year": year}
    )
    return target, outcome


def _step(*, user, value: IndicatorValue, status: str, change_reason: str, **options) -> IndicatorValue:
    """A workflow step on a stored value: its figure and fields stay, only the status is proposed."""
    saved, _outcome = save_value(
        user=user,
        city=value.city,
        indicator=value.indicator,
        year=value.year,
        status=status,
        change_reason=change_reason,
        **options,
    )
    return saved


def verify(*, user, value: IndicatorValue, note: str | None = None) -> IndicatorValue:
    """draft → verified; a note explains warnings (kept as the value's review note)."""
    return _step(
        user=user,
        value=value,
        status=IndicatorValue.Status.VERIFIED,
        change_reason=_("verified"),
        review_note=note,
    )


def publish(*, user, value: IndicatorValue) -> IndicatorValue:
    """verified → published (a draft is verified on the way); or a correction waiting for a second
    reviewer is published: residents see it from now on."""
    return _step(user=user, value=value, status=IndicatorValue.Status.PUBLISHED, change_reason=_("published"))


def send_back(*, user, value: IndicatorValue, reason: str) -> IndicatorValue:
    """verified or published → draft, with the reviewer's written reason (shown to the statistician)."""
    return _step(
        user=user, value=value, status=IndicatorValue.Status.DRAFT, change_reason=reason, reason=reason
    )


def apply_to_each(step, values, **kwargs) -> tuple[list[IndicatorValue], list[str]]:
    """Run a step on every value on its own: (the values it succeeded on, a message per refusal)."""
    done, refused = [], []
    for value in values:
        try:
            done.append(step(value=value, **kwargs))
        except ValidationError as error:
            refused.extend(error.messages)
    return done, refused
