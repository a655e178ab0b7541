"""义务教育优质均衡 evaluation: schools, districts (counties) and the city.

Per school part (see :mod:`.split`): the 7 resource indicators against the standard of
its stage; a part passes when at least ``min_met`` (6) are met and every other one is at
least ``min_ratio_of_remaining`` (85 %) of its standard.

Per district, year and stage: the student-weighted CV of each indicator against 0.50
(primary) / 0.45 (junior), the number of passing parts, the school-size and class-size
lines, and what the CVs would be if the failing parts closed their gaps.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._columns import Columns, group_index, group_sum
from .cv import grouped_weighted_cv
from .definitions import (
    DEFAULT_RULES,
    YOUZHI_INDICATORS,
    Direction,
    Indicator,
    Thresholds,
    YouzhiRules,
)
from .gaps import Gaps, compute_gaps, what_if_cv
from .rollup import RowTerms, at_least, at_most, ratio, row_terms
from .split import split_parts


@dataclass(frozen=True)
class SchoolResults:
    """One row per school part; (m, k) matrices have indicators in ``codes`` order."""

    rows: Columns
    numerator: np.ndarray
    values: np.ndarray
    standard: np.ndarray
    met: np.ndarray
    n_met: np.ndarray
    passes: np.ndarray
    oversize: np.ndarray
    over_class_size: np.ndarray
    gaps: Gaps


@dataclass(frozen=True)
class AreaResults:
    """One row per area (district × year × stage, or city × year × stage).

    ``values`` are Σnum/Σden over the member parts; ``cv`` the weighted CV across them;
    ``cv_if_closed`` the CV after the failing parts close their gaps.
    """

    keys: dict[str, np.ndarray]
    students: np.ndarray
    n_schools: np.ndarray
    n_passing: np.ndarray
    values: np.ndarray
    cv: np.ndarray
    cv_limit: np.ndarray
    cv_ok: np.ndarray
    cv_if_closed: np.ndarray
    n_oversize: np.ndarray
    n_over_class_size: np.ndarray
    n_class_size_unknown: np.ndarray
    member_ids: np.ndarray

    @property
    def all_pass(self) -> np.ndarray:
        """Every school part in the area passes."""
        return self.n_passing == self.n_schools

    @property
    def passes_resource_allocation(self) -> np.ndarray:
        """The 资源配置 part of the method: all schools pass and every CV is within its line."""
        return self.all_pass & self.cv_ok.all(axis=1)


@dataclass(frozen=True)
class YouzhiResult:
    """The complete 优质均衡 evaluation; see :meth:`to_dict` for the JSON shape."""

    indicators: tuple[Indicator, ...]
    rules: YouzhiRules
    thresholds: Thresholds
    schools: SchoolResults
    districts: AreaResults
    city: AreaResults
    excluded: list[dict[str, object]]
    has_year: bool = True

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(i.code for i in self.indicators)

    def to_dict(self, school_year: int | None = None) -> dict[str, object]:
        """JSON-ready nested dict: per stage, the schools, districts and city
        (``school_year``: only that year's schools; areas keep every year)."""
        from .report import youzhi_to_dict

        return youzhi_to_dict(self, school_year)


def evaluate_youzhi(
    schools: object,
    *,
    thresholds: Thresholds | None = None,
    rules: YouzhiRules = DEFAULT_RULES,
    indicators: tuple[Indicator, ...] = YOUZHI_INDICATORS,
    close_gaps_of: str = "failing",
) -> YouzhiResult:
    """Evaluate 优质均衡 for a school table (one row per school per year).

    ``schools``: records, a column mapping or a DataFrame with the columns documented in
    ``docs/engines/indicators.md``. Special-education schools and schools without a
    compulsory stage are excluded (and listed in ``excluded``). ``close_gaps_of`` picks
    whose gaps the what-if closes: ``"failing"`` parts only, or ``"all"`` parts that miss
    any standard.
    """
    thresholds = thresholds or Thresholds()
    if close_gaps_of not in ("failing", "all"):
        raise ValueError("close_gaps_of must be 'failing' or 'all'")
    parts = split_parts(schools, rules)
    p = parts.rows
    m = len(p["students"])
    terms = row_terms(p, indicators)
    values = terms.values
    # Standards depend only on the stage: resolve them per stage, then index.
    stages, stage_of = np.unique(p["level"], return_inverse=True)
    per_stage = np.array(
        [[_standard(thresholds, i.code, str(lv)) for i in indicators] for lv in stages]
    ).reshape(len(stages), len(indicators))
    standard = per_stage[stage_of.reshape(-1)].reshape(m, len(indicators))
    higher = np.array([i.direction is Direction.HIGHER for i in indicators])
    met = np.where(higher, at_least(values, standard), at_most(values, standard))
    floor_line = np.where(
        higher, rules.min_ratio_of_remaining * standard, standard / rules.min_ratio_of_remaining
    )
    near = np.where(higher, at_least(values, floor_line), at_most(values, floor_line))
    n_met = met.sum(axis=1)
    passes = (n_met >= rules.min_met) & (met | near).all(axis=1)

    share = np.column_stack([p[f"{i.numerator_field}_share"] for i in indicators])
    gaps = compute_gaps(
        indicators,
        terms.numerator,
        terms.denominator,
        standard,
        share.reshape(m, len(indicators)),
        min_ratio=rules.min_ratio_of_remaining,
    )
    oversize = p["school_students"] > p["school_size_limit"]
    over_class = p["max_class_size"] > p["class_size_limit"]
    schools_res = SchoolResults(
        p, terms.numerator, values, standard, met, n_met, passes, oversize, over_class, gaps
    )
    close = ~passes if close_gaps_of == "failing" else ~met.all(axis=1)
    common = (p, terms, values, schools_res, close, rules)
    districts = _areas(["district", "year", "level"], *common)
    city = _areas(["year", "level"], *common)
    return YouzhiResult(
        indicators,
        rules,
        thresholds,
        schools_res,
        districts,
        city,
        parts.excluded,
        has_year=parts.has_year,
    )


def _standard(thresholds: Thresholds, code: str, level: str) -> float:
    v = thresholds.get(code, "national", level=level)
    return np.nan if v is None else v


def _areas(
    by: list[str],
    p: Columns,
    terms: RowTerms,
    values: np.ndarray,
    s: SchoolResults,
    close: np.ndarray,
    rules: YouzhiRules,
) -> AreaResults:
    gi = group_index(p, by)
    ng = gi.n
    students = p["students"]
    num = group_sum(gi.ids, terms.numerator, ng)
    den = group_sum(gi.ids, terms.denominator, ng)
    scale = terms.scale
    k = values.shape[1]
    cv = grouped_weighted_cv(values, students, gi.ids, ng).reshape(ng, k)
    limit = np.array([rules.cv_limit[str(lv)] for lv in gi.keys["level"]], dtype=float)
    cv_ok = at_most(cv, limit[:, None]) & np.isfinite(cv)
    cv_closed = what_if_cv(
        terms.numerator,
        terms.denominator,
        scale,
        s.gaps,
        close,
        students,
        gi.ids,
        ng,
    ).reshape(ng, k)

    def count(mask: np.ndarray) -> np.ndarray:
        return np.bincount(gi.ids, weights=mask.astype(float), minlength=ng).astype(int)

    return AreaResults(
        keys=gi.keys,
        students=group_sum(gi.ids, students, ng),
        n_schools=count(np.ones(len(students), dtype=bool)),
        n_passing=count(s.passes),
        values=ratio(num, den, scale),
        cv=cv,
        cv_limit=limit,
        cv_ok=cv_ok,
        cv_if_closed=cv_closed,
        n_oversize=count(s.oversize),
        n_over_class_size=count(s.over_class_size),
        n_class_size_unknown=count(np.isnan(p["max_class_size"])),
        member_ids=gi.ids,
    )
