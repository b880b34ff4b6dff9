"""Every comparison of the real data set (252 cities, GCIF 2012) gives the same cities, ranks, quartiles
and scores in Polish, English and German, through each entry point."""

import pytest
from django.db import transaction
from django.test import override_settings
from django.utils import translation

from indicators.comparison import builders
from indicators.comparison.models import PeerGroup
from indicators.models import City, Indicator, Theme

from . import real_data

LANGUAGES = ["pl", "en", "de"]
HOME = "toronto"


@pytest.fixture(scope="module")
def gcif(django_db_setup, django_db_blocker):
    """The data set, with Toronto (a city of the set) as the home city, in a transaction of the module's
    own that the tests' transactions nest in, rolled back at the end: nothing to delete."""
    with django_db_blocker.unblock(), override_settings(HOME_CITY_SLUG=HOME), transaction.atomic():
        yield real_data.load()
        transaction.set_rollback(True)


@pytest.fixture
def real(gcif, db):
    return {
        "group": PeerGroup.objects.get(slug="all-cities"),
        "home": City.objects.get(slug=HOME),
        "indicators": list(Indicator.objects.of_edition(2014).performance().select_related("theme")),
    }


def indicator_answer(comparison):
    summary = comparison.summary
    return (
        comparison.year,
        summary.n,
        (summary.minimum, summary.q1, summary.median, summary.q3, summary.maximum),
        comparison.home_rank,
        [(row.slug, row.rank, row.year, row.figure) for row in comparison.rows],
    )


def theme_answer(comparison):
    return (
        [
            (standing.indicator.code, standing.rank, standing.z, standing.n)
            for standing in comparison.standings
        ],
        [(row["slug"], row["score"], row["indicators"], row["rank"]) for row in comparison.scores],
    )


def in_every_language(build):
    answers = {}
    for language in LANGUAGES:
        with translation.override(language):
            answers[language] = build()
    return answers


def test_the_data_set_is_real_and_large(real, gcif):
    assert gcif > 5000
    assert len(real["indicators"]) == 100
    assert City.objects.count() > 250


def test_every_indicator_compares_the_same_cities_in_every_language_by_default(real):
    compared = 0
    for indicator in real["indicators"]:
        answers = in_every_language(
            lambda indicator=indicator: indicator_answer(
                builders.indicator_comparison(indicator, real["group"], real["home"])
            )
        )
        assert answers["en"] == answers["pl"], indicator.code
        assert answers["de"] == answers["pl"], indicator.code
        compared += answers["pl"][1]
    assert compared > 1000


def test_the_comparison_api_answers_the_same_in_every_language(client, real):
    compared = 0
    for indicator in real["indicators"]:
        answers = {}
        for language in LANGUAGES:
            data = client.get(
                "/api/comparison/",
                {"indicator": indicator.code, "group": "all-cities", "year": "2012", "lang": language},
            ).json()
            answers[language] = (data["summary"], data["home_rank"], data["excluded"], data["cities"])
        assert answers["en"] == answers["pl"], indicator.code
        assert answers["de"] == answers["pl"], indicator.code
        compared += answers["pl"][0]["n"]
    assert compared > 1000


def test_every_theme_scores_the_same_cities_in_every_language(real):
    scored = 0
    for theme in Theme.objects.filter(edition=2014):
        answers = in_every_language(
            lambda theme=theme: theme_answer(builders.theme_comparison(theme, real["group"], real["home"]))
        )
        assert answers["en"] == answers["pl"], theme.number
        assert answers["de"] == answers["pl"], theme.number
        scored += len(answers["pl"][1])
    assert scored > 100


@pytest.mark.parametrize("path", ["/indicators/{code}/compare/?group=all-cities&year=2012"])
def test_the_indicator_pages_count_the_same_cities_in_every_language(client, real, path):
    prefixes = {"pl": "", "en": "/en", "de": "/de"}
    for indicator in real["indicators"][::5]:
        counts = {}
        for language, prefix in prefixes.items():
            text = client.get(prefix + path.format(code=indicator.code)).text
            counts[language] = text.count('<th scope="row">')
        assert counts["en"] == counts["pl"] == counts["de"], indicator.code
