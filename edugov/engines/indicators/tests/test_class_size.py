"""Class-size bands and the oversized-school list."""

from __future__ import annotations

import pytest

from edugov.engines.indicators import class_size_bands, oversized_schools

from .factories import school


def _classes(level, sizes, district="东湖区", code="A"):
    return [
        {"district": district, "year": 2024, "level": level, "size": s, "school_code": code}
        for s in sizes
    ]


def test_classes_fall_into_the_bands_of_their_stage():
    rows = _classes("primary", [45, 46, 55, 56, 65, 66]) + _classes(
        "junior", [50, 51, 70], code="B"
    )
    res = class_size_bands(rows)
    recs = {r["level"]: r for r in res.districts.records()}
    p, j = recs["primary"], recs["junior"]
    # primary: ≤45 | 46–55 | 56–65 | ≥66
    assert [
        p[b]["count"] for b in ("within_standard", "over_standard", "large", "super_large")
    ] == [1, 2, 2, 1]
    # junior: ≤50 | 51–55 | 56–65 | ≥66
    assert [
        j[b]["count"] for b in ("within_standard", "over_standard", "large", "super_large")
    ] == [1, 1, 0, 1]
    assert p["within_standard"]["share"] == pytest.approx(1 / 6)


def test_a_histogram_of_class_sizes_can_be_passed_with_counts():
    rows = [
        {"district": "东湖区", "year": 2024, "level": "primary", "size": 40, "count": 30},
        {"district": "东湖区", "year": 2024, "level": "primary", "size": 58, "count": 10},
        {"district": "西湖区", "year": 2024, "level": "primary", "size": 44, "count": 10},
    ]
    res = class_size_bands(rows)
    (city,) = res.city.records()
    assert city["classes"] == 50
    assert city["large"]["share"] == pytest.approx(0.2)
    assert len(res.districts.records()) == 2


def test_schools_with_large_classes_are_listed():
    rows = _classes("primary", [40, 58, 67, 70]) + _classes("primary", [45], code="B")
    res = class_size_bands(rows)
    assert res.large_class_schools == [
        {
            "district": "东湖区",
            "school_code": "A",
            "year": 2024,
            "level": "primary",
            "large": 1,
            "super_large": 2,
            "largest": 70,
        }
    ]


def test_oversized_schools_use_2000_or_2500_for_through_schools():
    rows = [
        school("P1", students_primary=2001),
        school("P2", students_primary=2000),
        school("N1", type="nine_year", students_primary=1500, students_junior=1001),
        school("N2", type="nine_year", students_primary=1500, students_junior=1000),
        school(
            "C1",
            type="complete_secondary",
            students_primary=0,
            students_junior=1900,
            students_senior=3000,
        ),
        school("S1", type="special", students_primary=2600),
    ]
    out = oversized_schools(rows)
    assert [(r["school_code"], r["excess"]) for r in out] == [("N1", 1), ("P1", 1)]
