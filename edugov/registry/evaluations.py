"""The evaluations, computed by ``edugov.engines.indicators`` over ``selectors.load_area``.

Nothing here queries the database: an ``AreaData`` goes in, JSON-ready dicts come out,
shared by the pages, the reports and the KPIs.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from edugov.engines.indicators import (
    INDICATORS,
    class_size_bands,
    evaluate_kindergarten,
    evaluate_youzhi,
    oversized_schools,
)

from .selectors import AreaData

KG_ORDER = (
    "kg_gross_enrolment",
    "kg_public_share",
    "kg_inclusive_coverage",
    "kg_standardized_share",
    "kg_children_per_teacher",
)


@dataclass
class KindergartenEvaluation:
    districts: list[dict[str, Any]]
    city: list[dict[str, Any]]
    indicators: list[dict[str, Any]]

    def for_year(self, year: int) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
        rows = [r for r in self.districts if r["year"] == year]
        city = next((r for r in self.city if r["year"] == year), None)
        return rows, city


def kindergarten_evaluation(data: AreaData) -> KindergartenEvaluation:
    """普及普惠 per district and year, and pooled over the area (the "city" rows)."""
    meta = [
        {"code": c, "name_zh": INDICATORS[c].name_zh, "unit": INDICATORS[c].unit} for c in KG_ORDER
    ]
    if not data.kindergartens:
        return KindergartenEvaluation([], [], meta)
    pops = data.populations or [
        {"district": data.kindergartens[0]["district"], "year": data.years[0], "population_3_5": 0}
    ]
    result = evaluate_kindergarten(data.kindergartens, pops, thresholds=data.thresholds)
    districts = [r for r in result.records("district") if r["n_kindergartens"]]
    return KindergartenEvaluation(districts, result.records("city"), meta)


def youzhi_evaluation(
    data: AreaData, close_gaps_of: str = "failing", school_year: int | None = None
) -> dict[str, Any] | None:
    """The engine's 优质均衡 JSON (per stage: schools, districts, city), or None.
    ``school_year`` limits the school records (not the district trend) to one year."""
    if not data.youzhi:
        return None
    return evaluate_youzhi(
        data.youzhi, thresholds=data.thresholds, close_gaps_of=close_gaps_of
    ).to_dict(school_year)


def youzhi_for_year(result: dict[str, Any] | None, year: int) -> dict[str, Any]:
    """One year of the 优质均衡 result, per stage, with the failing schools' gaps."""
    out: dict[str, Any] = {"indicators": [], "stages": []}
    if result is None:
        return out
    out["indicators"] = result["indicators"]
    for level in ("primary", "junior"):
        stage = result[level]
        schools = [s for s in stage["schools"] if s["year"] == year]
        districts = [d for d in stage["districts"] if d["year"] == year]
        out["stages"].append(
            {
                "level": level,
                "schools": schools,
                "failing": [s for s in schools if not s["passes"]],
                "districts": districts,
                "city": next((c for c in stage["city"] if c["year"] == year), None),
                "trend": list(stage["districts"]),
            }
        )
    return out


def class_size_evaluation(data: AreaData, year: int) -> dict[str, Any]:
    """Class-size bands by district (one year) and the oversized schools (all years)."""
    bands: list[dict[str, Any]] = []
    large: list[dict[str, Any]] = []
    trend: list[dict[str, Any]] = []
    if data.classes:
        res = class_size_bands(data.classes)
        bands = [b for b in res.districts.records() if b["year"] == year]
        trend = res.city.records()
        large = [s for s in res.large_class_schools if s["year"] == year]
    oversized = oversized_schools(data.youzhi) if data.youzhi else []
    names = {r["school_code"]: r["name"] for r in data.youzhi}
    for s in large:
        s["name"] = names.get(s["school_code"], "")
    return {
        "bands": bands,
        "trend": trend,
        "large_class_schools": large,
        "oversized": [o for o in oversized if o["year"] == year],
        "oversized_all_years": oversized,
    }


def percent(value: float | None) -> Decimal | None:
    """A share as a Decimal percentage with two places (None stays None)."""
    if value is None:
        return None
    return Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
