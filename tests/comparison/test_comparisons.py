"""The theme comparison, which compares all its indicators at once, against the indicator comparison
and the analytics applied one indicator at a time."""

import pandas as pd
import pytest

from indicators.comparison import analytics, builders
from indicators.comparison.models import PeerGroup
from indicators.models import Indicator, IndicatorValue, Theme


@pytest.fixture
def mixed_theme(gdansk, add_city, store_figure):
    """Theme 5 with ties, both directions, an indicator without one, off-year figures, a figure out of
    every window, a draft, a figure of another edition, and an indicator the home city never reported."""
    gdynia, sopot, rostock = add_city("gdynia"), add_city("sopot"), add_city("rostock", country="DE")
    slupsk = add_city("slupsk")
    rows = {
        "5.1": [(gdansk, 2020, "3"), (gdynia, 2020, "3"), (sopot, 2019, "2"), (rostock, 2021, "5")],
        "5.2": [(gdansk, 2019, "7"), (gdynia, 2019, "8"), (sopot, 2019, "9")],
        "5.4": [(gdansk, 2018, "60"), (gdynia, 2018, "60"), (sopot, 2017, "70"), (slupsk, 2012, "90")],
        "5.6": [(gdynia, 2021, "10"), (sopot, 2021, "20"), (rostock, 2020, "20")],
        "5.7": [(gdansk, 2020, "4"), (gdynia, 2020, "4")],
    }
    for code, figures in rows.items():
        for city, year, value in figures:
            store_figure(city, code, year, value)
    store_figure(slupsk, "5.1", 2020, "1", status=IndicatorValue.Status.DRAFT)
    theme = Theme.objects.create(edition=2018, number=5, slug="economy", name="Economy")
    other = Indicator.objects.create(edition=2018, code="5.4", theme=theme, kind="core", name="Employment")
    IndicatorValue.objects.create(city=slupsk, indicator=other, year=2018, value=99, status="published")
    return Theme.objects.get(edition=2014, number=5)


def test_each_indicator_of_a_theme_ranks_the_home_city_as_its_own_comparison_does(mixed_theme, gdansk):
    group = PeerGroup.objects.get(slug="all-cities")
    theme = builders.theme_comparison(mixed_theme, group, gdansk)
    for standing in theme.standings:
        alone = builders.indicator_comparison(standing.indicator, group, gdansk, standing.year)
        home = alone.home_row
        assert standing.rank == alone.home_rank, standing.indicator.code
        assert standing.n == len(alone.rows), standing.indicator.code
        assert (standing.figure is None) == (home is None), standing.indicator.code
        if home is not None:
            assert (standing.figure.year, standing.figure.figure, standing.figure.off_year) == (
                home.year,
                home.figure,
                home.off_year,
            )


def test_theme_scores_are_the_analytics_applied_one_indicator_at_a_time(mixed_theme, gdansk):
    group = PeerGroup.objects.get(slug="all-cities")
    theme = builders.theme_comparison(mixed_theme, group, gdansk)
    z_frames = []
    for standing in theme.standings:
        direction = standing.indicator.higher_is_better
        alone = builders.indicator_comparison(standing.indicator, group, gdansk, standing.year)
        if direction is None or not alone.rows:
            assert standing.z is None
            continue
        values = pd.Series([float(row.figure) for row in alone.rows])
        z = analytics.unitarised(values, higher_is_better=direction)
        z_frames.append(
            pd.DataFrame({"city_id": [row.city_id for row in alone.rows], "indicator_id": 0, "z": z})
        )
        home_z = [value for row, value in zip(alone.rows, z, strict=True) if row.is_home]
        if not home_z or pd.isna(home_z[0]):
            assert standing.z is None
        else:
            assert standing.z == home_z[0]
    expected = analytics.theme_scores(pd.concat(z_frames))
    assert {row["city_id"]: (row["score"], row["indicators"], row["rank"]) for row in theme.scores} == {
        city_id: (row["score"], row["indicators"], row["rank"]) for city_id, row in expected.iterrows()
    }
