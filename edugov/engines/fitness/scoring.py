"""Scoring one student (readable reference) and a million (numpy), with one answer.

``score_student`` follows the standard's text step by step; ``score_arrays`` is the same
computation vectorised for a city's whole year. The tests hold the two equal on random
students, so the fast one cannot drift from the readable one.

Scores are kept exact: item score × weight percent is an integer in hundredths of a point;
标准分 and 学年总分 are rounded half-up to one decimal (tenths), the precision the levels use.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass, field

import numpy as np

from .tables import DATA, GRADES, ITEMS, SEXES, Standard, bmi_grade, load

LEVEL_NAMES: tuple[str, ...] = ("优秀", "良好", "及格", "不及格", "免测")
EXEMPT = 4
NOT_SCORED = -1  # item not in the student's band, or not tested

# Accepted range of a raw result (data/bounds.csv): outside it the value is a typing or
# device error, refused with the row named. The ranges are the national upload system's
# (国家学生体质健康标准数据管理系统 成绩模板 checker, as read for edugov/exchange's
# fitness-upload layout), so a result the engine scores is one the upload accepts.
BOUNDS: dict[str, tuple[float, float]] = {
    r["item"]: (float(r["min"]), float(r["max"]))
    for r in csv.DictReader((DATA / "bounds.csv").open(encoding="utf-8", newline=""))
}


def level_of(total_tenths: int) -> int:
    # 优秀 ≥ 90.0, 良好 80.0–89.9, 及格 60.0–79.9, 不及格 ≤ 59.9.
    if total_tenths >= 900:
        return 0
    if total_tenths >= 800:
        return 1
    if total_tenths >= 600:
        return 2
    return 3


def bmi_tenths(height_cm: float, weight_kg: float) -> int:
    # Half-up to one decimal; the epsilon keeps 18.15 (stored as 18.1499…) at 18.2.
    return math.floor(weight_kg / (height_cm / 100) ** 2 * 10 + 0.5 + 1e-9)


@dataclass(frozen=True)
class Scored:
    student_id: str
    scores: dict[str, int] = field(default_factory=dict)  # item → score (tested items of the band)
    bmi_category: str = ""
    standard_tenths: int | None = None
    bonus: int | None = None
    total_tenths: int | None = None
    level: int = EXEMPT

    @property
    def level_name(self) -> str:
        return LEVEL_NAMES[self.level]


def score_student(
    *,
    student_id: str,
    grade: str,
    sex: str,
    values: dict[str, float | None],
    exempt: bool = False,
    standard: Standard | None = None,
) -> Scored:
    """One student's year. ``values`` holds height_cm, weight_kg and the item results."""
    std = standard or load()
    if grade not in GRADES or sex not in SEXES:
        raise ValueError(f"unknown grade {grade!r} or sex {sex!r}")
    if exempt:
        # 免予执行: no score and no level; the record says 免测 (the standard's wording).
        return Scored(student_id=student_id)
    scores: dict[str, int] = {}
    category = ""
    hundredths = 0
    bonus = 0
    for item, pct in std.items_for(grade, sex).items():
        if item == "bmi":
            h, w = values.get("height_cm"), values.get("weight_kg")
            if h is None or w is None:
                continue
            category, score = std.bmi[(bmi_grade(grade), sex)].category(bmi_tenths(h, w))
        else:
            x = values.get(item)
            if x is None:
                continue  # not tested: scores nothing (缺测)
            table = std.table(item, grade, sex)
            score = table.score(x)
            extra_rule = std.bonus_for(item, grade)
            if score == 100 and extra_rule is not None:
                best = table.threshold(100)
                bonus += extra_rule.points(best - x if table.lower_is_better else x - best)
        scores[item] = score
        hundredths += score * pct
    standard_tenths = (hundredths + 5) // 10
    bonus = min(bonus, 20)
    total = standard_tenths + bonus * 10
    return Scored(
        student_id=student_id,
        scores=scores,
        bmi_category=category,
        standard_tenths=standard_tenths,
        bonus=bonus,
        total_tenths=total,
        level=level_of(total),
    )


def graduation_tenths(*, graduating_year: int, other_years: list[int]) -> int:
    """毕业成绩 = 毕业当年学年总分 × 50% + 其他学年学年总分平均 × 50% (tenths in, tenths out).

    With no other year on record the graduating year counts alone (a student who joined in
    the final year); that reading is ours, the text does not cover it.
    """
    if not other_years:
        return graduating_year
    mean = sum(other_years) / len(other_years)
    return math.floor(graduating_year * 0.5 + mean * 0.5 + 0.5 + 1e-9)


# ---------------------------------------------------------------- vectorised
#
# Every threshold of the standard sits on a grid: whole millilitres for 肺活量, tenths of a
# unit (s, cm, reps, BMI) for the rest. So each item becomes a lookup table per grade × sex
# over its bounded range, filled by the reference scorer above (the two cannot disagree on
# the grid). A result off the grid reads the grid point on its worse side — floor for
# larger-is-better, ceiling for times — which is exactly where the table comparison puts
# it. One gather then scores a million students; a second gather reads score × weight.

_GROUPS = len(GRADES) * len(SEXES)  # group = grade index × 2 + sex index
_CUTS = np.array([600, 800, 900])  # 及格, 良好, 优秀 in tenths
_EPS = 1e-6  # a result this close to a grid point is on it (inputs carry ≤ 2 decimals)
_SCALE = {"vital_capacity": 1}
_BMI_RANGE = (0, 1000)  # tenths; the height/weight bounds keep BMI far inside


class _Lut:
    def __init__(self, lo: int, hi: int, scores: np.ndarray, pct: np.ndarray) -> None:
        # scores: (_GROUPS, hi - lo + 1); one extra column scores NaN (not tested).
        self.lo, self.hi = lo, hi
        self.width = hi - lo + 2
        full = np.full((_GROUPS, self.width), NOT_SCORED, dtype=np.int16)
        full[:, :-1] = scores
        self.scores = full.ravel()
        self.weighted = (np.maximum(full, 0).astype(np.int32) * pct[:, None]).ravel()

    def index(self, g: np.ndarray, k: np.ndarray) -> np.ndarray:
        nan = np.isnan(k)
        np.clip(k, self.lo, self.hi, out=k)
        k[nan] = self.hi + 1
        return g * self.width + (k.astype(np.int64) - self.lo)


class _Plan:
    def __init__(self, std: Standard) -> None:
        self.luts: dict[str, _Lut] = {}
        self.best: dict[str, np.ndarray] = {}
        self.bonus_steps: dict[str, np.ndarray] = {}
        self.bonus_groups: dict[str, np.ndarray] = {}
        groups = [
            (gi * 2 + si, grade, sex)
            for gi, grade in enumerate(GRADES)
            for si, sex in enumerate(SEXES)
        ]
        lo, hi = _BMI_RANGE
        grid = np.arange(lo, hi + 1)
        scores = np.zeros((_GROUPS, grid.size), dtype=np.int16)
        pct = np.zeros(_GROUPS, dtype=np.int32)
        for g, grade, sex in groups:
            b = std.bmi[(bmi_grade(grade), sex)]
            scores[g] = [b.category(int(t))[1] for t in grid]
            pct[g] = std.items_for(grade, sex)["bmi"]
        self.luts["bmi"] = _Lut(lo, hi, scores, pct)
        for item in ITEMS:
            scale = _SCALE.get(item, 10)
            b_lo, b_hi = BOUNDS[item]
            lo, hi = math.floor(b_lo * scale), math.ceil(b_hi * scale)
            grid = np.arange(lo, hi + 1)
            scores = np.full((_GROUPS, grid.size), NOT_SCORED, dtype=np.int16)
            pct = np.zeros(_GROUPS, dtype=np.int32)
            best = np.full(_GROUPS, np.nan)
            for g, grade, sex in groups:
                table = std.tables.get((item, grade, sex))
                weight = std.items_for(grade, sex).get(item, 0)
                if table is None or not weight:
                    continue
                pct[g] = weight
                best[g] = table.threshold(100)
                for _, threshold in table.rows:
                    if abs(threshold * scale - round(threshold * scale)) > _EPS:
                        raise ValueError(
                            f"{item} {grade}{sex}: threshold {threshold} is off the grid"
                        )
                scores[g] = [table.score(k / scale) for k in grid]
            self.luts[item] = _Lut(lo, hi, scores, pct)
            self.best[item] = best
            rule = std.bonuses.get(item)
            if rule is not None:
                self.bonus_steps[item] = np.asarray(sorted(x for _, x in rule.steps))
                eligible = np.zeros(_GROUPS, dtype=bool)
                for gi, grade in enumerate(GRADES):
                    eligible[gi * 2 : gi * 2 + 2] = grade in std.bonus_grades[item]
                self.bonus_groups[item] = eligible


_plans: dict[int, _Plan] = {}


def _plan(std: Standard) -> _Plan:
    if id(std) not in _plans:
        _plans[id(std)] = _Plan(std)
    return _plans[id(std)]


def score_arrays(
    *,
    grade_idx: np.ndarray,
    sex_idx: np.ndarray,
    values: dict[str, np.ndarray],
    exempt: np.ndarray | None = None,
    standard: Standard | None = None,
) -> dict[str, np.ndarray]:
    """Score N students at once. ``grade_idx`` indexes ``GRADES``, ``sex_idx`` ``SEXES``;
    ``values`` maps height_cm, weight_kg and each item to a float array, NaN = not tested.
    Values must be inside ``BOUNDS`` (the readers refuse the rest).

    Returns ``<item>_score`` (−1 = not scored), ``standard_tenths``, ``bonus``,
    ``total_tenths`` and ``level`` (index of ``LEVEL_NAMES``); −1 totals when exempt.
    """
    plan = _plan(standard or load())
    g = grade_idx.astype(np.int64) * 2 + sex_idx
    n = g.shape[0]
    out: dict[str, np.ndarray] = {}
    hundredths = np.zeros(n, dtype=np.int32)
    bonus = np.zeros(n, dtype=np.int32)
    nan = np.full(n, np.nan)
    h, w = values.get("height_cm", nan), values.get("weight_kg", nan)
    for item in ("bmi", *ITEMS):
        lut = plan.luts[item]
        if item == "bmi":
            k = np.floor(w / (h / 100) ** 2 * 10 + 0.5 + 1e-9)
        else:
            x = values.get(item, nan)
            scale = _SCALE.get(item, 10)
            k = np.ceil(x * scale - _EPS) if ITEMS[item] else np.floor(x * scale + _EPS)
        idx = lut.index(g, k)
        s = lut.scores[idx]
        out[f"{item}_score"] = s
        hundredths += lut.weighted[idx]
        if item in plan.bonus_steps:
            # 加分 only where the item scored 100: a small subset, computed on its own.
            hit = np.flatnonzero(s == 100)
            hit = hit[plan.bonus_groups[item][g[hit]]]
            best = plan.best[item][g[hit]]
            xs = values[item][hit]
            extra = best - xs if ITEMS[item] else xs - best
            bonus[hit] += np.searchsorted(plan.bonus_steps[item], extra, side="right").astype(
                np.int32
            )
    standard_tenths = (hundredths + 5) // 10
    np.minimum(bonus, 20, out=bonus)
    total = standard_tenths + bonus * 10
    level = 3 - np.searchsorted(_CUTS, total, side="right")
    if exempt is not None and exempt.any():
        for k in list(out):
            out[k] = np.where(exempt, NOT_SCORED, out[k])
        standard_tenths = np.where(exempt, NOT_SCORED, standard_tenths)
        bonus = np.where(exempt, NOT_SCORED, bonus)
        total = np.where(exempt, NOT_SCORED, total)
        level = np.where(exempt, EXEMPT, level)
    out.update(standard_tenths=standard_tenths, bonus=bonus, total_tenths=total, level=level)
    return out
