"""Exam analytics engine (学业质量分析), no Django.

One count pass — (class, column, score) -> count — on numba, DuckDB or Spark; every
statistic, the 一分一段表, all ranks and the school ranking derive from those small
tables with shared code, so the engines agree exactly. See docs/engines/exams.md.

Typical use from the web app::

    sheet = ScoreSheet.from_codes(exam_no=..., klass=..., class_school=...,
                                  school_district=..., scores=marks, subjects=names,
                                  full_marks=full)
    result = analyse(sheet)                    # or engine="duckdb" / "spark"
    result.levels["school"].mean               # (schools, subjects + total)
    result.ranks                               # (candidates, columns, city/district/school)
    result.score_bands("总分")                  # 一分一段表
    item_analysis(item_marks, item_full, options=letters)
    value_added(prior_total, current_total, school_codes, class_codes)
"""

from .analysis import (
    LEVELS,
    PERCENTILES,
    RANK_LEVELS,
    ExamAnalysis,
    LevelStats,
    analyse,
    competition_rank,
    derive,
)
from .backends import ENGINES, CountTable, count_sql, count_table
from .io import read_scores
from .items import ItemAnalysis, OptionCount, cronbach_alpha, item_analysis
from .model import ABSENT, TOTAL, ScoreSheet, Thresholds
from .tables import (
    candidate_ranks_table,
    level_stats_table,
    school_ranking_table,
    score_bands_table,
    write_csv,
)
from .value_added import (
    SchoolTrend,
    UnitEffects,
    ValueAdded,
    match_candidates,
    school_trend,
    t_quantile,
    value_added,
)

__all__ = [
    "ABSENT",
    "ENGINES",
    "LEVELS",
    "PERCENTILES",
    "RANK_LEVELS",
    "TOTAL",
    "CountTable",
    "ExamAnalysis",
    "ItemAnalysis",
    "LevelStats",
    "OptionCount",
    "SchoolTrend",
    "ScoreSheet",
    "Thresholds",
    "UnitEffects",
    "ValueAdded",
    "analyse",
    "candidate_ranks_table",
    "competition_rank",
    "count_sql",
    "count_table",
    "cronbach_alpha",
    "derive",
    "item_analysis",
    "level_stats_table",
    "match_candidates",
    "read_scores",
    "school_ranking_table",
    "school_trend",
    "score_bands_table",
    "t_quantile",
    "value_added",
    "write_csv",
]
