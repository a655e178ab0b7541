"""学前教育普及普惠 per district and for the city (DOMAIN.md §3).

Institution rows (one per kindergarten per year) give the children enrolled, ownership,
普惠 status, standardization and full-time teachers; district rows give the population
aged 3–5 for 毛入园率. Every share is Σ over the district's kindergartens, so the city
figure is the children-weighted whole, not an average of district percentages.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ._columns import StatsError, as_columns, group_index, n_rows, numeric, text
from .definitions import KINDERGARTEN_INDICATORS, Direction, Indicator, Thresholds
from .report import plain
from .rollup import Rollup, at_least, at_most, rollup, row_terms

_FLAGS = ("is_public", "is_puhui", "is_standardized")


@dataclass(frozen=True)
class KindergartenResult:
    """Indicator rollups per (district, year) and per year for the city, plus counts."""

    indicators: tuple[Indicator, ...]
    thresholds: Thresholds
    districts: Rollup
    city: Rollup
    district_counts: dict[str, np.ndarray]
    city_counts: dict[str, np.ndarray]

    def records(self, area: str = "district") -> list[dict[str, Any]]:
        """Per district (``area="district"``) or city (``"city"``) and year: each value
        beside the national threshold, the city target and the district target."""
        roll = self.districts if area == "district" else self.city
        counts = self.district_counts if area == "district" else self.city_counts
        vals = roll.values
        out = []
        for g in range(len(roll.members)):
            year = int(roll.keys["year"][g])
            district = str(roll.keys["district"][g]) if area == "district" else None
            rec: dict[str, Any] = {"district": district} if area == "district" else {}
            rec["year"] = year
            rec.update({k: int(v[g]) for k, v in counts.items()})
            ind = {}
            for j, i in enumerate(self.indicators):
                v = vals[g, j]
                entry: dict[str, Any] = {"value": plain(v), "unit": i.unit}
                lines = {
                    "national": self.thresholds.get(i.code, "national", year=year),
                    "city_target": self.thresholds.get(i.code, "city", year=year),
                }
                if area == "district":
                    lines["district_target"] = self.thresholds.get(
                        i.code, "district", year=year, district=district
                    )
                for name, line in lines.items():
                    entry[name] = line
                    entry[f"{name}_met"] = None if line is None else _meets(i, v, line)
                ind[i.code] = entry
            rec["indicators"] = ind
            out.append(rec)
        return out


def _meets(ind: Indicator, value: float, line: float) -> bool | None:
    if not np.isfinite(value):
        return None
    ok = (
        at_least(np.array(value), line)
        if ind.direction is Direction.HIGHER
        else at_most(np.array(value), line)
    )
    return bool(ok)


def evaluate_kindergarten(
    institutions: object,
    district_rows: object,
    *,
    thresholds: Thresholds | None = None,
    indicators: tuple[Indicator, ...] = KINDERGARTEN_INDICATORS,
) -> KindergartenResult:
    """Evaluate 普及普惠 for every district and year, and the city.

    ``institutions`` columns: ``district``, ``year``, ``type`` (only ``kindergarten``
    rows count, so a full institution table may be passed), ``children``,
    ``is_public``, ``is_puhui`` (普惠性民办园), ``is_standardized`` (0/1), ``teachers``
    (专任教师) and optionally ``opened_year`` (counts new public kindergartens).
    ``district_rows``: ``district``, ``year``, ``population_3_5`` — one row per pair.
    """
    thresholds = thresholds or Thresholds()
    inst = as_columns(institutions)
    drows = as_columns(district_rows)
    n = n_rows(inst)
    # Normalise key types so institution and district rows group together even when one
    # side came from a CSV (text years) and the other from the ORM (ints).
    for table in (inst, drows):
        table["district"] = text(table, "district")
        table["year"] = numeric(table, "year").astype(int)
    inst["type"] = text(inst, "type")
    is_kg = inst["type"] == "kindergarten"
    for flag in _FLAGS:
        v = numeric(inst, flag)
        bad = is_kg & ~np.isin(v, (0.0, 1.0))
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise StatsError(f"{v[i]!r} must be 0 or 1", row=i, column=flag)
        inst[flag] = v
    for col in ("children", "teachers"):
        v = numeric(inst, col)
        bad = is_kg & ~(v >= 0)
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise StatsError(f"{v[i]!r} must be a non-negative number", row=i, column=col)
    pop = numeric(drows, "population_3_5")
    dkeys = group_index(drows, ["district", "year"])
    if dkeys.n != n_rows(drows):
        dup = np.flatnonzero(np.bincount(dkeys.ids) > 1)[0]
        row = int(np.flatnonzero(dkeys.ids == dup)[1])
        raise StatsError("duplicate district and year", row=row, column="district")
    if np.any(~(pop >= 0)):
        i = int(np.flatnonzero(~(pop >= 0))[0])
        raise StatsError("population must be a non-negative number", row=i, column="population_3_5")

    terms = row_terms(inst, indicators)
    districts = rollup(inst, indicators, ["district", "year"], terms=terms, district_rows=drows)
    city = rollup(inst, indicators, ["year"], terms=terms, district_rows=drows)

    new_public = np.zeros(n, dtype=bool)
    if "opened_year" in inst:
        opened = numeric(inst, "opened_year")
        new_public = is_kg & (inst["is_public"] == 1) & (opened == numeric(inst, "year"))
    flags = {
        "n_kindergartens": is_kg,
        "n_public": is_kg & (inst["is_public"] == 1),
        "n_puhui_private": is_kg & (inst["is_public"] == 0) & (inst["is_puhui"] == 1),
        "n_standardized": is_kg & (inst["is_standardized"] == 1),
        "n_new_public": new_public,
    }
    return KindergartenResult(
        indicators,
        thresholds,
        districts,
        city,
        _counts(inst, drows, ["district", "year"], flags),
        _counts(inst, drows, ["year"], flags),
    )


def _counts(inst: dict, drows: dict, by: list[str], flags: dict[str, np.ndarray]) -> dict:
    # Same grouping as rollup(): institutions and district rows together, so the count
    # arrays line up with the rollup's groups (including districts without kindergartens).
    both = {k: np.concatenate([np.asarray(inst[k]), np.asarray(drows[k])]) for k in by}
    gi = group_index(both, by)
    ids = gi.ids[: n_rows(inst)]
    return {k: np.bincount(ids, weights=m.astype(float), minlength=gi.n) for k, m in flags.items()}
