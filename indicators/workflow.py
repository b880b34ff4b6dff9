"""The value workflow as one decision: draft → verified → published, and back with a written reason.

`decide` is the only place that says what a write does to a value (new status, stamps, which fields
change) or why it may not happen. It reads no database: the services load the stored value under a
row lock, ask `decide`, and write its answer; the admin, the year-entry grid, the import and the API
only translate the answer (a form error, a cell reference, an HTTP status).

Rules:
- statisticians enter and edit drafts; a verified value is locked for them, a published one too;
- a person limited to some cities (models.CityAccess) writes and steps values of those cities only;
- reviewers verify, publish, send back with a written reason, and correct published figures with a
  public revision note; a reviewer may take a draft to published in one request: it is verified and
  published, each step checked and stamped;
- four eyes (settings.FOUR_EYES): whoever last changed a figure cannot verify it, and a reviewer's
  correction of a published figure waits (pending_* fields) until a second reviewer publishes it;
- a gap (not applicable / not available, with its reason) is a figure like any other: the same steps,
  the same four eyes;
- a figure given from outside the registry (a data owner through their link) records where it came
  from and waits for a statistician: no one verifies it until a statistician has changed the figure or
  marked it ready for review, and whoever took it over counts as its author for four eyes; so it is
  never published without a statistician's and a reviewer's steps;
- a field the caller did not send keeps what is stored;
- a write that names the version it saw is refused when the value has moved on since.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from . import received
from .models import CityAccess, IndicatorValue

Status = IndicatorValue.Status
STATUSES = frozenset(Status.values)  # Status.values builds its list anew at every call

FIGURE_FIELDS = ("value", "text_value", "numerator", "denominator", "gap", "gap_reason")
VALUE_FIELDS = (*FIGURE_FIELDS, "source", "notes")
PENDING_FIELDS = {name: f"pending_{name}" for name in VALUE_FIELDS}
EVIDENCE_FIELDS = ("evidence_url", "evidence_file")  # for auditors, never public: no status step, no note
EMPTY = {
    "value": None,
    "text_value": "",
    "numerator": None,
    "denominator": None,
    "gap": "",
    "gap_reason": "",
    "source": "",
    "notes": "",
}
NO_PENDING = {
    **{pending: EMPTY[name] for name, pending in PENDING_FIELDS.items()},
    "pending_revision_note": "",
    "pending_at": None,
    "pending_by": None,
}


@dataclass(frozen=True)
class Figures:
    """The fields a decision is about (what an edit is, what a correction proposes), with their empty
    contents: a value's, or those of another record published through the same steps (a progress target)."""

    names: tuple
    empty: dict
    pending: dict
    no_pending: dict
    authored: tuple  # the fields whose change names the figure's author (four eyes)
    received: bool = False  # records whether the figure came from outside and waits for a statistician

    @classmethod
    def of(cls, empty: dict) -> "Figures":
        pending = {name: f"pending_{name}" for name in empty}
        cleared = {"pending_revision_note": "", "pending_at": None, "pending_by": None}
        cleared.update({pending[name]: empty[name] for name in empty})
        return cls(tuple(empty), empty, pending, cleared, tuple(empty))

    def author(self, edits: dict, user) -> dict:
        """Who last changed the figure, for four eyes: only a change of the figure itself names its
        author; a colleague's edit of the source or the notes must not let the author verify it."""
        return {"edited_by": user} if any(name in self.authored for name in edits) else {}


VALUE_FIGURES = Figures(VALUE_FIELDS, EMPTY, PENDING_FIELDS, NO_PENDING, FIGURE_FIELDS, received=True)

VERIFY = "indicators.verify_indicatorvalue"
PUBLISH = "indicators.publish_indicatorvalue"
CHANGE = "indicators.change_indicatorvalue"
ADD = "indicators.add_indicatorvalue"
VIEW = "indicators.view_indicatorvalue"


class Refusal(ValidationError):
    """Why a write may not happen: a ValidationError (forms and the import show its messages) with a
    kind the API maps to an HTTP status."""

    FORBIDDEN = "forbidden"  # the person lacks the right (403)
    CONFLICT = "conflict"  # the value exists already (409)
    STALE = "stale"  # someone changed it since the caller read it (412, or 409 in a bulk item)
    INVALID = "invalid"  # something is missing or wrong in the request (400)

    def __init__(self, message, kind: str, code: str | None = None):
        super().__init__(message, code=code)
        self.kind = kind


UNEXPLAINED_WARNINGS = "unexplained_warnings"  # the refusal's code: a review note is what is missing


@dataclass(frozen=True)
class Actor:
    """Who asks, as the workflow sees them: their rights, read once."""

    user: object | None
    may_add: bool
    may_change: bool
    may_verify: bool
    may_publish: bool
    named: bool = True  # False: an import without --user, "nobody in particular"
    system: bool = False  # fixtures and demo data: no rights, reasons, quality or second pair of eyes asked
    cities: tuple | None = None  # the cities whose values they may write; None: every city
    may_view: bool = True  # reads values that are not public (drafts); False learns nothing of them
    # someone outside the registry (a data owner through their link): what their figures record as
    # where they came from; empty for the registry's own people
    received_from: str = ""

    @classmethod
    def of(cls, user) -> "Actor":
        return cls(
            user=user,
            may_add=user.has_perm(ADD),
            may_change=user.has_perm(CHANGE),
            may_verify=user.has_perm(VERIFY),
            may_publish=user.has_perm(PUBLISH),
            cities=CityAccess.objects.cities_of(user),
            may_view=user.has_perm(VIEW),
        )

    def works_on(self, city_id) -> bool:
        return self.cities is None or any(city.pk == city_id for city in self.cities)

    @property
    def pk(self):
        return getattr(self.user, "pk", None)


SYSTEM = Actor(None, True, True, True, True, system=True)
NOBODY = Actor(None, True, True, False, False, named=False)


def actor_of(user, *, nobody: Actor = SYSTEM) -> Actor:
    """A user as an Actor; `None` is the system (fixtures) or, for an import, nobody in particular."""
    if isinstance(user, Actor):
        return user
    return nobody if user is None else Actor.of(user)


@dataclass(frozen=True)
class Proposal:
    """What a caller asks for. `fields` holds only what it sent: anything left out keeps what is stored."""

    fields: dict = field(default_factory=dict)
    status: str | None = None
    reason: str = ""  # why a value is sent back (shown to the statistician)
    revision_note: str = ""  # shown to residents next to a corrected published figure
    review_note: str | None = None  # explains warnings to the reviewer; None keeps the stored one
    version: int | None = None  # the version the caller saw; None: not checked
    create_only: bool = False  # the caller means a new value (API POST)


@dataclass
class Decision:
    outcome: str  # created | updated | unchanged
    changes: dict  # attribute → new value, for the stored value (or the new one)
    proposed: bool = False  # a correction now waits for a second reviewer


def _who_and_when(user, when) -> dict:
    return {
        "who": (user.get_full_name() or user.get_username()) if user is not None else _("the system"),
        "when": date_format(timezone.localtime(when), "DATETIME_FORMAT") if when else "—",
    }


def other_city_message(actor: Actor, city) -> str:
    """Why a person limited to some cities may not write a value of `city`."""
    return _("You work on the values of %(cities)s only; those of %(city)s are read-only for you.") % {
        "cities": ", ".join(str(own) for own in actor.cities),
        "city": city if city is not None else "—",
    }


def lock_reason(user, value: IndicatorValue) -> str:
    """Why `user` may not change this value's figure, and who can unlock it; empty when they may."""
    actor = actor_of(user)
    if not actor.may_change:
        return _("You can read values but not change them; statisticians and reviewers edit them.")
    if not actor.works_on(value.city_id):
        return other_city_message(actor, value.city)
    if value.pk is None or value.status == Status.DRAFT:
        return ""
    if value.status == Status.VERIFIED and not actor.may_verify:
        return _(
            "Verified by %(who)s on %(when)s, so it is locked. A reviewer can send it back to draft "
            "with a reason; then you can change it."
        ) % _who_and_when(value.verified_by, value.verified_at)
    if value.status == Status.PUBLISHED and not actor.may_publish:
        return _(
            "Published by %(who)s on %(when)s: residents see this figure, so it is locked. A reviewer can "
            "publish a correction with a public revision note, or send it back to draft."
        ) % _who_and_when(value.published_by, value.published_at)
    return ""


def stale_message(value: IndicatorValue) -> str:
    return _(
        "%(who)s changed this value on %(when)s, after you opened it: look at the new figure and "
        "make your change again."
    ) % _who_and_when(value.updated_by, value.updated_at)


def steps_between(current: str, target: str) -> list[tuple[str, str]]:
    """A draft (or a value ready for review) asked to be published is verified and published: two
    steps, each checked."""
    if current in (Status.DRAFT, Status.READY) and target == Status.PUBLISHED:
        return [(current, Status.VERIFIED), (Status.VERIFIED, Status.PUBLISHED)]
    return [] if current == target else [(current, target)]


BACKWARD = {(Status.VERIFIED, Status.DRAFT), (Status.PUBLISHED, Status.DRAFT)}


def decide(
    *,
    actor: Actor,
    stored: IndicatorValue | None,
    proposal: Proposal,
    label: dict,
    now: datetime,
    quality: Callable[[dict], tuple[list[str], list[str]]] = lambda changes: ([], []),
    four_eyes: bool | None = None,
    city=None,
    figures: Figures = VALUE_FIGURES,
) -> Decision:
    """What `proposal` does to `stored` (None: a new value) when `actor` asks, or a Refusal saying why not.

    `label` names the value in messages ({"code", "year"}); `quality(changes)` gives the blocking
    problems and warnings of the value as it would be, asked only when it is to be verified; `city` is
    the value's city (a new value's; the stored value's when not given); `figures` what is decided
    on (a value's fields unless another record names its own).
    """
    four_eyes = settings.FOUR_EYES if four_eyes is None else four_eyes
    four_eyes = four_eyes and not actor.system
    if not actor.works_on(city.pk if city is not None else getattr(stored, "city_id", None)):
        city = city if city is not None else getattr(stored, "city", None)
        raise Refusal(
            _("%(code)s %(year)s: %(refusal)s") % {**label, "refusal": other_city_message(actor, city)},
            Refusal.FORBIDDEN,
        )
    if not (actor.may_add or actor.may_change or actor.may_view):
        # before anything about the stored value: whether it exists is not theirs to learn
        raise Refusal(_("Only statisticians and reviewers write values."), Refusal.FORBIDDEN)
    if stored is None:
        if not actor.may_add:
            raise Refusal(_("Only statisticians enter new values."), Refusal.FORBIDDEN)
        before, current = Status.DRAFT, figures.empty
    else:
        if proposal.create_only:
            raise Refusal(
                _(
                    "%(code)s %(year)s exists already (last changed by %(who)s on %(when)s): "
                    "change it instead."
                )
                % {**label, **_who_and_when(stored.updated_by, stored.updated_at)},
                Refusal.CONFLICT,
            )
        if proposal.version is not None and proposal.version != stored.version:
            raise Refusal(stale_message(stored), Refusal.STALE)
        before = stored.status
        current = {name: getattr(stored, name) for name in figures.names}
    edits = {
        name: new
        for name, new in proposal.fields.items()
        if name in figures.names and (stored is None or current[name] != new)
    }
    changes, proposed = {}, False
    if stored is None:
        changes.update({**figures.empty, **edits, "edited_by": actor.user})
        edited = Status.DRAFT
    elif edits:
        lock = lock_reason(actor, stored)
        if lock:
            raise Refusal(lock, Refusal.FORBIDDEN)
        edited = Status.DRAFT
        if before == Status.PUBLISHED:
            edited = Status.PUBLISHED
            if not proposal.revision_note.strip():
                raise Refusal(
                    {
                        "revision_note": _(
                            "This figure is published: write a revision note that residents will see "
                            "next to the correction."
                        )
                    },
                    Refusal.INVALID,
                )
            if four_eyes:
                proposed = True
                changes.update({figures.pending[name]: new for name, new in {**current, **edits}.items()})
                changes.update(
                    pending_revision_note=proposal.revision_note, pending_at=now, pending_by=actor.user
                )
            else:
                changes.update(
                    edits, **figures.author(edits, actor.user), revision_note=proposal.revision_note
                )
                changes.update(published_by=actor.user, published_at=now, **figures.no_pending)
        else:
            changes.update(edits, **figures.author(edits, actor.user))
    else:
        edited = before
    if figures.received:
        changes.update(received.receipt(actor, stored, edits, figures.authored))
    evidence = {
        name: new
        for name, new in proposal.fields.items()
        if name in EVIDENCE_FIELDS and (stored is None or getattr(stored, name) != new)
    }
    if evidence and stored is not None and not edits:
        lock = lock_reason(actor, stored)
        if lock:
            raise Refusal(lock, Refusal.FORBIDDEN)
    changes.update(evidence)
    review_note = stored.review_note if stored is not None else ""
    if proposal.review_note is not None and proposal.review_note != review_note:
        changes["review_note"] = review_note = proposal.review_note
    target = proposal.status or edited
    if target not in STATUSES:
        raise Refusal(_("%(code)s %(year)s: this status step is not possible.") % label, Refusal.INVALID)
    publishes_pending = (
        stored is not None
        and stored.has_pending_correction
        and not edits
        and proposal.status == Status.PUBLISHED == before
    )
    steps = steps_between(edited, target)
    if steps and actor.received_from:
        raise Refusal(received.no_step_message(label), Refusal.FORBIDDEN)
    if (steps or publishes_pending) and not actor.named:
        raise Refusal(
            _(
                "%(code)s %(year)s: an import without a named user may only create or update drafts; "
                "name the person whose rights apply (--user)."
            )
            % label,
            Refusal.FORBIDDEN,
        )
    if publishes_pending:
        _check_right(actor, PUBLISH, label)
        if four_eyes and actor.pk is not None and actor.pk == stored.pending_by_id:
            raise Refusal(
                _("%(code)s %(year)s: you proposed this correction; another reviewer publishes it.") % label,
                Refusal.FORBIDDEN,
            )
        changes.update({name: getattr(stored, pending) for name, pending in figures.pending.items()})
        pending_edits = {
            name: getattr(stored, pending)
            for name, pending in figures.pending.items()
            if getattr(stored, pending) != getattr(stored, name)
        }
        changes.update(
            figures.author(pending_edits, stored.pending_by), revision_note=stored.pending_revision_note
        )
        changes.update(published_by=actor.user, published_at=now, **figures.no_pending)
    editor = changes["edited_by"].pk if changes.get("edited_by") is not None else None
    if "edited_by" not in changes and stored is not None:
        editor = stored.edited_by_id
    awaits = figures.received and changes.get(
        "awaits_statistician", getattr(stored, "awaits_statistician", False)
    )
    for step in steps:
        if not actor.system:
            _check_step(actor, step, proposal, label)
        if step[1] == Status.VERIFIED and awaits:  # the system too: fixtures never skip the statistician
            source = changes.get("received_from", getattr(stored, "received_from", ""))
            raise Refusal(received.not_taken_over_message(label, source), Refusal.INVALID)
        if not actor.system:
            if step[1] == Status.VERIFIED:
                _check_verification(
                    actor, editor if four_eyes else None, quality(changes), review_note, label
                )
            elif step[1] == Status.READY:
                _check_quality(quality(changes), review_note, label, _("marking it ready for review"))
        if step[1] == Status.READY:
            if awaits:  # the statistician takes the owner's figure over: four eyes count them its author
                changes.update(awaits_statistician=False, edited_by=actor.user)
                awaits = False
        elif step[1] == Status.VERIFIED:
            changes.update(verified_by=actor.user, verified_at=now, returned_reason="")
        elif step[1] == Status.PUBLISHED:
            changes.update(published_by=actor.user, published_at=now)
        else:
            changes.update(returned_reason=proposal.reason, **figures.no_pending)
    if target != before:
        changes["status"] = target
    if not changes:
        return Decision("unchanged", {})
    return Decision("created" if stored is None else "updated", changes, proposed)


def _check_verification(actor: Actor, editor, problems: tuple[list, list], review_note: str, label: dict):
    """A second person verifies (four eyes: `editor` is who last changed the figure, None when off);
    nothing blocking; warnings explained for the reviewer."""
    if actor.pk is not None and actor.pk == editor:
        raise Refusal(
            _("%(code)s %(year)s: you changed this figure last; another reviewer verifies it.") % label,
            Refusal.FORBIDDEN,
        )
    _check_quality(problems, review_note, label)


def _check_quality(problems: tuple[list, list], review_note: str, label: dict, before: str = "") -> None:
    """Nothing blocking, and warnings explained for the reviewer: asked before verifying, and before a
    statistician hands a value over as ready for review."""
    blocking, warnings = problems
    if blocking:
        raise Refusal(
            _("%(code)s %(year)s has blocking problems: %(problems)s")
            % {**label, "problems": " ".join(blocking)},
            Refusal.INVALID,
        )
    if warnings and not review_note.strip():
        if before:
            message = _("%(code)s %(year)s has warnings (%(warnings)s): explain them before %(step)s.") % {
                **label,
                "warnings": " ".join(warnings),
                "step": before,
            }
        else:
            message = _(
                "%(code)s %(year)s has warnings (%(warnings)s): explain them in a note before verifying."
            ) % {**label, "warnings": " ".join(warnings)}
        raise Refusal(message, Refusal.INVALID, code=UNEXPLAINED_WARNINGS)


def _check_right(actor: Actor, permission: str, label: dict) -> None:
    if permission == CHANGE and not actor.may_change:
        raise Refusal(
            _("%(code)s %(year)s: only statisticians hand values over for review.") % label,
            Refusal.FORBIDDEN,
        )
    if permission == VERIFY and not actor.may_verify:
        raise Refusal(
            _("%(code)s %(year)s: only reviewers can verify values or send them back.") % label,
            Refusal.FORBIDDEN,
        )
    if permission == PUBLISH and not actor.may_publish:
        raise Refusal(
            _("%(code)s %(year)s: only reviewers can publish values or withdraw them.") % label,
            Refusal.FORBIDDEN,
        )


# (from, to) → the permission that allows the step
STEPS = {
    (Status.DRAFT, Status.READY): CHANGE,
    (Status.READY, Status.DRAFT): CHANGE,
    (Status.READY, Status.VERIFIED): VERIFY,
    (Status.DRAFT, Status.VERIFIED): VERIFY,
    (Status.VERIFIED, Status.PUBLISHED): PUBLISH,
    (Status.VERIFIED, Status.DRAFT): VERIFY,
    (Status.PUBLISHED, Status.DRAFT): PUBLISH,
}


def _check_step(actor: Actor, step: tuple[str, str], proposal: Proposal, label: dict) -> None:
    permission = STEPS.get(step)
    if permission is None:
        raise Refusal(_("%(code)s %(year)s: this status step is not possible.") % label, Refusal.INVALID)
    _check_right(actor, permission, label)
    if step in BACKWARD and not proposal.reason.strip():
        raise Refusal(
            {"reason": _("%(code)s %(year)s: write the reason for sending it back.") % label}, Refusal.INVALID
        )


def steps_offered(actor: Actor) -> set[str]:
    """The statuses a person may move values to, from the same table `decide` checks: the menus offer
    these actions only."""
    allowed = {CHANGE: actor.may_change, VERIFY: actor.may_verify, PUBLISH: actor.may_publish}
    return {target for (_current, target), permission in STEPS.items() if allowed[permission]}
