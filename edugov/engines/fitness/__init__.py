"""国家学生体质健康标准（2014年修订）scoring, Django-free. Doc: docs/engines/fitness.md."""

from .csvio import BadInput, RawResult, parse_time, read_results, write_scored
from .scoring import BOUNDS, LEVEL_NAMES, Scored, graduation_tenths, score_arrays, score_student
from .tables import GRADES, ITEMS, SCORED_ITEMS, SEXES, check_tables, load

__all__ = [
    "BOUNDS",
    "GRADES",
    "ITEMS",
    "LEVEL_NAMES",
    "SCORED_ITEMS",
    "SEXES",
    "BadInput",
    "RawResult",
    "Scored",
    "check_tables",
    "graduation_tenths",
    "load",
    "parse_time",
    "read_results",
    "score_arrays",
    "score_student",
    "write_scored",
]
