"""Reads of the collection: the round's board, what an owner still owes, who is due a reminder, last
year's published figures for the letters."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from indicators.models import IndicatorValue
from indicators.selectors import published_values

from .models import CollectionRound, RoundItem, RoundRequest

OVERDUE, ANSWERED, PARTLY, WAITING = "overdue", "answered", "partly", "waiting"


@dataclass(frozen=True)
class BoardRow:
    request: RoundRequest
    asked: int
    answered: int
    state: str  # ANSWERED, OVERDUE (figures missing after the due date), PARTLY or WAITING
    awaiting: int = 0  # answers whose draft no statistician has taken over yet

    @property
    def missing(self) -> int:
        return self.asked - self.answered


@dataclass(frozen=True)
class Board:
    round: CollectionRound
    rows: list[BoardRow]

    @property
    def totals(self) -> dict[str, int]:
        return {
            "owners": len(self.rows),
            "asked": sum(row.asked for row in self.rows),
            "answered": sum(row.answered for row in self.rows),
            "missing": sum(row.missing for row in self.rows),
            "owners_answered": sum(row.state == ANSWERED for row in self.rows),
            "owners_overdue": sum(row.state == OVERDUE for row in self.rows),
            "awaiting": sum(row.awaiting for row in self.rows),
        }


def open_round_year(city, *, today: date | None = None) -> int | None:
    """The year of the city's newest round while it is open: before its due date, or later while any
    owner still owes a figure. The year-entry grid and the quality page then open on that year."""
    today = today or timezone.localdate()
    newest = CollectionRound.objects.filter(city=city).order_by("-year").first()
    if newest is None:
        return None
    owed = RoundItem.objects.filter(request__round=newest, answered_at__isnull=True).exists()
    return newest.year if newest.due_date >= today or owed else None


def request_state(*, asked: int, answered: int, due_date: date, today: date) -> str:
    if answered >= asked:
        return ANSWERED
    if today > due_date:
        return OVERDUE
    return PARTLY if answered else WAITING


def board(collection_round: CollectionRound, *, today: date | None = None) -> Board:
    """Per owner: figures asked, answered, and whether they are overdue (one query for every owner)."""
    today = today or timezone.localdate()
    requests = collection_round.requests.select_related("owner").with_counts().order_by("owner__name", "pk")
    rows = [
        BoardRow(
            request=request,
            asked=request.asked,
            answered=request.answered,
            awaiting=request.awaiting,
            state=request_state(
                asked=request.asked,
                answered=request.answered,
                due_date=collection_round.due_date,
                today=today,
            ),
        )
        for request in requests
    ]
    return Board(collection_round, rows)


def missing_items(request: RoundRequest) -> list[RoundItem]:
    return list(request.items.filter(answered_at__isnull=True).select_related("indicator"))


def requests_to_remind(*, today: date) -> list[RoundRequest]:
    """Requests with figures missing whose round is due within COLLECTION_REMINDER_DAYS_BEFORE days or
    past due, written to (letter or reminder) at least COLLECTION_REMINDER_EVERY_DAYS days ago."""
    every = timedelta(days=settings.COLLECTION_REMINDER_EVERY_DAYS)
    last_contact_before = timezone.make_aware(datetime.combine(today - every, datetime.max.time()))
    return list(
        RoundRequest.objects.filter(
            link_state=RoundRequest.LinkState.ISSUED,
            sent_at__lte=last_contact_before,
            round__due_date__lte=today + timedelta(days=settings.COLLECTION_REMINDER_DAYS_BEFORE),
            link_expires_at__gt=timezone.now(),
        )
        .filter(Q(last_reminded_at__isnull=True) | Q(last_reminded_at__lte=last_contact_before))
        .filter(items__answered_at__isnull=True)
        .distinct()
        .select_related("round__city", "owner")
        .prefetch_related("owner__contacts")
        .order_by("round", "owner__name")
    )


def last_year_figures(collection_round: CollectionRound, indicator_ids) -> dict[int, IndicatorValue]:
    """The city's published figures of the year before the round, by indicator (one query)."""
    return {
        value.indicator_id: value
        for value in published_values(city=collection_round.city).filter(
            year=collection_round.year - 1, indicator__in=indicator_ids
        )
    }


def items_of(request: RoundRequest) -> list[RoundItem]:
    """The request's items in catalogue order, with their indicators."""
    return list(request.items.select_related("indicator").order_by("indicator__sort_key", "part"))
