"""Enrolment rules the city sets each spring (DOMAIN-modules.md §9). Values marked
UNCONFIRMED are configuration: ``settings.EDUGOV_ENROLMENT`` overrides any key, and the
default stated here applies otherwise."""

from __future__ import annotations

from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    # 年满6周岁 by 8月31日 (Nanchang 2018 and 2024 notices).
    "age_years": 6,
    "cutoff_month": 8,
    "cutoff_day": 31,
    # 2024 cut-offs: property held by 6月30日 of the year; 居住证 by the previous 12月31日.
    "property_by": (6, 30),
    "permit_by_previous_year_end": True,
    # Priority order, first admitted first. UNCONFIRMED: the notice's wording varies by
    # district; this is the usual 房户一致 > 户籍在片无房 > 有房无户 > 随迁子女.
    "categories": ("home_and_household", "household_only", "home_only", "migrant"),
    # Working days the school has to review, and the parent to add what was asked.
    # UNCONFIRMED: the notices give the window, not a per-application limit.
    "review_deadline": "3 个工作日",
    "supplement_deadline": "5 个工作日",
    # 初中 (小升初). UNCONFIRMED: DOMAIN-modules §9 gives no junior rule beyond the age.
    # Default: the pupils of a junior school's paired primaries (对口直升, the plan's
    # ``feeders``) are placed first, before the catchment categories; False ranks them by
    # their catchment facts like everyone else.
    "junior_feeder_first": True,
    # Age for junior grade 1: the primary age plus six years of primary school.
    "junior_age_years": 12,
}


def get(key: str) -> Any:
    return {**DEFAULTS, **getattr(settings, "EDUGOV_ENROLMENT", {})}[key]
