"""Small builders for school rows used across the indicator tests."""

from __future__ import annotations

from typing import Any

# A 1000-pupil primary school that meets every standard with some margin:
# 5.0 / 1.2 / 1.0 teachers per 100, 5.0 ㎡ + 8.0 ㎡ per pupil, 2100 元, 2.5 rooms per 100.
PRIMARY_OK: dict[str, Any] = {
    "district": "东湖区",
    "year": 2024,
    "type": "primary",
    "students_primary": 1000,
    "students_junior": 0,
    "qualified_teachers_primary": 50,
    "backbone_teachers_primary": 12,
    "specialist_teachers_primary": 10,
    "floor_area": 5000,
    "sports_area": 8000,
    "equipment_value": 2_100_000,
    "multimedia_classrooms": 25,
    "max_class_size_primary": 45,
}

# The junior counterpart: 6.0 / 1.2 / 1.0 per 100, 6.0 ㎡ + 11.0 ㎡, 2600 元, 2.5 rooms.
JUNIOR_OK: dict[str, Any] = {
    "district": "东湖区",
    "year": 2024,
    "type": "junior",
    "students_primary": 0,
    "students_junior": 1000,
    "qualified_teachers_junior": 60,
    "backbone_teachers_junior": 12,
    "specialist_teachers_junior": 10,
    "floor_area": 6000,
    "sports_area": 11000,
    "equipment_value": 2_600_000,
    "multimedia_classrooms": 25,
    "max_class_size_junior": 50,
}


def school(code: str, base: dict[str, Any] | None = None, **overrides: Any) -> dict[str, Any]:
    """A school row: ``base`` (default a passing primary school) with overrides."""
    row = dict(PRIMARY_OK if base is None else base)
    row["school_code"] = code
    row["name"] = f"学校{code}"
    row.update(overrides)
    return row
