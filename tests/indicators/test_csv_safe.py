import csv
import io
from decimal import Decimal

import pytest

from indicators.csv_safe import csv_field, csv_text
from indicators.numbers import Figure


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("=1+1", "'=1+1"),
        ("x;=1+cmd|' /C calc'!A0", "x;'=1+cmd|' /C calc'!A0"),
        ("a,@SUM(1)", "a,'@SUM(1)"),
        ("a\t+1", "a\t'+1"),
        ('x; "=2+2"', 'x; "\'=2+2"'),
        ("\tcell", "'\tcell"),
        ("N:\r=1+1", "N:\n'=1+1"),
        ("line\r\n-2+3", "line\n'-2+3"),
        ("\t=19", "'\t'=19"),
        ("\t\t@A1", "'\t'\t'@A1"),
        ("\u00a0=19", "\u00a0'=19"),
        ("x;\u00a0 =1+1", "x;\u00a0 '=1+1"),
        ("\u2007\u202f+1", "\u2007\u202f'+1"),
    ],
)
def test_a_formula_character_after_the_start_a_separator_or_a_line_break_is_escaped(text, written):
    assert csv_field(text) == written


@pytest.mark.parametrize("number", ["-5", "-5,3", "-0.25", "12"])
def test_a_text_that_is_a_plain_number_stays_a_number(number):
    assert csv_field(number) == number


def test_numbers_are_written_as_numbers():
    assert csv_text(["value"], [[Decimal("-5.10")], [-3]]).splitlines()[1:] == ['"-5.10"', '"-3"']


def test_every_field_is_quoted_and_a_bare_cr_never_starts_a_row():
    text = csv_text(["a", "b"], [["N:\r=1+1", None]])
    assert "\r" not in text
    assert list(csv.reader(io.StringIO(text))) == [["a", "b"], ["N:\n'=1+1", ""]]
    assert text.startswith('"a","b"\n"N:')


def test_a_negative_figure_is_written_as_a_number_with_its_places():
    assert csv_text(["value"], [[Figure(Decimal("-5.1"), 2)]]).splitlines()[1:] == ['"-5.10"']
