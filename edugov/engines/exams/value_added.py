"""Value added between two exams of one cohort, and a school's standing over time.

Value added (DOMAIN.md §6): ordinary least squares of the current total on the prior
total over candidates present in both, residual = current − fitted; a unit's value
added is the mean residual of its candidates, with a confidence interval

    mean ± t(1 − (1 − confidence)/2, n − 1) · sd / √n,

sd the sample standard deviation (n − 1) of the unit's residuals. Units with fewer than
two matched candidates get no interval (NaN).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .analysis import ExamAnalysis


# ------------------------------------------------------------------ Student's t
def _betacf(a: float, b: float, x: float) -> float:
    """Continued fraction of the incomplete beta function (modified Lentz)."""
    tiny = 1e-300
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 10_000):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < 1e-16:
            break
    return h


def _betainc(a: float, b: float, x: float) -> float:
    """Regularised incomplete beta I_x(a, b)."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    ln_front = (
        math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    )
    if x < (a + 1.0) / (a + b + 2.0):
        return math.exp(ln_front) * _betacf(a, b, x) / a
    return 1.0 - math.exp(ln_front) * _betacf(b, a, 1.0 - x) / b


def t_cdf(t: float, df: float) -> float:
    """CDF of Student's t distribution."""
    tail = 0.5 * _betainc(df / 2.0, 0.5, df / (df + t * t))
    return 1.0 - tail if t >= 0 else tail


@functools.lru_cache(maxsize=4096)
def t_quantile(p: float, df: float) -> float:
    """Quantile of Student's t by bisection on :func:`t_cdf` (no SciPy dependency;
    exact to ~1e-12, which is far below any reported precision)."""
    if not 0.0 < p < 1.0 or df <= 0:
        raise ValueError("need 0 < p < 1 and df > 0")
    if p < 0.5:
        return -t_quantile(1.0 - p, df)
    lo, hi = 0.0, 1.0
    while t_cdf(hi, df) < p:
        hi *= 2.0
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if t_cdf(mid, df) < p:
            lo = mid
        else:
            hi = mid
        if hi - lo <= 1e-13 * max(1.0, hi):
            break
    return 0.5 * (lo + hi)


# ------------------------------------------------------------------ value added
@dataclass(frozen=True, eq=False)
class UnitEffects:
    """Mean residual per unit (school or class), arrays indexed by unit code."""

    n: np.ndarray
    mean: np.ndarray
    sd: np.ndarray
    se: np.ndarray
    ci_low: np.ndarray
    ci_high: np.ndarray


@dataclass(frozen=True, eq=False)
class ValueAdded:
    """Regression and unit effects. ``residuals`` is NaN for unmatched candidates."""

    n: int
    slope: float
    intercept: float
    r2: float
    residuals: np.ndarray
    school: UnitEffects
    klass: UnitEffects | None
    confidence: float


def _unit_effects(
    codes: np.ndarray, residuals: np.ndarray, n_units: int, confidence: float
) -> UnitEffects:
    n = np.bincount(codes, minlength=n_units)
    s = np.bincount(codes, weights=residuals, minlength=n_units)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = s / n
        dev = residuals - mean[codes]
        ss = np.bincount(codes, weights=dev * dev, minlength=n_units)
        sd = np.where(n >= 2, np.sqrt(ss / np.maximum(n - 1, 1)), np.nan)
        se = sd / np.sqrt(n)
    # One quantile per distinct unit size (cached): bisection on the incomplete beta
    # costs ~7 ms, and a city has thousands of classes but only dozens of class sizes.
    tq = np.array(
        [t_quantile(0.5 + confidence / 2, float(m - 1)) if m >= 2 else np.nan for m in n.tolist()]
    )
    return UnitEffects(n, mean, sd, se, mean - tq * se, mean + tq * se)


def value_added(
    prior: np.ndarray,
    current: np.ndarray,
    school: np.ndarray,
    klass: np.ndarray | None = None,
    *,
    n_schools: int | None = None,
    n_classes: int | None = None,
    confidence: float = 0.95,
) -> ValueAdded:
    """Value added of schools (and classes) between two exams of one cohort.

    Args:
        prior, current: totals per candidate, aligned (see :func:`match_candidates`),
            NaN for absent; only candidates present in both count.
        school, klass: unit codes per candidate (current exam's school and class).
        n_schools, n_classes: number of codes (default: max code + 1).
        confidence: of the interval (0.95).
    """
    prior = np.asarray(prior, dtype=np.float64)
    current = np.asarray(current, dtype=np.float64)
    school = np.asarray(school, dtype=np.int64)
    ok = ~np.isnan(prior) & ~np.isnan(current)
    if ok.sum() < 3:
        raise ValueError("need at least 3 candidates present in both exams")
    x, y = prior[ok], current[ok]
    dx = x - x.mean()
    sxx = float((dx * dx).sum())
    if sxx == 0:
        raise ValueError("prior totals are all equal: no regression possible")
    slope = float((dx * (y - y.mean())).sum() / sxx)
    intercept = float(y.mean() - slope * x.mean())
    res = y - (intercept + slope * x)
    dy = y - y.mean()
    r2 = 1.0 - float((res * res).sum() / (dy * dy).sum()) if (dy * dy).sum() > 0 else float("nan")
    residuals = np.full(len(prior), np.nan)
    residuals[ok] = res
    ns = n_schools if n_schools is not None else int(school.max()) + 1
    class_effects = None
    if klass is not None:
        klass = np.asarray(klass, dtype=np.int64)
        nc = n_classes if n_classes is not None else int(klass.max()) + 1
        class_effects = _unit_effects(klass[ok], res, nc, confidence)
    return ValueAdded(
        n=int(ok.sum()),
        slope=slope,
        intercept=intercept,
        r2=r2,
        residuals=residuals,
        school=_unit_effects(school[ok], res, ns, confidence),
        klass=class_effects,
        confidence=confidence,
    )


def match_candidates(
    prior_ids: np.ndarray, current_ids: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Indices (into prior, into current) of students present in both exams' lists,
    matched on a stable student identifier (学籍号), not the per-exam exam number."""
    _, ip, ic = np.intersect1d(
        np.asarray(prior_ids), np.asarray(current_ids), assume_unique=True, return_indices=True
    )
    return ip, ic


# ------------------------------------------------------------------ trend
@dataclass(frozen=True, eq=False)
class SchoolTrend:
    """Schools' standing across exams, arrays of shape (schools, exams).

    ``z`` is the school's mean total minus the city mean, over the city's (population)
    standard deviation of totals, so exams with different full marks compare. A school
    missing from an exam has rank -1 and NaN mean and z. ``z_slope`` is the least-squares
    slope of z against the exam index (z per exam), over the exams the school sat.
    """

    exams: tuple[str, ...]
    district: np.ndarray
    school: np.ndarray
    rank: np.ndarray
    mean: np.ndarray
    z: np.ndarray
    z_slope: np.ndarray


def school_trend(analyses: Sequence[ExamAnalysis], labels: Sequence[str]) -> SchoolTrend:
    """Rank and mean z of every school across exams, oldest first.

    Schools are matched across exams by (district name, school name).
    """
    if len(analyses) != len(labels):
        raise ValueError("one label per exam")
    keys: dict[tuple[str, str], int] = {}
    per_exam = []
    for a in analyses:
        sh = a.sheet
        names = list(
            zip(
                sh.district_names[sh.school_district].tolist(),
                sh.school_names.tolist(),
                strict=True,
            )
        )
        for key in names:
            keys.setdefault(key, len(keys))
        per_exam.append(np.array([keys[k] for k in names], dtype=np.int64))
    n_s, n_e = len(keys), len(analyses)
    rank = np.full((n_s, n_e), -1, dtype=np.int64)
    mean = np.full((n_s, n_e), np.nan)
    z = np.full((n_s, n_e), np.nan)
    for e, (a, idx) in enumerate(zip(analyses, per_exam, strict=True)):
        city = a.levels["city"]
        m = a.levels["school"].mean[:, -1]
        rank[idx, e] = a.school_rank_city
        mean[idx, e] = m
        with np.errstate(invalid="ignore", divide="ignore"):
            z[idx, e] = (m - city.mean[0, -1]) / city.std[0, -1]
    t = np.arange(n_e, dtype=np.float64)
    slope = np.full(n_s, np.nan)
    for s in range(n_s):
        ok = ~np.isnan(z[s])
        if ok.sum() >= 2:
            tt = t[ok] - t[ok].mean()
            slope[s] = float((tt * (z[s, ok] - z[s, ok].mean())).sum() / (tt * tt).sum())
    ordered = sorted(keys, key=keys.__getitem__)
    return SchoolTrend(
        exams=tuple(labels),
        district=np.array([k[0] for k in ordered], dtype=object),
        school=np.array([k[1] for k in ordered], dtype=object),
        rank=rank,
        mean=mean,
        z=z,
        z_slope=slope,
    )
