"""Class-size bands (大班额) and school-size lines (大校额), DOMAIN.md §4.

Bands per stage: within standard (≤ 45 primary / ≤ 50 junior), over standard (up to
55), 大班额 (56–65) and 超大班额 (≥ 66). The standard line comes from
``YouzhiRules.class_size_limit`` so a stricter local line is a data change.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ._columns import StatsError, as_columns, group_index, group_sum, n_rows, numeric, text
from .definitions import DEFAULT_RULES, YouzhiRules
from .report import plain
from .split import COMPULSORY, THROUGH_TYPES, levels_held, normalise_types

BANDS: tuple[str, ...] = ("within_standard", "over_standard", "large", "super_large")
BAND_NAMES_ZH: dict[str, str] = {
    "within_standard": "标准班额",
    "over_standard": "超标准班额",
    "large": "大班额(56–65)",
    "super_large": "超大班额(≥66)",
}
LARGE_FROM = 56
SUPER_LARGE_FROM = 66


def band_of(sizes: np.ndarray, limits: np.ndarray) -> np.ndarray:
    """Band index (0–3, see :data:`BANDS`) of each class size given its stage limit."""
    sizes = np.asarray(sizes, dtype=float)
    return np.select(
        [sizes <= limits, sizes < LARGE_FROM, sizes < SUPER_LARGE_FROM],
        [0, 1, 2],
        default=3,
    )


@dataclass(frozen=True)
class BandTable:
    """Class counts per band for each group (district × year × stage, or city × ...)."""

    keys: dict[str, np.ndarray]
    counts: np.ndarray

    @property
    def totals(self) -> np.ndarray:
        return self.counts.sum(axis=1)

    @property
    def shares(self) -> np.ndarray:
        """Share of classes in each band (rows sum to 1; NaN for a group with no classes)."""
        t = self.totals[:, None]
        return np.divide(self.counts, t, out=np.full(self.counts.shape, np.nan), where=t > 0)

    def records(self) -> list[dict[str, Any]]:
        """One dict per group: keys, ``classes``, then ``{band: {count, share}}``."""
        shares = self.shares
        out = []
        for g in range(len(self.counts)):
            rec: dict[str, Any] = {k: plain(v[g]) for k, v in self.keys.items()}
            rec["classes"] = int(self.totals[g])
            for b, band in enumerate(BANDS):
                rec[band] = {"count": int(self.counts[g, b]), "share": plain(shares[g, b])}
            out.append(rec)
        return out


@dataclass(frozen=True)
class ClassSizeResult:
    """Bands by district and by city, and the schools that have 大班额 classes."""

    districts: BandTable
    city: BandTable
    large_class_schools: list[dict[str, Any]]


def class_size_bands(
    classes: object, *, rules: YouzhiRules = DEFAULT_RULES, by: Sequence[str] = ("district",)
) -> ClassSizeResult:
    """Count classes per band per (district, year, level) and per (year, level).

    ``classes`` columns: ``district``, ``year``, ``level`` (primary/junior), ``size``;
    optional ``count`` (number of classes of that size — lets callers pass a histogram
    instead of one row per class) and ``school_code`` (to list schools with classes of
    56 or more).
    """
    cols = dict(as_columns(classes))
    n = n_rows(cols)
    level = text(cols, "level")
    unknown = ~np.isin(level, COMPULSORY)
    if unknown.any():
        i = int(np.flatnonzero(unknown)[0])
        raise StatsError(
            f"level must be primary or junior, got {level[i]!r}", row=i, column="level"
        )
    size = numeric(cols, "size")
    if np.any(~(size >= 0)):
        i = int(np.flatnonzero(~(size >= 0))[0])
        raise StatsError("class size must be a non-negative number", row=i, column="size")
    count = numeric(cols, "count", default=1.0)
    limits = np.array([rules.class_size_limit[lv] for lv in COMPULSORY])[
        (level == "junior").astype(int)
    ]
    band = band_of(size, limits)
    cols["level"] = level
    cols["year"] = numeric(cols, "year").astype(int)
    onehot = np.zeros((n, len(BANDS)))
    onehot[np.arange(n), band] = count

    def table(keys: list[str]) -> BandTable:
        gi = group_index(cols, keys)
        return BandTable(gi.keys, group_sum(gi.ids, onehot, gi.n).reshape(gi.n, len(BANDS)))

    large: list[dict[str, Any]] = []
    if "school_code" in cols:
        cols["school_code"] = text(cols, "school_code")
        big = band >= 2
        if big.any():
            sub = {k: np.asarray(v)[big] for k, v in cols.items()}
            gi = group_index(sub, ["district", "school_code", "year", "level"])
            n_large = group_sum(gi.ids, np.where(band[big] == 2, count[big], 0.0), gi.n)
            n_super = group_sum(gi.ids, np.where(band[big] == 3, count[big], 0.0), gi.n)
            largest = np.full(gi.n, -np.inf)
            np.maximum.at(largest, gi.ids, size[big])
            for g in range(gi.n):
                rec = {k: plain(v[g]) for k, v in gi.keys.items()}
                rec.update(
                    large=int(n_large[g]), super_large=int(n_super[g]), largest=plain(largest[g])
                )
                large.append(rec)
    return ClassSizeResult(table([*by, "year", "level"]), table(["year", "level"]), large)


def oversized_schools(schools: object, *, rules: YouzhiRules = DEFAULT_RULES) -> list[dict]:
    """Schools whose compulsory-stage students exceed their school-size line, per year.

    Only ``district``, ``school_code``, ``type``, ``year`` and the ``students_*``
    columns are needed. Lines: 2000 for a primary, junior or the junior part of a
    完全中学; 2500 for 九年一贯制 and 十二年一贯制 (their compulsory stages together).
    """
    cols = as_columns(schools)
    n = n_rows(cols)
    types = normalise_types(text(cols, "type"))
    compulsory = np.zeros(n)
    held = levels_held(types)
    for j, lv in enumerate(COMPULSORY):
        students = np.nan_to_num(numeric(cols, f"students_{lv}", 0.0))
        compulsory += np.where(held[:, j], students, 0.0)
    limit = np.where(
        np.isin(types, list(THROUGH_TYPES)),
        rules.through_school_size_limit,
        rules.school_size_limit,
    )
    over = (compulsory > limit) & (types != "special")
    name = text(cols, "name", default="")
    district = text(cols, "district")
    code = text(cols, "school_code")
    year = numeric(cols, "year", 0).astype(int)
    order = np.lexsort((code, district, year))
    return [
        {
            "district": str(district[i]),
            "school_code": str(code[i]),
            "name": str(name[i]),
            "type": str(types[i]),
            "year": int(year[i]),
            "students": plain(compulsory[i]),
            "limit": plain(limit[i]),
            "excess": plain(compulsory[i] - limit[i]),
        }
        for i in order
        if over[i]
    ]
