"""Figures given from outside the registry (a data owner through their link): the value records where
its figure came from, and no one verifies it before a statistician has taken it over. Only
`workflow.decide` asks these, so the rule holds at every door; they read no database.
"""

from django.utils.translation import gettext as _


def receipt(actor, stored, edits: dict, authored: tuple) -> dict:
    """Where the figure as it will be came from: an outsider's edit records them and waits for a
    statistician; a change of the figure (`authored` fields) by the registry's own people makes it
    theirs, a normal draft. Only the fields that change."""
    if actor.received_from and (stored is None or edits):
        fields = {"received_from": actor.received_from, "awaits_statistician": True}
    elif stored is not None and any(name in authored for name in edits):
        fields = {"received_from": "", "awaits_statistician": False}
    else:
        return {}
    if stored is None:
        return fields
    return {name: new for name, new in fields.items() if getattr(stored, name) != new}


def not_taken_over_message(label: dict, source: str) -> str:
    return _(
        "%(code)s %(year)s: this figure came from a data owner (%(source)s) and no statistician "
        "has taken it over yet: a statistician checks it and marks it ready for review, or "
        "corrects it, before a reviewer verifies it."
    ) % {**label, "source": source}


def no_step_message(label: dict) -> str:
    return (
        _("%(code)s %(year)s: data owners send figures; statisticians and reviewers take the next steps.")
        % label
    )
