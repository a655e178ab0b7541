"""The full exam analysis, derived from one count table.

:func:`analyse` runs the count pass on the chosen engine and derives everything else
with shared code, so the result is identical whichever engine counted.

Definitions (also in docs/engines/exams.md):

- mean, population standard deviation (divide by n), min, max over present candidates;
- percentiles P10/P25/P50/P75/P90 by numpy's default "linear" method (type 7, Excel's
  PERCENTILE.INC);
- pass / excellent: score >= fraction x full marks (0.6 / 0.85 by default);
- rank: competition rank, 1 + number scoring strictly higher in the same unit;
- 缺考 is excluded from a subject's statistics and ranks; see :func:`kernels.compute_totals`
  and :class:`model.ScoreSheet` for how it enters the total.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from . import kernels, stats
from .backends import (
    CountTable,
    Engine,
    SchoolPass,
    bin_offsets,
    count_table,
    district_tables,
    school_chunks,
    unit_starts,
)
from .model import TOTAL, ScoreSheet, Thresholds
from .stats import PERCENTILES as PERCENTILES  # re-exported: the reported percentiles

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

#: Levels from the whole city down to the class.
LEVELS: tuple[str, ...] = ("city", "district", "school", "class")
#: Index of each level in the last axis of :attr:`ExamAnalysis.ranks`.
RANK_LEVELS: tuple[str, ...] = ("city", "district", "school")


@dataclass(frozen=True, eq=False)
class LevelStats:
    """Statistics for every unit of one level and every column (subjects, then total).

    Arrays have shape (units, columns); marks are unscaled. A unit with nobody present
    in a column has n = 0 and NaN statistics.
    """

    level: str
    candidates: np.ndarray
    n: np.ndarray
    mean: np.ndarray
    std: np.ndarray
    min: np.ndarray
    max: np.ndarray
    percentiles: np.ndarray
    pass_n: np.ndarray
    excellent_n: np.ndarray

    @property
    def absent(self) -> np.ndarray:
        """Candidates of the unit with no score in the column (缺考)."""
        return self.candidates[:, None] - self.n

    @property
    def pass_rate(self) -> np.ndarray:
        with np.errstate(invalid="ignore", divide="ignore"):
            return self.pass_n / self.n

    @property
    def excellent_rate(self) -> np.ndarray:
        with np.errstate(invalid="ignore", divide="ignore"):
            return self.excellent_n / self.n

    def equals(self, other: LevelStats) -> bool:
        """Exact (bitwise, NaN == NaN) equality of every array."""
        return all(
            np.array_equal(getattr(self, f), getattr(other, f), equal_nan=True)
            for f in (
                "candidates",
                "n",
                "mean",
                "std",
                "min",
                "max",
                "percentiles",
                "pass_n",
                "excellent_n",
            )
        )


@dataclass(frozen=True, eq=False)
class ExamAnalysis:
    """Everything the engine computes for one exam.

    Attributes:
        sheet: the input.
        thresholds: pass / excellent fractions used.
        engine: which backend ran the count pass.
        totals: scaled total per candidate, -1 when absent (see the sheet's policy).
        levels: :class:`LevelStats` for "city", "district", "school", "class".
        hist: dense count tables for "city" (1 row) and "district"; columns share one
            bin axis, column j at ``offsets[j] : offsets[j] + ranges[j]``.
        ranks: (N, columns, 3) competition ranks by city, district, school; -1 absent.
            A view of three (N, columns) planes, one per level, which is how the
            kernels write them.
        school_rank_city, school_rank_district: rank of each school by mean total
            (competition ranking, higher mean first); -1 for a school with no total.
        counts: the class-level count table the rest was derived from.
    """

    sheet: ScoreSheet
    thresholds: Thresholds
    engine: str
    totals: np.ndarray
    levels: dict[str, LevelStats]
    hist: dict[str, np.ndarray]
    offsets: np.ndarray
    ranges: np.ndarray
    ranks: np.ndarray
    school_rank_city: np.ndarray
    school_rank_district: np.ndarray
    counts: CountTable = field(repr=False)

    @property
    def columns(self) -> tuple[str, ...]:
        return self.sheet.columns

    def column_index(self, column: str) -> int:
        try:
            return self.columns.index(column)
        except ValueError:
            raise KeyError(f"no column {column!r}; columns are {', '.join(self.columns)}")

    def score_bands(
        self, column: str = TOTAL, level: str = "city", unit: int = 0
    ) -> dict[str, np.ndarray]:
        """一分一段表 of one column for the city or one district.

        One row per score step (1 mark, or 0.5 when the exam has half marks) from the
        highest score present down to the lowest, including steps nobody scored, so
        that "cumulative" can be read at any score: it is the number scoring at or
        above that score.

        Returns:
            ``{"score": float[], "count": int64[], "cumulative": int64[]}``.
        """
        if level not in self.hist:
            raise KeyError("score bands are kept for the city and districts only")
        j = self.column_index(column)
        row = self.hist[level][unit, self.offsets[j] : self.offsets[j] + self.ranges[j]]
        present = np.flatnonzero(row)
        if present.size == 0:
            empty = np.zeros(0, np.int64)
            return {"score": np.zeros(0), "count": empty, "cumulative": empty}
        steps = np.arange(present[-1], present[0] - 1, -1)
        count = row[steps].astype(np.int64)
        return {
            "score": steps / self.sheet.scale,
            "count": count,
            "cumulative": np.cumsum(count),
        }

    def total_marks(self) -> np.ndarray:
        """Unscaled total per candidate, NaN when absent."""
        return np.where(self.totals >= 0, self.totals / self.sheet.scale, np.nan)

    def equals(self, other: ExamAnalysis) -> bool:
        """Exact equality of every output: the check that backends agree."""
        return (
            self.counts.equals(other.counts)
            and np.array_equal(self.totals, other.totals)
            and all(self.levels[lv].equals(other.levels[lv]) for lv in LEVELS)
            and all(np.array_equal(self.hist[k], other.hist[k]) for k in self.hist)
            and np.array_equal(self.ranks, other.ranks)
            and np.array_equal(self.school_rank_city, other.school_rank_city)
            and np.array_equal(self.school_rank_district, other.school_rank_district)
        )


def _level_stats(
    level: str, fo: np.ndarray, io: np.ndarray, candidates: np.ndarray, n_cols: int
) -> LevelStats:
    units = len(candidates)
    f = fo.reshape(units, n_cols, -1)  # the kernels write marks, not scaled points
    i = io.reshape(units, n_cols, -1)
    return LevelStats(
        level=level,
        candidates=candidates.astype(np.int64),
        n=i[:, :, stats.I_N],
        mean=f[:, :, stats.F_MEAN],
        std=f[:, :, stats.F_STD],
        min=f[:, :, stats.F_MIN],
        max=f[:, :, stats.F_MAX],
        percentiles=f[:, :, stats.F_Q0 :],
        pass_n=i[:, :, stats.I_PASS],
        excellent_n=i[:, :, stats.I_EXC],
    )


def competition_rank(values: np.ndarray, valid: np.ndarray) -> np.ndarray:
    """1 + number of valid values strictly greater; -1 where not valid."""
    out = np.full(values.shape, -1, dtype=np.int64)
    v = values[valid]
    ordered = np.sort(-v)
    out[valid] = 1 + np.searchsorted(ordered, -v, side="left")
    return out


def analyse(
    sheet: ScoreSheet,
    *,
    engine: Engine = "numpy",
    thresholds: Thresholds | None = None,
    spark: SparkSession | None = None,
    duckdb_connection: Any = None,
    spark_staging_dir: str | None = None,
) -> ExamAnalysis:
    """Analyse one exam: statistics at every level, ranks, school ranking, 一分一段表.

    Args:
        sheet: the candidates (see :meth:`ScoreSheet.from_codes`).
        engine: which backend runs the count pass: ``"numpy"`` (numba histogram
            kernel, default and fastest), ``"duckdb"`` or ``"spark"``. The result is
            identical whichever is chosen.
        thresholds: pass / excellent fractions; DOMAIN.md §6 defaults when omitted.
        spark: an existing SparkSession for ``engine="spark"`` (else a local one).
        duckdb_connection: an existing DuckDB connection for ``engine="duckdb"``.
        spark_staging_dir: for ``engine="spark"``, a directory every Spark executor
            sees by the same path (see :func:`.backends.count_spark`).
    """
    thresholds = thresholds or Thresholds()
    counts = count_table(
        sheet,
        engine,
        thresholds=thresholds,
        spark=spark,
        duckdb_connection=duckdb_connection,
        spark_staging_dir=spark_staging_dir,
    )
    if counts.school_pass is not None:  # the numba pass computed the totals as it counted
        totals = counts.school_pass.totals
    else:
        totals = kernels.compute_totals(sheet.scores, sheet.all_required)
    return derive(sheet, counts, totals, thresholds, engine)


def derive(
    sheet: ScoreSheet,
    counts: CountTable,
    totals: np.ndarray,
    thresholds: Thresholds,
    engine: str = "numpy",
) -> ExamAnalysis:
    """Everything after the count pass (shared by all engines).

    The numba count pass has already derived the class and school statistics, the
    district tables and the school ranks (``counts.school_pass``); for the SQL engines'
    tables the same kernels of :mod:`.stats` derive them here.
    """
    full = sheet.full_scaled
    n_cols = len(full)
    ranges = (full + 1).astype(np.int64)
    offsets = bin_offsets(ranges)
    thr_pass, thr_exc = thresholds.arrays(full)
    qs = stats.QS
    unit = 1 / sheet.scale  # marks per scaled point: 1 or 0.5, exact

    n_classes = len(sheet.class_school)
    n_schools = len(sheet.school_district)
    n_districts = len(sheet.district_names)
    class_start = unit_starts(sheet.class_school, n_schools)
    school_start = unit_starts(sheet.school_district, n_districts)
    done = counts.school_pass
    if done is not None and done.row_start is not None:
        row_start = done.row_start  # the numba pass grouped the rows itself
    else:
        order, identity, row_start = sheet.rows_by_class
    per_class = np.diff(row_start)
    per_school = np.bincount(sheet.class_school, weights=per_class, minlength=n_schools)
    per_district = np.bincount(sheet.school_district, weights=per_school, minlength=n_districts)

    chunks = school_chunks(sheet)
    if done is None or done.thresholds != thresholds:
        order, identity, row_start = sheet.rows_by_class
        done = SchoolPass.allocate(sheet, thresholds, chunks, totals)
        n_groups = n_classes * n_cols
        stats.stats_groups(
            counts.begin, counts.end, counts.score, counts.count, n_cols, thr_pass, thr_exc,
            qs, unit, kernels.chunk_bounds(n_groups, 256), done.fo_class, done.io_class,
        )  # fmt: skip
        kernels.derive_schools(
            counts.begin, counts.end, counts.score, counts.count, class_start, order,
            identity, row_start, sheet.scores, totals, offsets, kernels.word_layout(ranges),
            thr_pass, thr_exc, qs, unit, chunks, done.fo_school, done.io_school,
            done.chunk_hist, done.rank_planes[2],
        )  # fmt: skip
    district_hist = district_tables(sheet, chunks, done.chunk_hist)
    planes = done.rank_planes
    city_hist = kernels.roll_up_dense(district_hist, np.array([0, n_districts], np.int64))
    kernels.rank_city_district(
        sheet.scores, totals, sheet.klass, sheet.class_school, sheet.school_district,
        kernels.counts_above(city_hist, offsets, ranges),
        kernels.counts_above(district_hist, offsets, ranges),
        offsets, planes[0], planes[1], done.where, done.school_grouped, planes[2],
    )  # fmt: skip
    levels: dict[str, LevelStats] = {}
    for level, hist, cand in (
        ("city", city_hist, np.array([sheet.n_candidates])),
        ("district", district_hist, per_district),
    ):
        fo, io = stats.stats_dense(hist, offsets, ranges, thr_pass, thr_exc, qs, unit)
        levels[level] = _level_stats(level, fo, io, cand, n_cols)
    levels["school"] = _level_stats("school", done.fo_school, done.io_school, per_school, n_cols)
    levels["class"] = _level_stats("class", done.fo_class, done.io_class, per_class, n_cols)
    ranks = planes.transpose(1, 2, 0)

    school_mean = levels["school"].mean[:, -1]
    has_total = levels["school"].n[:, -1] > 0
    rank_city = competition_rank(school_mean, has_total)
    rank_district = np.full(n_schools, -1, dtype=np.int64)
    for d in range(n_districts):
        sl = slice(school_start[d], school_start[d + 1])
        rank_district[sl] = competition_rank(school_mean[sl], has_total[sl])

    return ExamAnalysis(
        sheet=sheet,
        thresholds=thresholds,
        engine=engine,
        totals=totals,
        levels=levels,
        hist={"city": city_hist, "district": district_hist},
        offsets=offsets,
        ranges=ranges,
        ranks=ranks,
        school_rank_city=rank_city,
        school_rank_district=rank_district,
        counts=counts,
    )
