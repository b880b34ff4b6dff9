"""An owner's answers through their link: read, checked by the registry's own rules, written as drafts.

Typed text is read by indicators.numbers (the page's language names the decimal sign; the statistical
signs x . - mean what they mean in a file); a figure is checked by IndicatorValue.clean (limits,
numerator ÷ denominator) and the quality warnings, computed against published figures only, so the owner
learns nothing that residents could not see; the drafts are written by indicators.services.save_value,
whose workflow.decide gives the owner the rights of a statistician limited to the round's city and
indicators: drafts only, never a figure the statistician or a reviewer has taken further.

A submission is all or nothing: one figure refused and nothing is written, the page keeps what was typed.
A field naming an item that is not the owner's refuses the whole request (OutsideRequest).
"""

import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _

from indicators.importing.guards import BadFile, check_text_upload, check_upload, is_text_table
from indicators.importing.read import read_csv, read_workbook
from indicators.models import IndicatorValue
from indicators.numbers import (
    STORED_QUANTUM,
    FileSigns,
    NumberError,
    exact_text,
    from_spreadsheet,
    read_typed,
    sign_fields,
)
from indicators.quality import POPULATION_CODE, Baseline, blocking_problems
from indicators.selectors import published_values
from indicators.services import save_value
from indicators.workflow import Actor

from .models import Part, RoundItem, RoundRequest
from .selectors import items_of, last_year_figures

FIELD = re.compile(r"^i(\d+)-(value|numerator|denominator|source|notes)$")
ITEM_PREFIX = re.compile(r"i[0-9]")  # any field that looks like an item's, well formed or not
TEXTS = ("value", "numerator", "denominator", "source", "notes")


class OutsideRequest(Exception):
    """The owner sent a figure for something they were not asked: the request is refused whole."""


@dataclass
class Entry:
    """One row of the owner's page: what was asked, what they typed, what the checks say."""

    item: RoundItem
    typed: dict = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    fields: dict = field(default_factory=dict)  # what the answer records on the item
    previous: IndicatorValue | None = None
    partner: RoundItem | None = None  # the other part's item (split ratios)

    @property
    def prefix(self) -> str:
        return f"i{self.item.pk}"

    @property
    def wants_ratio(self) -> bool:
        """A figure of a ratio indicator may come with its numerator and denominator."""
        return self.item.part == Part.FIGURE and self.item.indicator.scale is not None

    @property
    def is_blank(self) -> bool:
        return not any(self.typed.get(name, "").strip() for name in ("value", "numerator", "denominator"))


def owner_actor(request: RoundRequest) -> Actor:
    """The owner as the workflow sees them: enters drafts of the round's city, verifies nothing; the
    drafts record the owner and link they came from and wait for a statistician to take them over."""
    return Actor(
        user=None,
        may_add=True,
        may_change=True,
        may_verify=False,
        may_publish=False,
        cities=(request.round.city,),
        received_from=received_from(request),
    )


def link_name(request: RoundRequest) -> str:
    """The link as the history and the values name it: the request and the start of its nonce."""
    return f"{request.pk}-{request.link_nonce[:6]}"


def received_from(request: RoundRequest) -> str:
    """What a value records as the source of the owner's figure: the owner's name in the registry's own
    language (whichever language the owner's page spoke) and the link."""
    with override(settings.LANGUAGE_CODE):
        return f"{request.owner.name}, {link_name(request)}"


def entries_of(request: RoundRequest) -> list[Entry]:
    """The owner's page as stored: each item with what the owner answered before (4 queries)."""
    items = items_of(request)
    previous = last_year_figures(request.round, {item.indicator_id for item in items})
    partners = _partners(request, items)
    entries = []
    for item in items:
        entry = Entry(item=item, previous=previous.get(item.indicator_id), partner=partners.get(item.pk))
        entry.typed = _as_typed(item)
        entries.append(entry)
    return entries


def _partners(request: RoundRequest, items: list[RoundItem]) -> dict[int, RoundItem]:
    """For each numerator or denominator item, the round's item of the other part (another owner's)."""
    split = [item for item in items if item.part != Part.FIGURE]
    if not split:
        return {}
    others = RoundItem.objects.filter(
        request__round=request.round, indicator__in=[item.indicator_id for item in split]
    ).exclude(part=Part.FIGURE)
    by_key = {(other.indicator_id, other.part): other for other in others}
    other_part = {Part.NUMERATOR: Part.DENOMINATOR, Part.DENOMINATOR: Part.NUMERATOR}
    return {item.pk: by_key.get((item.indicator_id, other_part[item.part])) for item in split}


def _as_typed(item: RoundItem) -> dict:
    language = get_language()
    number = {
        name: exact_text(getattr(item, name), language=language) if getattr(item, name) is not None else ""
        for name in ("numerator", "denominator")
    }
    value = item.answer if item.part == Part.FIGURE else number[item.part]
    return {"value": value, **number, "source": item.source, "notes": item.notes}


def read_form(entries: list[Entry], data) -> list[Entry]:
    """Take the typed texts from a submitted form; a field naming an item not on the page refuses all."""
    own = {entry.item.pk for entry in entries}
    for key in data:
        match = FIELD.match(key)
        if match and int(match.group(1)) not in own:
            raise OutsideRequest(key)
        if not match and ITEM_PREFIX.match(key):
            raise OutsideRequest(key)
    for entry in entries:
        entry.typed = {name: str(data.get(f"{entry.prefix}-{name}", "")).strip() for name in TEXTS}
    return entries


def read_upload(entries: list[Entry], data: bytes, file_name: str, *, year: int) -> list[Entry]:
    """Fill the page from a file (the letter's indicators: code, year, value and optionally numerator,
    denominator, source, notes), read by the importer's guarded readers; nothing is written. A row for
    an indicator not asked of the owner, or another year, refuses the file (ValidationError)."""
    try:
        if is_text_table(file_name):
            content = read_csv(check_text_upload(data), file_name)
        else:
            content = read_workbook(check_upload(data, file_name))
    except BadFile as error:
        raise ValidationError(str(error)) from None
    by_code = defaultdict(list)
    for entry in entries:
        by_code[entry.item.indicator.code].append(entry)
    signs, errors, found = FileSigns(), [], []
    for record in content.records:
        for cell in (record.value, record.extras.get("numerator"), record.extras.get("denominator")):
            if cell is not None and isinstance(cell.value, str):
                signs.learn(cell.column, cell.value, cell.ref)
    for record in content.records:
        code = str(record.code.value).strip()
        if code not in by_code:
            errors.append(
                _("%(ref)s: %(code)s is not one of the indicators asked of you.")
                % {"ref": record.code.ref, "code": code}
            )
            continue
        if record.year.value not in (None, "") and str(record.year.value).strip() not in (
            str(year),
            f"{year}.0",
        ):
            errors.append(_("%(ref)s: the year must be %(year)s.") % {"ref": record.year.ref, "year": year})
            continue
        found.append((by_code[code], record))
    if errors:
        raise ValidationError(errors)
    for code_entries, record in found:
        for entry in code_entries:
            typed = dict(entry.typed)
            cells = {"value": record.value, **record.extras}
            if entry.item.part != Part.FIGURE:
                cells[entry.item.part] = cells.get(entry.item.part) or record.value
            for name in TEXTS:
                cell = cells.get(name)
                if cell is not None and cell.value not in (None, ""):
                    typed[name] = _cell_text(cell, signs)
            if entry.item.part != Part.FIGURE:
                typed["value"] = typed.get(entry.item.part, "")
            entry.typed = typed
    return entries


def _cell_text(cell, signs: FileSigns) -> str:
    """A file's cell as the page's language would type it, so the form reads it back unchanged."""
    raw = cell.value
    if isinstance(raw, bool):
        return str(raw)
    if isinstance(raw, int | float | Decimal):
        try:
            return exact_text(from_spreadsheet(raw, percent=cell.percent), language=get_language())
        except NumberError:
            return str(raw)
    text = str(raw).strip()
    try:
        return exact_text(signs.read(cell.column, text), language=get_language())
    except NumberError:
        return text


def check(request: RoundRequest, entries: list[Entry]) -> list[Entry]:
    """Read each typed row and run the registry's checks on the figure it would make; rows left blank
    are not checked. Nothing is written."""
    stored = {
        value.indicator_id: value.status
        for value in IndicatorValue.objects.filter(
            city=request.round.city,
            year=request.round.year,
            indicator__in=[entry.item.indicator_id for entry in entries],
        ).only("indicator_id", "status")
    }
    probes = []
    for entry in entries:
        entry.errors, entry.warnings, entry.fields = [], [], {}
        if entry.is_blank:
            if entry.typed.get("source") or entry.typed.get("notes"):
                entry.errors.append(_("Enter the figure, or clear the source and notes."))
            continue
        try:
            entry.fields = _read(entry)
        except NumberError as error:
            entry.errors.append(str(error))
            continue
        if stored.get(entry.item.indicator_id, IndicatorValue.Status.DRAFT) != IndicatorValue.Status.DRAFT:
            entry.errors.append(
                _(
                    "The statistician has already checked this indicator’s figure for %(year)s: "
                    "to change it, "
                    "write to them."
                )
                % {"year": request.round.year}
            )
            continue
        probe = _probe(request, entry)
        if probe is not None:
            entry.errors.extend(blocking_problems(probe))
            probes.append((entry, probe))
    if probes:
        baseline = _published_baseline(request, [probe for _entry, probe in probes])
        for entry, probe in probes:
            if not entry.errors:
                entry.warnings = baseline.warnings(probe)
    return entries


def _read(entry: Entry) -> dict:
    """What the row's texts record on the item; NumberError names what cannot be read."""
    item, typed = entry.item, entry.typed
    if item.part != Part.FIGURE:
        return {item.part: _number(typed["value"], item.part), "answer": typed["value"], **_notes(typed)}
    indicator = item.indicator
    fields = {"answer": typed["value"], "numerator": None, "denominator": None, **_notes(typed)}
    signed = sign_fields(typed["value"], indicator=indicator, reason=typed["notes"], in_file=False)
    if signed is not None:
        fields.update(signed)
    elif indicator.is_text:
        fields.update(value=None, text_value=typed["value"], gap="", gap_reason="")
    else:
        fields.update(value=_number(typed["value"], "value"), text_value="", gap="", gap_reason="")
    if entry.wants_ratio and (typed.get("numerator") or typed.get("denominator")):
        fields.update(
            numerator=_number(typed.get("numerator", ""), "numerator"),
            denominator=_number(typed.get("denominator", ""), "denominator"),
        )
        if fields.get("gap"):
            raise NumberError(_("A gap has no numerator or denominator: clear them."))
    return fields


def _number(text: str, name: str = "numerator") -> Decimal:
    """A typed number, refused when the registry cannot hold it as it is (digits, decimal places)."""
    if not text.strip():
        raise NumberError(_("Enter a number."))
    number = read_typed(text)
    try:
        RoundItem._meta.get_field(name).run_validators(number)
    except ValidationError as error:
        raise NumberError(" ".join(error.messages)) from None
    return number


def _notes(typed: dict) -> dict:
    return {"source": typed.get("source", ""), "notes": typed.get("notes", "")}


def _probe(request: RoundRequest, entry: Entry) -> IndicatorValue | None:
    """The value the answer would make; a part alone makes one only once the other part is answered."""
    fields = value_fields(entry.item, entry.fields, entry.partner)
    if fields is None:
        if entry.item.part == Part.DENOMINATOR and entry.fields.get("denominator") == 0:
            entry.errors.append(_("The denominator cannot be zero."))
        return None
    probe = IndicatorValue(
        city=request.round.city, indicator=entry.item.indicator, year=request.round.year, **fields
    )
    return probe


def value_fields(item: RoundItem, answer: dict, partner: RoundItem | None) -> dict | None:
    """The IndicatorValue fields an item's answer gives: a figure's own, or for a part the ratio with the
    partner's answered part (value = numerator ÷ denominator × scale, written at the stored precision);
    None while the other part is missing (or would divide by zero: the checks say so)."""
    names = ("value", "text_value", "numerator", "denominator", "gap", "gap_reason", "source", "notes")
    if item.part == Part.FIGURE:
        return {name: answer[name] for name in names if name in answer}
    if partner is None or partner.answered_at is None:
        return None
    parts = {item.part: answer[item.part], partner.part: getattr(partner, partner.part)}
    numerator, denominator = parts[Part.NUMERATOR], parts[Part.DENOMINATOR]
    if not denominator:
        return None
    ratio = numerator / denominator * (item.indicator.scale or 1)
    sources = [text for text in (answer.get("source", ""), partner.source) if text]
    notes = [text for text in (answer.get("notes", ""), partner.notes) if text]
    return {
        "value": ratio.quantize(STORED_QUANTUM),
        "text_value": "",
        "numerator": numerator,
        "denominator": denominator,
        "gap": "",
        "gap_reason": "",
        "source": "; ".join(dict.fromkeys(sources)),
        "notes": "; ".join(dict.fromkeys(notes)),
    }


def _published_baseline(request: RoundRequest, probes: list[IndicatorValue]) -> Baseline:
    """The quality warnings' baseline from published figures only: the owner never sees a draft."""
    city = request.round.city
    figures = defaultdict(dict)
    for indicator_id, year, figure in (
        published_values(city=city)
        .filter(indicator__in={probe.indicator_id for probe in probes}, value__isnull=False)
        .values_list("indicator_id", "year", "value")
    ):
        figures[city.pk, indicator_id][year] = figure
    populations = {}
    for year, figure in (
        published_values(city=city)
        .filter(year=request.round.year, indicator__code=POPULATION_CODE)
        .order_by("indicator__edition")
        .values_list("year", "value")
    ):
        populations.setdefault((city.pk, year), figure)
    return Baseline(figures, populations)


def history_reason(request: RoundRequest) -> str:
    """The owner and the link, cut to what the history's column holds: a long name is shortened, the
    link is always kept whole."""
    limit = RoundItem.history.model._meta.get_field("history_change_reason").max_length
    owner, link = request.owner.name, link_name(request)
    reason = _("data owner %(owner)s, link %(link)s") % {"owner": owner, "link": link}
    if len(reason) > limit:
        owner = owner[: len(owner) - (len(reason) - limit) - 1] + "…"
        reason = _("data owner %(owner)s, link %(link)s") % {"owner": owner, "link": link}
    return reason


def submit(request: RoundRequest, entries: list[Entry]) -> tuple[bool, int]:
    """Check, then write every answered row as the item's answer and, where the figure is complete, as a
    draft value through indicators.services.save_value; (written, rows answered). Nothing is written
    when any row is refused (the rows carry their errors)."""
    check(request, entries)
    answered = [entry for entry in entries if not entry.is_blank]
    if not answered or any(entry.errors for entry in entries):
        return False, 0
    try:
        with transaction.atomic():
            _write(request, answered)
    except ValidationError as error:  # the workflow refused (e.g. the value moved on meanwhile)
        answered[0].errors.extend(error.messages)
        return False, 0
    return True, len(answered)


def _write(request: RoundRequest, answered: list[Entry]) -> None:
    locked = RoundRequest.objects.select_for_update().get(pk=request.pk)
    now, actor, reason = timezone.now(), owner_actor(request), history_reason(request)
    for entry in answered:
        item = entry.item
        for name in ("value", "text_value", "numerator", "denominator", "gap", "source", "notes", "answer"):
            if name in entry.fields:
                setattr(item, name, entry.fields[name])
        item.answered_at = now
        partner = RoundItem.objects.filter(pk=entry.partner.pk).first() if entry.partner else None
        fields = value_fields(item, entry.fields, partner)
        if fields is not None:
            value, _outcome = save_value(
                actor=actor,
                city=request.round.city,
                indicator=item.indicator,
                year=request.round.year,
                change_reason=reason,
                **fields,
            )
            item.draft = value
            if partner is not None:
                partner.draft = value
                partner._change_reason = reason
                partner.save(update_fields=["draft"])
        item._change_reason = reason
        item.save()
    locked.answered_at = now
    locked._change_reason = reason
    locked.save(update_fields=["answered_at"])
