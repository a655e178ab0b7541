"""Compute declared indicators per row and roll them up to district and city.

The rollup of a ratio is Σ numerator / Σ denominator over the member rows — never the
mean of the member ratios, which would again weigh a tiny school like a large one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from ._columns import (
    Columns,
    StatsError,
    as_columns,
    concat,
    group_index,
    group_sum,
    n_rows,
)
from .definitions import Indicator
from .expressions import evaluate

# Float noise must not flip a hand-checked comparison: 9 teachers / 1000 pupils · 100 is
# 0.8999999999999999 in binary, yet meets the 0.9 line exactly.
REL_TOL = 1e-9


def at_least(value: np.ndarray, line: np.ndarray | float) -> np.ndarray:
    """``value ≥ line`` allowing for binary rounding of exactly-at-the-line values."""
    line = np.asarray(line, dtype=float)
    return value >= line - REL_TOL * np.maximum(np.abs(line), 1.0)


def at_most(value: np.ndarray, line: np.ndarray | float) -> np.ndarray:
    """``value ≤ line`` with the same tolerance as :func:`at_least`."""
    line = np.asarray(line, dtype=float)
    return value <= line + REL_TOL * np.maximum(np.abs(line), 1.0)


def ratio(num: np.ndarray, den: np.ndarray, scale: np.ndarray | float) -> np.ndarray:
    """``scale × num / den`` with NaN (not inf) where the denominator is 0."""
    num = np.asarray(num, dtype=float)
    den = np.asarray(den, dtype=float)
    out = np.full(np.broadcast(num, den).shape, np.nan)
    np.divide(num, den, out=out, where=den != 0)
    return out * scale


@dataclass(frozen=True)
class RowTerms:
    """Numerator and denominator of each indicator for each row (0 where filtered out).

    Shapes are (n, k) with columns in ``codes`` order. District-scope denominators are
    NaN here: they only exist once rows are grouped by district.
    """

    codes: tuple[str, ...]
    numerator: np.ndarray
    denominator: np.ndarray
    included: np.ndarray
    scale: np.ndarray

    @property
    def values(self) -> np.ndarray:
        """Per-row indicator values (NaN where excluded or the denominator is 0)."""
        v = ratio(self.numerator, self.denominator, self.scale)
        v[~self.included] = np.nan
        return v


def row_terms(rows: Mapping[str, np.ndarray], indicators: Sequence[Indicator]) -> RowTerms:
    """Evaluate every indicator's numerator and denominator expression on each row."""
    n = n_rows(rows)
    k = len(indicators)
    num = np.zeros((n, k))
    den = np.zeros((n, k))
    inc = np.zeros((n, k), dtype=bool)
    for j, ind in enumerate(indicators):
        mask = ind.row_mask(rows, n)
        nv = evaluate(ind.numerator, rows)
        if ind.denominator_scope == "row":
            dv = evaluate(ind.denominator, rows)
        else:
            dv = np.full(n, np.nan)
        bad = mask & ~np.isfinite(nv)
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise StatsError(f"{ind.code}: numerator {ind.numerator!r} is not a number", row=i)
        num[:, j] = np.where(mask, nv, 0.0)
        den[:, j] = np.where(mask, dv, 0.0) if ind.denominator_scope == "row" else np.nan
        inc[:, j] = mask
    scale = np.array([ind.scale for ind in indicators], dtype=float)
    return RowTerms(tuple(i.code for i in indicators), num, den, inc, scale)


@dataclass(frozen=True)
class Rollup:
    """Indicators summed over groups of rows: one row per key tuple in ``keys``."""

    codes: tuple[str, ...]
    keys: dict[str, np.ndarray]
    numerator: np.ndarray
    denominator: np.ndarray
    scale: np.ndarray
    members: np.ndarray

    @property
    def values(self) -> np.ndarray:
        """``scale × Σ num / Σ den`` per group and indicator (NaN where Σ den = 0)."""
        return ratio(self.numerator, self.denominator, self.scale)

    def records(self) -> list[dict[str, object]]:
        """One plain dict per group: key columns, then ``{code: value}``."""
        vals = self.values
        out: list[dict[str, object]] = []
        for g in range(len(self.members)):
            rec: dict[str, object] = {k: _plain(v[g]) for k, v in self.keys.items()}
            rec["rows"] = int(self.members[g])
            for j, code in enumerate(self.codes):
                rec[code] = _plain(vals[g, j])
            out.append(rec)
        return out


def _plain(v: object) -> object:
    if isinstance(v, np.generic):
        v = v.item()
    if isinstance(v, float) and not np.isfinite(v):
        return None
    return v


def rollup(
    rows: Mapping[str, np.ndarray],
    indicators: Sequence[Indicator],
    by: Sequence[str],
    *,
    terms: RowTerms | None = None,
    district_rows: Mapping[str, np.ndarray] | None = None,
) -> Rollup:
    """Group rows by the ``by`` columns and compute Σnum/Σden per group.

    ``district_rows`` (one row per district and year, e.g. ``population_3_5``) supplies
    district-scope denominators; ``by`` must then be a subset of its columns, and groups
    that have district figures but no institutions still appear (with numerator 0).
    """
    terms = terms if terms is not None else row_terms(rows, indicators)
    needs_district = any(i.denominator_scope == "district" for i in indicators)
    if needs_district and district_rows is None:
        raise StatsError("district-level figures are needed (e.g. population_3_5)")
    if needs_district:
        drows = as_columns(district_rows)
        both = concat([rows, drows], by)
        gi = group_index(both, by)
        n = n_rows(rows)
        row_ids, drow_ids = gi.ids[:n], gi.ids[n:]
    else:
        gi = group_index(rows, by)
        row_ids = gi.ids
    ng = gi.n
    num = group_sum(row_ids, terms.numerator, ng)
    den = group_sum(row_ids, np.nan_to_num(terms.denominator, nan=0.0), ng)
    for j, ind in enumerate(indicators):
        if ind.denominator_scope == "district":
            dv = evaluate(ind.denominator, drows)
            den[:, j] = np.bincount(drow_ids, weights=dv, minlength=ng)
    members = group_sum(row_ids, terms.included.any(axis=1).astype(float), ng)
    return Rollup(terms.codes, gi.keys, num, den, terms.scale, members.astype(int))


@dataclass(frozen=True)
class IndicatorTables:
    """Indicators at every level: per row, per district (and year), per city (and year)."""

    rows: RowTerms
    district: Rollup
    city: Rollup


def compute_indicators(
    rows: object,
    indicators: Sequence[Indicator],
    *,
    district_key: str = "district",
    year_key: str = "year",
    extra_keys: Sequence[str] = (),
    district_rows: object | None = None,
) -> IndicatorTables:
    """Compute ``indicators`` per row, per (district, year, *extra) and per (year, *extra).

    ``rows`` is anything :func:`as_columns` accepts: one row per institution (or school
    part) per year. The city level is the Σnum/Σden over all its districts' rows, not
    an average of district values.
    """
    cols: Columns = as_columns(rows)
    drows = as_columns(district_rows) if district_rows is not None else None
    terms = row_terms(cols, indicators)
    district = rollup(
        cols, indicators, [district_key, year_key, *extra_keys], terms=terms, district_rows=drows
    )
    city = rollup(cols, indicators, [year_key, *extra_keys], terms=terms, district_rows=drows)
    return IndicatorTables(terms, district, city)
