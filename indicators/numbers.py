"""Every figure in and out, in one place: text typed in a form, written in a file or sent to the API becomes a
Decimal here, and a stored Decimal is written back here.

Reading. Two conventions meet in this registry: the decimal comma (PL, DE: "1 234,5", "1.234,5") and the
decimal dot (EN: "1,234.5", "1 234.5"). Spaces (also no-break and thin ones) and apostrophes always
separate thousands, in groups of three. Most texts can be read one way only, or mean the same number in both
conventions: they are read so. A text whose only sign is one "," or "." before exactly three digits
("776,298", "1.234") means two different numbers, and is read only when it is known what that sign is:

* in a form (admin, year-entry grid), the user's language names its decimal sign: "776,298" typed in Polish
  is 776,298. The other sign is not taken for a thousands separator there — people type the other
  convention's decimal sign out of habit — so "1.234" typed in Polish is refused, naming 1234 and 1,234;
* in a file, each cell that can be read one way only shows what its signs are ("12,5": the comma is decimal;
  "1,088.78": the comma separates thousands, the dot is decimal), for its column, or else for the whole
  file. A cell nothing explains, or explained both ways, is refused naming both readings. Never a guess;
* the API takes plain decimal strings ("-1234.5") and JSON numbers.

A trailing "%" is dropped in forms and files (the figure is the percentage itself); "−" is a minus sign.

Signs. A file's cell or a grid's row may hold one of the Polish statistical signs (GUS) instead of a figure;
each keeps its meaning (statistical_sign; sign_fields says what a value records): "x" (filling the cell is
impossible or pointless) is "not applicable", "." (no information, or none reliable) is "not available",
and the dash "-" (also typeset "–" or "—": the phenomenon did not occur) is a zero. None of them is ever
read as a number by the readers above.

Writing. Files and the API carry the figure exactly as stored, with at least its indicator's decimal places
("5.10", "39.95"); only pages round, to the indicator's places, in the reader's language.
"""

import re
from collections.abc import Hashable
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext as _

STORED_PLACES = 6  # IndicatorValue keeps six decimal places
STORED_QUANTUM = Decimal(1).scaleb(-STORED_PLACES)
COMMA, DOT = ",", "."
DECIMAL, THOUSANDS = "decimal", "thousands"  # what a sign is in a text
DECIMAL_COMMA_LANGUAGES = ("pl", "de")
GROUP_SEPARATOR = "\u00a0"  # on pages: a no-break space, so "1 234,5" never wraps between its digits
# an amount with its currency sign or code before or after it, as spreadsheets of budgets write them
CURRENCY_SIGNS = r"[$€£¥]|zł|PLN|EUR|USD|GBP|CHF"
CURRENCY = re.compile(
    rf"(?:(?P<before>{CURRENCY_SIGNS})\s*(?P<amount>[-+]?[\d.,\s\u00a0\u202f]+)"
    rf"|(?P<amount2>[-+]?[\d.,\s\u00a0\u202f]+?)\s*(?P<after>{CURRENCY_SIGNS}))",
    re.IGNORECASE,
)
SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2009": " ", "'": " ", "\u2212": "-"})
DIGITS = re.compile(r"[0-9]+")
PLAIN_DECIMAL = re.compile(r"-?[0-9]+(\.[0-9]+)?")  # how the API and the exports write a number
GROUPED = {  # thousands in groups of three, by one kind of separator
    separator: re.compile(rf"[1-9][0-9]{{0,2}}(?:{re.escape(separator)}[0-9]{{3}})+")
    for separator in (" ", COMMA, DOT)
}


ZERO = "zero"
NOT_APPLICABLE, NOT_AVAILABLE = "not_applicable", "not_available"  # IndicatorValue.Gap's values
STATISTICAL_SIGNS = {"x": NOT_APPLICABLE, ".": NOT_AVAILABLE, "-": ZERO, "\u2013": ZERO, "\u2014": ZERO}
GAP_SIGNS = {NOT_APPLICABLE: "x", NOT_AVAILABLE: "."}  # how an export writes a gap, read back as the same


def gap_sign(gap: str, _reason: str = "") -> str:
    """A gap as files and the year-entry grid write it: its sign alone (the reason has its own column)."""
    return GAP_SIGNS[gap]


class NumberError(ValueError):
    """Text that is not one number; the message, in the active language, says why and how to write it."""


def decimal_sign(language: str | None) -> str:
    return COMMA if (language or "")[:2] in DECIMAL_COMMA_LANGUAGES else DOT


def other_sign(sign: str) -> str:
    return DOT if sign == COMMA else COMMA


# Reading


def statistical_sign(raw) -> str | None:
    """What a cell holding a Polish statistical sign means (ZERO, NOT_APPLICABLE, NOT_AVAILABLE); None
    for anything else."""
    return STATISTICAL_SIGNS.get(raw.strip().lower()) if isinstance(raw, str) else None


def sign_reason(sign: str, *, in_file: bool = True) -> str:
    """The reason a gap read from a sign records when its row gives none: the sign and what it means. A
    file's wording never changes, so a file imported again reads as the same gap."""
    not_applicable = STATISTICAL_SIGNS[sign] == NOT_APPLICABLE
    if in_file:
        if not_applicable:
            return _("sign “x” in the file: filling in the cell is impossible or pointless")
        return _("sign “.” in the file: no information, or no reliable information")
    if not_applicable:
        return _("sign “x”: filling in the cell is impossible or pointless")
    return _("sign “.”: no information, or no reliable information")


def sign_fields(text, *, indicator, reason: str = "", in_file: bool = True) -> dict | None:
    """What a value records for a statistical sign typed or written instead of its figure, for the import
    and the year-entry grid alike: a gap with the row's own reason (else the sign's meaning) and no
    figure, or a zero. None when the text is no sign; NumberError for a zero where a text is expected."""
    sign = statistical_sign(text)
    if sign is None:
        return None
    written = text.strip()
    if sign == ZERO:
        if indicator.is_text:
            raise NumberError(
                _(
                    "“%(sign)s” means zero (the phenomenon did not occur), but %(code)s takes a text: write "
                    "the text, or “x” if the indicator is not applicable."
                )
                % {"sign": written, "code": indicator.code}
            )
        return {"value": Decimal(0), "text_value": "", "gap": "", "gap_reason": ""}
    return {
        **{"value": None, "text_value": "", "numerator": None, "denominator": None},
        **{"gap": sign, "gap_reason": reason or sign_reason(written.lower(), in_file=in_file)},
    }


class Readings:
    """What a text means with the comma as decimal sign and with the dot (None: it means nothing so)."""

    def __init__(self, text: str):
        self.text = text.strip()
        body = self.text.translate(SPACES)
        if body.endswith("%"):
            body = body[:-1].rstrip()
        sign, body = (body[0], body[1:]) if body[:1] in ("+", "-") else ("", body)
        self.by_sign = {mark: _number(sign, body, mark) for mark in (COMMA, DOT)}
        self.signs = [mark for mark in (COMMA, DOT) if mark in body]

    @property
    def is_number(self) -> bool:
        return any(number is not None for number in self.by_sign.values())

    @property
    def is_ambiguous(self) -> bool:
        comma, dot = self.by_sign[COMMA], self.by_sign[DOT]
        return comma is not None and dot is not None and comma != dot

    @property
    def ambiguous_sign(self) -> str:
        """The one sign of an ambiguous text ("776,298": the comma)."""
        return self.signs[0]

    def with_decimal(self, sign: str) -> Decimal | None:
        return self.by_sign[sign]

    def roles(self) -> dict[str, str]:
        """What each sign of a text readable one way only is: {",": "decimal", ".": "thousands"}."""
        readable = [mark for mark, number in self.by_sign.items() if number is not None]
        if len(readable) != 1:
            return {}
        decimal = readable[0]
        return {mark: DECIMAL if mark == decimal else THOUSANDS for mark in self.signs}

    def only(self) -> Decimal:
        """The number of a text that is not ambiguous; NumberError when it is no number at all, saying
        which currency sign to remove when the text is an amount with one ("$262,605,908,770")."""
        if not self.is_number:
            currency = CURRENCY.fullmatch(self.text)
            if currency and Readings(currency["amount"] or currency["amount2"]).is_number:
                sign = currency["before"] or currency["after"]
                raise NumberError(
                    _("“%(value)s” is not a number: remove “%(currency)s” (the unit says the currency).")
                    % {"value": self.text, "currency": sign}
                )
            raise NumberError(_("“%(value)s” is not a number.") % {"value": self.text})
        return next(number for number in self.by_sign.values() if number is not None)

    def read_as(self, role: str) -> Decimal:
        """An ambiguous text read with its sign as the decimal sign or as the thousands separator."""
        mark = self.ambiguous_sign
        return self.by_sign[mark] if role == DECIMAL else self.by_sign[other_sign(mark)]


@lru_cache(maxsize=1 << 16)
def readings_of(text: str) -> Readings:
    """Cached: a file's cells are read twice, once to learn what its signs mean and once for their figure."""
    return Readings(text)


def _number(sign: str, body: str, decimal: str) -> Decimal | None:
    """What `body` means with `decimal` as decimal sign and thousands grouped by the other sign or spaces."""
    whole, has_decimal, fraction = body.partition(decimal)
    if has_decimal and not DIGITS.fullmatch(fraction):
        return None
    digits = _ungrouped(whole, other_sign(decimal)) if whole or not has_decimal else "0"
    if digits is None:
        return None
    number = Decimal(f"{sign}{digits}.{fraction}" if has_decimal else f"{sign}{digits}")
    return number if number else abs(number)  # "-0" is 0


def _ungrouped(whole: str, thousands: str) -> str | None:
    if DIGITS.fullmatch(whole):
        return whole
    for separator in (" ", thousands):
        if GROUPED[separator].fullmatch(whole):
            return whole.replace(separator, "")
    return None


def _ambiguous(readings: Readings, language: str | None) -> dict:
    """The parts of every "could mean two numbers" message, the readings written for the reader."""
    mark = readings.ambiguous_sign
    decimal = readings.read_as(DECIMAL)
    return {
        "value": readings.text,
        "sign": mark,
        "whole": exact_text(readings.read_as(THOUSANDS)),
        "fraction": exact_text(decimal, language=language),
        "padded": exact_text(decimal, min_places=4).replace(DOT, mark),
    }


def read_typed(text: str, language: str | None = None) -> Decimal:
    """A figure typed in a form, read in the user's language (the active one when not given)."""
    language = language or get_language()
    readings = Readings(text)
    if not readings.is_ambiguous:
        return readings.only()
    if readings.ambiguous_sign == decimal_sign(language):
        return readings.read_as(DECIMAL)
    raise NumberError(
        _(
            "“%(value)s” could mean %(whole)s (“%(sign)s” between thousands) or %(fraction)s "
            "(“%(sign)s” as the decimal sign). Type %(whole)s or %(fraction)s."
        )
        % _ambiguous(readings, language)
    )


class FileSigns:
    """What the signs of a file mean, learnt from its cells that can be read one way only.

    learn() every text cell holding a figure first, then read() them; a column is any key (sheet, column).
    """

    def __init__(self):
        self.columns: dict[Hashable, dict[str, dict[str, tuple[str, str]]]] = {}
        self.file: dict[str, dict[str, tuple[str, str]]] = {}

    def learn(self, column: Hashable, text: str, ref: str) -> None:
        for mark, role in readings_of(text).roles().items():
            for known in (self.columns.setdefault(column, {}), self.file):
                known.setdefault(mark, {}).setdefault(role, (ref, text.strip()))

    def read(self, column: Hashable, text: str) -> Decimal:
        readings = readings_of(text)
        if not readings.is_ambiguous:
            return readings.only()
        mark = readings.ambiguous_sign
        roles = self.columns.get(column, {}).get(mark) or self.file.get(mark) or {}
        if len(roles) == 1:
            return readings.read_as(next(iter(roles)))
        parts = _ambiguous(readings, get_language())
        if not roles:
            raise NumberError(
                _(
                    "“%(value)s” could mean %(whole)s (“%(sign)s” between thousands) or %(fraction)s "
                    "(“%(sign)s” as the decimal sign), and no cell of its column or file shows which. "
                    "Write %(whole)s for the first, %(padded)s for the second."
                )
                % parts
            )
        decimal_ref, decimal_text = roles[DECIMAL]
        thousands_ref, thousands_text = roles[THOUSANDS]
        raise NumberError(
            _(
                "“%(value)s” could mean %(whole)s (“%(sign)s” between thousands) or %(fraction)s "
                "(“%(sign)s” as the decimal sign), and the file uses “%(sign)s” both ways "
                "(%(decimal_ref)s: “%(decimal_text)s”, %(thousands_ref)s: “%(thousands_text)s”). "
                "Write %(whole)s for the first, %(padded)s for the second."
            )
            % {
                **parts,
                "decimal_ref": decimal_ref,
                "decimal_text": decimal_text,
                "thousands_ref": thousands_ref,
                "thousands_text": thousands_text,
            }
        )


def from_spreadsheet(raw: int | float | Decimal, *, percent: bool = False) -> Decimal:
    """A cell stored as a number: shown as a percentage, it holds the fraction; float noise (0.1 + 0.2)
    beyond the stored places is rounded away."""
    number = Decimal(repr(raw)) if isinstance(raw, float) else Decimal(raw)
    if not number.is_finite():
        raise NumberError(_("%(value)s is not a number.") % {"value": raw})
    number = number * 100 if percent else number
    if isinstance(raw, float) and number.as_tuple().exponent < -STORED_PLACES:
        number = number.quantize(STORED_QUANTUM).normalize()
    return number


def read_api(data) -> Decimal:
    """A figure sent to the API: a decimal string with a dot and no separators, or a JSON number."""
    if isinstance(data, int | float) and not isinstance(data, bool):
        number = Decimal(repr(data)) if isinstance(data, float) else Decimal(data)
        if number.is_finite():
            return number
    elif isinstance(data, str) and PLAIN_DECIMAL.fullmatch(data.strip()):
        return Decimal(data.strip())
    raise NumberError(
        _("“%(value)s” is not a decimal number as the API takes it: a dot and no separators, e.g. 1234.5.")
        % {"value": data}
    )


def is_plain_decimal(text: str) -> bool:
    return bool(PLAIN_DECIMAL.fullmatch(text))


class NumberField(forms.DecimalField):
    """A figure in an admin form: typed in the user's language (read_typed), shown exactly as stored."""

    widget = forms.TextInput

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            return value
        try:
            return read_typed(str(value))
        except NumberError as error:
            raise ValidationError(str(error), code="invalid") from error

    def prepare_value(self, value):
        return typed(value) if isinstance(value, Decimal) else value

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "inputmode": "decimal"}


# Writing


def exact(number: Decimal, min_places: int = 0) -> Decimal:
    """The same number with at least `min_places` decimals and no trailing zeros beyond them."""
    needed = -number.normalize().as_tuple().exponent
    return number.quantize(Decimal(1).scaleb(-max(min_places, needed, 0)))


def exact_text(number: Decimal, *, min_places: int = 0, language: str | None = None) -> str:
    """The figure as stored, without thousands separators: "1234.5", or "1234,5" for a comma language."""
    text = f"{exact(number, min_places):f}"
    return text.replace(DOT, COMMA) if language and decimal_sign(language) == COMMA else text


def typed(number: Decimal) -> str:
    """The figure as stored, written as the active language types it ("1043,6" in PL and DE): for messages
    (an API's error text included) and back-office pages, whose figures people read and type again into a
    form (read_typed reads it). Files and the API's figures themselves use exact_text."""
    return exact_text(number, language=get_language())


class Figure(Decimal):
    """A stored figure, exact, written with at least its indicator's decimal places ("5.10", "39.95");
    `places` is what a spreadsheet's number format shows."""

    places: int

    def __new__(cls, number: Decimal, places: int):
        figure = super().__new__(cls, exact(number, places))
        figure.places = places
        return figure


def format_number(number: Decimal, places: int, language: str) -> str:
    """For pages: the number rounded half-up to `places` (2.675 -> 2.68, as people round), as residents of
    `language` write it ("1 234,5" in PL and DE, "1,234.5" in EN)."""
    rounded = Decimal(number).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = f"{{:,.{places}f}}".format(rounded)
    if decimal_sign(language) == COMMA:
        text = text.replace(COMMA, GROUP_SEPARATOR).replace(DOT, COMMA)
    return text


def fits_a_float(number: Decimal) -> bool:
    """Whether a spreadsheet's number (a binary double) holds this figure exactly as written."""
    return Decimal(repr(float(number))) == number


def format_percent(fraction: Decimal, places: int, language: str) -> str:
    """For pages: a rate (0.021 is 2.1 %) as a percentage rounded to `places` ("2,1 %" in PL and DE)."""
    return f"{format_number(fraction * 100, places, language)}\u00a0%"
