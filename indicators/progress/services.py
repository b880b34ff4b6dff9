"""Writes of targets: the admin, the import command and the admin's upload all save through here.

What a write does is indicators.workflow.decide's answer, exactly as for a value: statisticians enter
and change drafts; reviewers verify, publish and send back; four eyes (nobody verifies the target they
last changed, nobody publishes their own correction); a stale version is refused.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..bulk import history_reason
from ..models import City, CityAccess, Indicator
from ..services.stamping import save_record
from ..workflow import PUBLISH, VERIFY, Actor, Figures, Proposal, Refusal, decide
from .models import TARGET_FIELDS, Status, Target

TARGET_FIGURES = Figures.of(
    {"value": None, "year": None, "base_year": None, "document": "", "document_url": "", "notes": ""}
)
ADD = "progress.add_target"
CHANGE = "progress.change_target"
RELATIONS = [field.name for field in Target._meta.fields if field.is_relation]

__all__ = ["TARGET_FIELDS", "Refusal", "actor_for_targets", "publish", "save_target", "send_back", "verify"]


def actor_for_targets(user) -> Actor:
    """A person as the workflow sees them for targets: they enter targets with the targets' rights and
    verify and publish them with the values' (the same reviewers); `None` is the system."""
    if user is None or isinstance(user, Actor):
        return user or Actor(None, True, True, True, True, system=True)
    return Actor(
        user=user,
        may_add=user.has_perm(ADD),
        may_change=user.has_perm(CHANGE),
        may_verify=user.has_perm(VERIFY),
        may_publish=user.has_perm(PUBLISH),
        cities=CityAccess.objects.cities_of(user),
    )


def label_of(indicator: Indicator, city: City) -> dict:
    """How the workflow's messages name a target ("%(code)s %(year)s"): the indicator and its city."""
    return {"code": _("target of %(code)s") % {"code": indicator.code}, "year": city.name}


@transaction.atomic
def save_target(
    *,
    city: City,
    indicator: Indicator,
    user=None,
    actor: Actor | None = None,
    status: str | None = None,
    reason: str = "",
    change_reason: str = "",
    review_note: str | None = None,
    revision_note: str = "",
    version: int | None = None,
    create_only: bool = False,
    **fields,
) -> tuple[Target, str]:
    """Create or change the target of (city, indicator); returns (target, created|updated|unchanged).

    `fields` are TARGET_FIELDS the caller sends; any left out keep what is stored. A refusal is raised as
    workflow.Refusal (a ValidationError with a translated message). `user=None` is the system (demo
    data) unless `actor` says otherwise (an import without a named person: workflow.NOBODY).
    """
    unknown = set(fields) - set(TARGET_FIELDS)
    if unknown:
        raise TypeError(f"save_target() got unexpected fields {sorted(unknown)}")
    stored = (
        Target.objects.select_for_update(of=("self",))
        .select_related("updated_by", "verified_by", "published_by")
        .filter(city=city, indicator=indicator)
        .first()
    )
    if stored is not None:
        stored.city, stored.indicator = city, indicator
    decision = decide(
        actor=actor or actor_for_targets(user),
        stored=stored,
        proposal=Proposal(
            fields=fields,
            status=status or None,
            reason=reason,
            revision_note=revision_note,
            review_note=review_note,
            version=version,
            create_only=create_only,
        ),
        label=label_of(indicator, city),
        now=timezone.now(),
        city=city,
        figures=TARGET_FIGURES,
    )
    if decision.outcome == "unchanged":
        return stored, "unchanged"
    target = stored or Target(city=city, indicator=indicator)
    for name, new in decision.changes.items():
        setattr(target, name, new)
    target.full_clean(exclude=RELATIONS, validate_unique=False, validate_constraints=False)
    if decision.proposed:
        _check_proposed(target)
    if stored is None:
        target.created_by = user
    else:
        target.version = stored.version + 1
    target.updated_by = user
    target._history_user = user
    target._change_reason = history_reason(change_reason)
    conflict = _("The target of %(code)s for %(city)s was entered by someone else a moment ago: reload it.")
    outcome = save_record(
        target, is_new=stored is None, conflict=conflict % {"code": indicator.code, "city": city.name}
    )
    return target, outcome


def _check_proposed(target: Target) -> None:
    """A correction waiting for a second reviewer obeys the model's rules like the target it replaces."""
    probe = Target(city=target.city, indicator=target.indicator)
    for name, pending in TARGET_FIGURES.pending.items():
        setattr(probe, name, getattr(target, pending))
    probe.full_clean(exclude=RELATIONS, validate_unique=False, validate_constraints=False)


def _step(*, user, target: Target, status: str, change_reason: str, **options) -> Target:
    saved, _outcome = save_target(
        user=user,
        city=target.city,
        indicator=target.indicator,
        status=status,
        change_reason=change_reason,
        **options,
    )
    return saved


def verify(*, user, target: Target) -> Target:
    return _step(user=user, target=target, status=Status.VERIFIED, change_reason=_("verified"))


def publish(*, user, target: Target) -> Target:
    """verified → published (a draft is verified on the way), or a waiting correction is published."""
    return _step(user=user, target=target, status=Status.PUBLISHED, change_reason=_("published"))


def send_back(*, user, target: Target, reason: str) -> Target:
    return _step(user=user, target=target, status=Status.DRAFT, change_reason=reason, reason=reason)


def apply_to_each(step, targets, **kwargs) -> tuple[list[Target], list[str]]:
    """A step on every target on its own: (those it succeeded on, a message per refusal)."""
    done, refused = [], []
    for target in targets:
        try:
            done.append(step(target=target, **kwargs))
        except ValidationError as error:
            refused.extend(error.messages)
    return done, refused
