"""The registry's data: cities, the ISO 37120 catalogue (themes, indicators), yearly values, imports and the
data version, one module each, all importable from here (`from indicators.models import IndicatorValue`).

The rules that keep a value true live on the models, in one place, so the admin, the importer and the API
all refuse the same things; the database repeats every rule it can express as a constraint.
"""

from .base import (
    CURRENT_EDITION,
    FIRST_YEAR,
    GAPS,
    LAST_STORABLE_YEAR,
    POPULATION_CODE,
    RATIO_TOLERANCE,
    Edition,
    code_sort_key,
    last_allowed_year,
    year_allowed,
)
from .catalogue import Indicator, IndicatorManager, IndicatorQuerySet, Theme, ThemeManager
from .cities import City, CityAccess, CityAccessManager, CityManager, CityQuerySet
from .data_version import DataVersion, DataVersionManager, bump_version_row
from .imports import ImportBatch
from .values import (
    IndicatorValue,
    IndicatorValueManager,
    IndicatorValueQuerySet,
    ValueKind,
    gap_text,
    half_last_unit,
    kind_of,
    ratio_agrees,
    reading,
)

__all__ = [
    "CURRENT_EDITION",
    "FIRST_YEAR",
    "GAPS",
    "LAST_STORABLE_YEAR",
    "POPULATION_CODE",
    "RATIO_TOLERANCE",
    "City",
    "CityAccess",
    "CityAccessManager",
    "CityManager",
    "CityQuerySet",
    "DataVersion",
    "DataVersionManager",
    "Edition",
    "ImportBatch",
    "Indicator",
    "IndicatorManager",
    "IndicatorQuerySet",
    "IndicatorValue",
    "IndicatorValueManager",
    "IndicatorValueQuerySet",
    "Theme",
    "ThemeManager",
    "ValueKind",
    "bump_version_row",
    "code_sort_key",
    "gap_text",
    "half_last_unit",
    "kind_of",
    "last_allowed_year",
    "ratio_agrees",
    "reading",
    "year_allowed",
]
