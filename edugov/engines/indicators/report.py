"""Turn engine results into JSON-ready dicts (used by the CLI and by the Django module).

Numbers stay full precision; NaN becomes ``None`` so the output is strict JSON.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np

from .split import COMPULSORY

if TYPE_CHECKING:
    from .youzhi import AreaResults, YouzhiResult


def plain(v: Any) -> Any:
    """A JSON-safe Python scalar: numpy scalars unwrapped, NaN/inf as ``None``."""
    if isinstance(v, np.generic):
        v = v.item()
    if isinstance(v, float):
        if not math.isfinite(v):
            return None
        if v.is_integer() and abs(v) < 2**53:
            return int(v)
    return v


def _school_records(res: YouzhiResult, level: str, year: int | None = None) -> list[dict[str, Any]]:
    s = res.schools
    rows = s.rows
    out = []
    year_known = _year_known(res)
    wanted = rows["level"] == level
    if year is not None and year_known:
        wanted &= rows["year"].astype(int) == int(year)
    for i in np.flatnonzero(wanted):
        ind = {}
        gaps = {}
        for j, indicator in enumerate(res.indicators):
            std = s.standard[i, j]
            ind[indicator.code] = {
                "value": plain(s.values[i, j]),
                "standard": plain(std),
                "ratio": plain(s.values[i, j] / std if std else np.nan),
                "met": bool(s.met[i, j]),
            }
            if not s.met[i, j]:
                share = rows[f"{indicator.numerator_field}_share"][i]
                gaps[indicator.code] = {
                    "unit": indicator.gap_unit,
                    "to_standard": plain(s.gaps.to_standard[i, j]),
                    "to_85pct": plain(s.gaps.to_85pct[i, j]),
                    "school_total_to_standard": plain(s.gaps.school_total[i, j]),
                    "part_share": plain(share),
                }
        out.append(
            {
                "district": str(rows["district"][i]),
                "school_code": str(rows["school_code"][i]),
                "name": str(rows["name"][i]),
                "type": str(rows["type"][i]),
                "year": int(rows["year"][i]) if year_known else None,
                "students": plain(rows["students"][i]),
                "indicators": ind,
                "n_met": int(s.n_met[i]),
                "passes": bool(s.passes[i]),
                "gaps": gaps,
                "school_students": plain(rows["school_students"][i]),
                "school_size_limit": plain(rows["school_size_limit"][i]),
                "oversize": bool(s.oversize[i]),
                "max_class_size": plain(rows["max_class_size"][i]),
                "class_size_limit": plain(rows["class_size_limit"][i]),
                "over_class_size": bool(s.over_class_size[i]),
            }
        )
    return out


def _year_known(res: YouzhiResult) -> bool:
    return res.has_year


def _area_records(res: YouzhiResult, area: AreaResults, level: str) -> list[dict[str, Any]]:
    s = res.schools
    rows = s.rows
    year_known = _year_known(res)
    out = []
    for g in np.flatnonzero(area.keys["level"] == level):
        members = np.flatnonzero(area.member_ids == g)
        ind = {}
        for j, indicator in enumerate(res.indicators):
            ind[indicator.code] = {
                "value": plain(area.values[g, j]),
                "cv": plain(area.cv[g, j]),
                "cv_limit": plain(area.cv_limit[g]),
                "cv_ok": bool(area.cv_ok[g, j]),
                "cv_if_gaps_closed": plain(area.cv_if_closed[g, j]),
            }
        rec: dict[str, Any] = {}
        if "district" in area.keys:
            rec["district"] = str(area.keys["district"][g])
        rec["year"] = int(area.keys["year"][g]) if year_known else None
        rec.update(
            {
                "students": plain(area.students[g]),
                "n_schools": int(area.n_schools[g]),
                "n_passing": int(area.n_passing[g]),
                "all_schools_pass": bool(area.all_pass[g]),
                "all_cv_ok": bool(area.cv_ok[g].all()),
                "passes_resource_allocation": bool(area.passes_resource_allocation[g]),
                "indicators": ind,
                "n_oversize_schools": int(area.n_oversize[g]),
                "n_over_class_size_schools": int(area.n_over_class_size[g]),
                "n_class_size_unknown": int(area.n_class_size_unknown[g]),
            }
        )
        if "district" in area.keys:
            codes = rows["school_code"]
            rec["failing_schools"] = [str(codes[i]) for i in members if not s.passes[i]]
            rec["oversize_schools"] = [str(codes[i]) for i in members if s.oversize[i]]
            rec["over_class_size_schools"] = [
                str(codes[i]) for i in members if s.over_class_size[i]
            ]
        out.append(rec)
    return out


def youzhi_to_dict(res: YouzhiResult, school_year: int | None = None) -> dict[str, Any]:
    """The JSON shape printed by ``python -m edugov.engines.indicators youzhi``.

    ``school_year`` keeps only that year's school records (district and city records
    keep every year, for trends): a page showing one year of 2,000 schools × 5 years
    builds a fifth of the dicts.
    """
    out: dict[str, Any] = {
        "method": "县域义务教育优质均衡发展督导评估办法 (2017)",
        "rules": {
            "min_met": res.rules.min_met,
            "min_ratio_of_remaining": res.rules.min_ratio_of_remaining,
            "cv_limit": dict(res.rules.cv_limit),
            "school_size_limit": res.rules.school_size_limit,
            "through_school_size_limit": res.rules.through_school_size_limit,
            "class_size_limit": dict(res.rules.class_size_limit),
            "split_weights": dict(res.rules.split_weights),
            "min_teaching_point_students": res.rules.min_teaching_point_students,
        },
        "indicators": [
            {
                "code": i.code,
                "name_zh": i.name_zh,
                "name_en": i.name_en,
                "unit": i.unit,
                "standard": {
                    lv: res.thresholds.get(i.code, "national", level=lv) for lv in COMPULSORY
                },
            }
            for i in res.indicators
        ],
    }
    for level in COMPULSORY:
        out[level] = {
            "schools": _school_records(res, level, school_year),
            "districts": _area_records(res, res.districts, level),
            "city": _area_records(res, res.city, level),
        }
    out["excluded"] = [{**e, "year": e["year"] if _year_known(res) else None} for e in res.excluded]
    return out
