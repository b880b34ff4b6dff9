"""Writes of the collection: opening a round, the owners' links, sending letters and reminders, loading
owners from a file. Keyword-only and atomic, like indicators.services; figures themselves are written by
indicators.services.save_value only (see answers.py)."""

from collections import defaultdict
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from indicators.models import City, year_allowed

from . import letters, links
from .models import (
    Assignment,
    CollectionRound,
    DataOwner,
    OwnerContact,
    RoundItem,
    RoundRequest,
)
from .selectors import missing_items, requests_to_remind


def round_problems(*, city: City, year: int) -> list[str]:
    """Why a round for this city and year cannot be opened (empty when it can)."""
    problems = []
    if not year_allowed(year):
        problems.append(_("%(year)s is not a year the registry takes values for.") % {"year": year})
    if CollectionRound.objects.filter(city=city, year=year).exists():
        problems.append(
            _("A round for %(city)s, %(year)s is open already.") % {"city": city.name, "year": year}
        )
    if not Assignment.objects.filter(city=city).exists():
        problems.append(
            _("No indicator of %(city)s is assigned to a data owner yet: assign them first.")
            % {"city": city.name}
        )
    return problems


@transaction.atomic
def open_round(*, city: City, year: int, due_date: date, user=None) -> CollectionRound:
    """A round asking each owner for the parts of the city's indicators assigned to them, as the
    assignments stand now (copied into the round's items, each with its note)."""
    problems = round_problems(city=city, year=year)
    if problems:
        raise ValidationError(problems)
    collection_round = CollectionRound(city=city, year=year, due_date=due_date, opened_by=user)
    collection_round._history_user = user
    collection_round.save()
    owed = defaultdict(list)
    for assignment in Assignment.objects.for_city(city).order_by("indicator__sort_key"):
        for part, owner in assignment.parts():
            owed[owner].append((assignment, part))
    expires = timezone.now() + timedelta(days=settings.COLLECTION_LINK_DAYS)
    items = []
    for owner in sorted(owed, key=lambda owner: owner.name):
        request = RoundRequest(round=collection_round, owner=owner, link_expires_at=expires)
        request._history_user = user
        request.save()
        items.extend(
            RoundItem(request=request, indicator=assignment.indicator, part=part, note=assignment.note)
            for assignment, part in owed[owner]
        )
    bulk_create_with_history(items, RoundItem, default_user=user, default_change_reason=_("round opened"))
    return collection_round


def _send(request: RoundRequest, *, reminder: bool, missing=None) -> str:
    """The letter (PDF and DOCX) e-mailed to the owner's contacts with their personal link; the
    addresses it went to, empty when the owner has nobody to write to."""
    recipients = request.owner.emails
    if not recipients:
        return ""
    with translation.override(request.owner.language):
        context = letters.letter_context(request, link=links.link_url(request), missing=missing)
        subject = (
            _("Reminder: figures for %(city)s, %(year)s, due %(due)s")
            if reminder
            else _("Request for figures for %(city)s, %(year)s, due %(due)s")
        ) % {"city": context["city"], "year": context["year"], "due": context["due_text"]}
        message = EmailMessage(
            subject=subject,
            body=letters.email_text(context, reminder=reminder),
            to=recipients,
        )
        name = letters.file_name(request)
        message.attach(f"{name}.pdf", letters.letter_pdf(context), "application/pdf")
        message.attach(f"{name}.docx", letters.letter_docx(context), letters.DOCX_CONTENT_TYPE)
    message.send()
    return ", ".join(recipients)


def send_letters(
    *, collection_round: CollectionRound, only: list[int] | None = None, user=None
) -> list[RoundRequest]:
    """E-mail each owner of the round their letter: those not yet written to, or the requests `only`
    names (ids), whether written to before or not; returns the requests sent. Each is stamped when its
    mail has gone, one by one, so a failing mail server leaves the others' stamps true."""
    sent = []
    requests = (
        collection_round.requests.select_related("round__city", "owner")
        .prefetch_related("owner__contacts")
        .filter(link_state=RoundRequest.LinkState.ISSUED)
    )
    requests = requests.filter(sent_at__isnull=True) if only is None else requests.filter(pk__in=only)
    for request in requests:
        if sent_to := _send(request, reminder=False):
            request.sent_at, request.sent_to = timezone.now(), sent_to
            request._history_user = user
            request._change_reason = _("letter sent")
            request.save(update_fields=["sent_at", "sent_to"])
            sent.append(request)
    return sent


def send_reminders(*, today: date | None = None) -> list[RoundRequest]:
    """Remind the owners who still owe figures: from COLLECTION_REMINDER_DAYS_BEFORE days before the
    due date, and after it, at most once every COLLECTION_REMINDER_EVERY_DAYS; owners with every
    figure answered, or whose link is revoked, are left alone."""
    today = today or timezone.localdate()
    reminded = []
    for request in requests_to_remind(today=today):
        if sent_to := _send(request, reminder=True, missing=missing_items(request)):
            request.last_reminded_at, request.sent_to = timezone.now(), sent_to
            request.reminders += 1
            request._change_reason = _("reminder sent")
            request.save(update_fields=["last_reminded_at", "reminders", "sent_to"])
            reminded.append(request)
    return reminded


@transaction.atomic
def revoke_link(*, request: RoundRequest, user=None) -> None:
    """The owner's link stops working at once; a new one can be issued."""
    request = RoundRequest.objects.select_for_update().get(pk=request.pk)
    request.link_state = RoundRequest.LinkState.REVOKED
    request._history_user = user
    request._change_reason = _("link revoked")
    request.save(update_fields=["link_state"])


@transaction.atomic
def issue_new_link(*, request: RoundRequest, user=None) -> RoundRequest:
    """A new link for the owner (every earlier one stops working), valid COLLECTION_LINK_DAYS days."""
    request = RoundRequest.objects.select_for_update().get(pk=request.pk)
    request.link_nonce = links.new_nonce()
    request.link_state = RoundRequest.LinkState.ISSUED
    request.link_expires_at = timezone.now() + timedelta(days=settings.COLLECTION_LINK_DAYS)
    request.sent_at = None
    request._history_user = user
    request._change_reason = _("new link issued")
    request.save(update_fields=["link_nonce", "link_state", "link_expires_at", "sent_at"])
    return request


@transaction.atomic
def load_owners(*, rows: list[dict], user=None) -> dict:
    """Owners and their contacts from a file's rows (see owners_file.COLUMNS): an owner is found by its
    Polish name, created or given the row's other names, kind and language; a contact by its e-mail.
    Every row is checked first: one bad row and nothing is written."""
    errors = []
    kinds, languages = set(DataOwner.Kind.values), {code for code, _name in settings.LANGUAGES}
    for number, row in enumerate(rows, start=2):
        if not row.get("name_pl"):
            errors.append(_("Row %(row)s: the Polish name (name_pl) is missing.") % {"row": number})
        if row.get("kind") and row["kind"] not in kinds:
            errors.append(
                _("Row %(row)s: kind “%(kind)s” is not one of %(kinds)s.")
                % {"row": number, "kind": row["kind"], "kinds": ", ".join(sorted(kinds))}
            )
        if row.get("language") and row["language"] not in languages:
            errors.append(
                _("Row %(row)s: language “%(language)s” is not one of %(languages)s.")
                % {"row": number, "language": row["language"], "languages": ", ".join(sorted(languages))}
            )
        if row.get("contact_email"):
            try:
                OwnerContact._meta.get_field("email").run_validators(row["contact_email"])
            except ValidationError:
                errors.append(
                    _("Row %(row)s: “%(email)s” is not an e-mail address.")
                    % {"row": number, "email": row["contact_email"]}
                )
        elif row.get("contact_name") or row.get("contact_phone"):
            errors.append(_("Row %(row)s: a contact person needs an e-mail address.") % {"row": number})
    if errors:
        raise ValidationError(errors)
    counts = {"owners_created": 0, "owners_updated": 0, "contacts_added": 0, "contacts_updated": 0}
    for row in rows:
        owner = DataOwner.objects.filter(name_pl=row["name_pl"]).first()
        fields = {name: row[name] for name in ("name_en", "name_de", "kind", "language") if row.get(name)}
        if owner is None:
            owner = DataOwner(name_pl=row["name_pl"], **{"kind": DataOwner.Kind.OTHER, **fields})
            counts["owners_created"] += 1
        elif any(getattr(owner, name) != new for name, new in fields.items()):
            for name, new in fields.items():
                setattr(owner, name, new)
            counts["owners_updated"] += 1
        else:
            fields = None
        if fields is not None:
            owner._history_user = user
            owner._change_reason = _("loaded from a file")
            owner.save()
        if row.get("contact_email"):
            contact = owner.contacts.filter(email__iexact=row["contact_email"]).first()
            new = {
                "name": row.get("contact_name") or row["contact_email"],
                "phone": row.get("contact_phone", ""),
            }
            if contact is None:
                contact = OwnerContact(owner=owner, email=row["contact_email"], **new)
                counts["contacts_added"] += 1
            elif any(getattr(contact, name) != value for name, value in new.items()):
                for name, value in new.items():
                    setattr(contact, name, value)
                counts["contacts_updated"] += 1
            else:
                continue
            contact._history_user = user
            contact.save()
    return counts
