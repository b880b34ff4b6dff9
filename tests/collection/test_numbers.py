"""The owner's page reads every figure as every other entry point does (the table of
tests/indicators/test_numbers_entry_points.py): the same number, or the same refusal."""

from datetime import date

import pytest
from django.utils import translation

from indicators.collection import answers, services
from indicators.collection.models import Assignment, DataOwner

from ..indicators.test_numbers_entry_points import CASES, LANGUAGES, disagreements, free_indicators  # noqa: F401

pytestmark = pytest.mark.django_db


def test_the_owners_page_reads_every_text_as_the_table_says(gdansk, free_indicators):  # noqa: F811
    owner = DataOwner.objects.create(name_pl="Wszystkie liczby", kind=DataOwner.Kind.OTHER)
    for indicator in free_indicators:
        Assignment.objects.create(city=gdansk, indicator=indicator, owner=owner)
    collection_round = services.open_round(city=gdansk, year=2019, due_date=date(2020, 3, 31))
    request = collection_round.requests.get()
    for language, column in LANGUAGES.items():
        with translation.override(language):
            entries = answers.entries_of(request)
            by_indicator = {entry.item.indicator_id: entry for entry in entries}
            data = {
                f"{by_indicator[indicator.pk].prefix}-value": text
                for (text, *_), indicator in zip(CASES, free_indicators, strict=True)
            }
            answers.check(request, answers.read_form(entries, data))
        found = {
            text: by_indicator[indicator.pk].errors or by_indicator[indicator.pk].fields["value"]
            for (text, *_), indicator in zip(CASES, free_indicators, strict=True)
        }
        assert disagreements(found, column) == [], language
