"""Indicator engine: declared indicators, rollups, weighted CV and county evaluations.

Plain Python + numpy; no Django. The Django module feeds it rows (records, column
mappings or DataFrames) and stores or renders what it returns. See
``docs/engines/indicators.md`` for the formulas, the CSV columns and the API.
"""

from ._columns import StatsError, as_columns, group_index
from .classsize import BANDS, ClassSizeResult, class_size_bands, oversized_schools
from .cv import grouped_weighted_cv, unweighted_cv, weighted_cv
from .definitions import (
    DEFAULT_RULES,
    DEFAULT_TARGETS,
    INDICATORS,
    KINDERGARTEN_INDICATORS,
    YOUZHI_INDICATORS,
    Direction,
    Indicator,
    Target,
    Thresholds,
    YouzhiRules,
)
from .kindergarten import KindergartenResult, evaluate_kindergarten
from .rollup import IndicatorTables, Rollup, compute_indicators, rollup
from .split import PART_FIELDS, TYPE_LEVELS, Parts, split_parts
from .youzhi import AreaResults, SchoolResults, YouzhiResult, evaluate_youzhi

__all__ = [
    "BANDS",
    "DEFAULT_RULES",
    "DEFAULT_TARGETS",
    "INDICATORS",
    "KINDERGARTEN_INDICATORS",
    "PART_FIELDS",
    "TYPE_LEVELS",
    "YOUZHI_INDICATORS",
    "AreaResults",
    "ClassSizeResult",
    "Direction",
    "Indicator",
    "IndicatorTables",
    "KindergartenResult",
    "Parts",
    "Rollup",
    "SchoolResults",
    "StatsError",
    "Target",
    "Thresholds",
    "YouzhiResult",
    "YouzhiRules",
    "as_columns",
    "class_size_bands",
    "compute_indicators",
    "evaluate_kindergarten",
    "evaluate_youzhi",
    "group_index",
    "grouped_weighted_cv",
    "oversized_schools",
    "rollup",
    "split_parts",
    "unweighted_cv",
    "weighted_cv",
]
