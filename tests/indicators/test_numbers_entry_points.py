"""One reading of every figure, whichever way it comes in: the admin form, the year-entry grid, an import
and the API give the same number or the same refusal for the same text and the same convention.

A form knows the decimal sign from the user's language; a file knows it from a cell that can be read
only one way ("12,5" shows the comma, "1.5" the dot) — the same knowledge, so the same answers. A file
that shows nothing refuses every text that could mean two numbers. The API takes plain decimal strings.
"""

from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.utils import translation
from rest_framework.test import APIClient

from indicators.models import City, Indicator, IndicatorValue, Theme
from indicators.year_entry import build_rows, save_rows

from .import_helpers import long_sheet, plan_of, workbook_bytes

REFUSED = "refused"


@dataclass(frozen=True)
class Ambiguous:
    """Refused with a message naming both readings: the thousands one and the decimal one."""

    whole: str
    fraction: str


D = Decimal
# text, with the decimal comma (PL form; a file showing "," as decimal), with the decimal dot (EN form;
# a file showing "." as decimal), through the API
CASES = [
    ("42", D(42), D(42), D(42)),
    ("  42 ", D(42), D(42), D(42)),
    ("-3", D(-3), D(-3), D(-3)),
    ("+7", D(7), D(7), REFUSED),
    ("\u22123", D(-3), D(-3), REFUSED),
    ("4,2", D("4.2"), D("4.2"), REFUSED),
    ("4.2", D("4.2"), D("4.2"), D("4.2")),
    ("12,5", D("12.5"), D("12.5"), REFUSED),
    ("0,5", D("0.5"), D("0.5"), REFUSED),
    ("0.5", D("0.5"), D("0.5"), D("0.5")),
    (",5", D("0.5"), D("0.5"), REFUSED),
    (".5", D("0.5"), D("0.5"), REFUSED),
    ("1 234,5", D("1234.5"), D("1234.5"), REFUSED),
    ("1 234.5", D("1234.5"), D("1234.5"), REFUSED),
    ("1\u00a0234\u00a0567", D(1234567), D(1234567), REFUSED),
    ("1\u202f234,56", D("1234.56"), D("1234.56"), REFUSED),
    ("1 000 000", D(1000000), D(1000000), REFUSED),
    ("1.234,5", D("1234.5"), D("1234.5"), REFUSED),
    ("1,234.5", D("1234.5"), D("1234.5"), REFUSED),
    ("1,088.78", D("1088.78"), D("1088.78"), REFUSED),
    ("1.234.567", D(1234567), D(1234567), REFUSED),
    ("1,234,567", D(1234567), D(1234567), REFUSED),
    ("1.234.567,89", D("1234567.89"), D("1234567.89"), REFUSED),
    ("1,234,567.89", D("1234567.89"), D("1234567.89"), REFUSED),
    ("776,298", D("776.298"), Ambiguous("776298", "776.298"), REFUSED),
    ("2,500", D("2.5"), Ambiguous("2500", "2.5"), REFUSED),
    ("-1,234", D("-1.234"), Ambiguous("-1234", "-1.234"), REFUSED),
    ("1.234", Ambiguous("1234", "1,234"), D("1.234"), D("1.234")),
    ("-1.234", Ambiguous("-1234", "-1,234"), D("-1.234"), D("-1.234")),
    ("999.999", Ambiguous("999999", "999,999"), D("999.999"), D("999.999")),
    ("0,123", D("0.123"), D("0.123"), REFUSED),
    ("0.123", D("0.123"), D("0.123"), D("0.123")),
    ("1234,567", D("1234.567"), D("1234.567"), REFUSED),
    ("1234.567", D("1234.567"), D("1234.567"), D("1234.567")),
    ("12,5 %", D("12.5"), D("12.5"), REFUSED),
    ("12.5%", D("12.5"), D("12.5"), REFUSED),
    ("1 234", D(1234), D(1234), REFUSED),
    ("\u22120,5", D("-0.5"), D("-0.5"), REFUSED),
    ("12 34", REFUSED, REFUSED, REFUSED),
    ("1,2,3", REFUSED, REFUSED, REFUSED),
    ("1.2.3", REFUSED, REFUSED, REFUSED),
    ("1,23,456", REFUSED, REFUSED, REFUSED),
    ("1 234.567,8", REFUSED, REFUSED, REFUSED),
    ("1.234,567.8", REFUSED, REFUSED, REFUSED),
    ("5.", REFUSED, REFUSED, REFUSED),
    ("abc", REFUSED, REFUSED, REFUSED),
    ("1e3", REFUSED, REFUSED, REFUSED),
    ("NaN", REFUSED, REFUSED, REFUSED),
    ("Infinity", REFUSED, REFUSED, REFUSED),
    ("0.1234567", REFUSED, REFUSED, REFUSED),
    ("0,1234567", REFUSED, REFUSED, REFUSED),
    ("123456789012345", REFUSED, REFUSED, REFUSED),
    ("12345678901234.5", D("12345678901234.5"), D("12345678901234.5"), D("12345678901234.5")),
]
SHOWS_THE_DECIMAL_SIGN = {"pl": "12,5", "en": "1.5"}  # a file cell that can be read only one way
LANGUAGES = {"pl": 1, "en": 2}
SHEETS_PER_FILE = 40  # the importer takes up to 50 sheets  # the column of CASES each language gives


@pytest.fixture
def free_indicators(catalogue):
    """A numeric indicator without bounds per case, in a theme of their own, so only the reading decides."""
    theme = Theme.objects.create(edition=2014, number=99, slug="numbers", name="Numbers")
    return [
        Indicator.objects.create(
            edition=2014, code=f"99.{index}", theme=theme, kind=Indicator.Kind.SUPPORTING, name="Any number"
        )
        for index in range(1, len(CASES) + 1)
    ]


def agrees(answer, expected) -> bool:
    """The same number, or a refusal; an ambiguous text's refusal names both readings."""
    if isinstance(expected, Decimal):
        return answer == expected
    if not isinstance(answer, list) or not answer:
        return False
    if isinstance(expected, Ambiguous):
        text = " ".join(answer)
        return expected.whole in text and expected.fraction in text
    return True


def disagreements(answers: dict, column: int) -> list:
    return [
        (case[0], answers[case[0]], case[column])
        for case in CASES
        if not agrees(answers[case[0]], case[column])
    ]


def test_the_admin_form_reads_every_text_as_the_table_says(gdansk, free_indicators, statistician):
    model_admin = admin.site._registry[IndicatorValue]
    request = RequestFactory().post("/")
    request.user = statistician
    form_class = model_admin.get_form(request)
    for language, column in LANGUAGES.items():
        answers = {}
        with translation.override(language):
            for (text, *_), indicator in zip(CASES, free_indicators, strict=True):
                data = {"city": gdansk.pk, "indicator": indicator.pk, "year": 2019, "value": text}
                form = form_class(data=data)
                valid = form.is_valid()
                answers[text] = (
                    form.cleaned_data["value"]
                    if valid
                    else [message for messages in form.errors.values() for message in messages]
                )
        assert disagreements(answers, column) == [], language


def test_the_year_entry_grid_reads_every_text_as_the_table_says(gdansk, free_indicators, statistician):
    theme = free_indicators[0].theme
    for year, (language, column) in enumerate(LANGUAGES.items(), start=2018):
        cases = zip(CASES, free_indicators, strict=True)
        data = {f"i{indicator.pk}-value": text for (text, *_), indicator in cases}
        with translation.override(language):
            rows = build_rows(user=statistician, city=gdansk, year=year, theme=theme)
            save_rows(user=statistician, city=gdansk, year=year, rows=rows, data=data)
        answers = {case[0]: row.errors or row.stored.value for case, row in zip(CASES, rows, strict=True)}
        assert disagreements(answers, column) == [], language


def import_answers(cases, indicators, shown_sign) -> dict:
    """One sheet per case, the cell that shows the decimal sign (when given) above the case's cell; a
    workbook per SHEETS_PER_FILE cases."""
    answers = {}
    for start in range(0, len(cases), SHEETS_PER_FILE):
        part = list(zip(cases, indicators, strict=True))[start : start + SHEETS_PER_FILE]
        sheets, refs = {}, {}
        for number, ((text, *_), indicator) in enumerate(part, start=1):
            shown = [[indicator.code, 2018, shown_sign]] if shown_sign else []
            sheets[f"S{number}"] = long_sheet(*shown, [indicator.code, 2019, text])
            refs[text] = f"'S{number}'!C{len(shown) + 2}"
        plan = plan_of(workbook_bytes(sheets), City.objects.get(slug="gdansk"))
        read = {record.value.ref: row["value"] for row, record in zip(plan.rows, plan.records, strict=True)}
        for text, ref in refs.items():
            answers[text] = [problem.message for problem in plan.errors if problem.ref == ref] or read[ref]
    return answers


def test_an_import_reads_every_text_as_the_table_says(free_indicators):
    for language, column in LANGUAGES.items():
        with translation.override(language):
            answers = import_answers(CASES, free_indicators, SHOWS_THE_DECIMAL_SIGN[language])
        assert disagreements(answers, column) == [], language


def test_the_api_reads_every_text_as_the_table_says(gdansk, free_indicators, statistician):
    client = APIClient()
    client.force_authenticate(statistician)
    answers = {}
    for (text, *_), indicator in zip(CASES, free_indicators, strict=True):
        body = {"city": "gdansk", "indicator": indicator.code, "year": 2019, "value": text}
        response = client.post("/api/values/", body, format="json")
        created = response.status_code == 201
        answers[text] = Decimal(response.json()["value"]) if created else [str(response.json())]
    assert disagreements(answers, 3) == []


@pytest.mark.usefixtures("english")
def test_a_file_that_shows_no_decimal_sign_refuses_every_text_that_could_mean_two_numbers(free_indicators):
    """Each ambiguous text alone in its file (other files' cells must not decide for it)."""
    plain = [case for case in CASES if case[1] == case[2]]
    answers = import_answers(plain, free_indicators[: len(plain)], None)
    mismatches = [(text, answers[text]) for text, comma, *_ in plain if not agrees(answers[text], comma)]
    for case in CASES:
        if case[1] != case[2]:
            [ambiguous] = [reading for reading in case[1:3] if isinstance(reading, Ambiguous)]
            answer = import_answers([case], free_indicators[:1], None)[case[0]]
            if not agrees(answer, Ambiguous(ambiguous.whole, ambiguous.fraction.replace(",", "."))):
                mismatches.append((case[0], answer))
    assert mismatches == []


def test_german_forms_read_the_comma_as_the_decimal_sign(gdansk, free_indicators, statistician):
    indicator = free_indicators[0]
    rows = build_rows(user=statistician, city=gdansk, year=2019, theme=indicator.theme)
    with translation.override("de"):
        save_rows(
            user=statistician, city=gdansk, year=2019, rows=rows, data={f"i{indicator.pk}-value": "1.234,5"}
        )
    assert IndicatorValue.objects.get(indicator=indicator).value == Decimal("1234.5")
