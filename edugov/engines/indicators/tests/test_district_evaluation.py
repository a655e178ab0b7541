"""District (county) and city rollups, CV lines and size lines."""

from __future__ import annotations

import numpy as np
import pytest

from edugov.engines.indicators import (
    YOUZHI_INDICATORS,
    compute_indicators,
    evaluate_youzhi,
    split_parts,
)

from .factories import JUNIOR_OK, school


def test_a_district_value_is_the_sum_of_numerators_over_the_sum_of_students():
    rows = [
        school("A", students_primary=1000, qualified_teachers_primary=50),  # 5.0
        school("B", students_primary=100, qualified_teachers_primary=10),  # 10.0
        school("C", district="西湖区", students_primary=400, qualified_teachers_primary=20),  # 5.0
    ]
    res = evaluate_youzhi(rows)
    j = res.codes.index("yz_qualified_teachers")
    keys = list(res.districts.keys["district"])
    # 东湖区: 100 · (50 + 10) / (1000 + 100) = 5.4545…, not the mean of ratios 7.5
    assert res.districts.values[keys.index("东湖区"), j] == pytest.approx(6000 / 1100)
    # city: 100 · (50 + 10 + 20) / 1500 = 5.333…, not the mean of the district values
    assert res.city.values[0, j] == pytest.approx(8000 / 1500)


def test_compute_indicators_rolls_up_by_district_and_city_per_year():
    rows = [
        school("A", students_primary=1000, qualified_teachers_primary=50),
        school("B", students_primary=100, qualified_teachers_primary=10),
        school("A", year=2025, students_primary=1000, qualified_teachers_primary=40),
    ]
    parts = split_parts(rows).rows
    tables = compute_indicators(parts, YOUZHI_INDICATORS, extra_keys=["level"])
    j = 0
    assert list(tables.district.keys["year"]) == [2024, 2025]
    assert tables.district.values[:, j] == pytest.approx([6000 / 1100, 4.0])
    assert tables.district.members.tolist() == [2, 1]
    assert tables.rows.values[:, j] == pytest.approx([5.0, 10.0, 4.0])


def test_cv_lines_are_0_50_for_primary_and_0_45_for_junior():
    # two junior schools whose equipment differs hugely -> CV above 0.45
    rows = [
        school("J1", JUNIOR_OK, equipment_value=10_000_000),
        school("J2", JUNIOR_OK, equipment_value=2_600_000),
        school("P1"),
    ]
    res = evaluate_youzhi(rows)
    levels = list(res.districts.keys["level"])
    jr, pr = levels.index("junior"), levels.index("primary")
    k = res.codes.index("yz_equipment_value")
    assert res.districts.cv_limit[jr] == 0.45 and res.districts.cv_limit[pr] == 0.50
    # equal weights: values 10000 and 2600, mean 6300, S = 3700 -> CV = 37/63 ≈ 0.587
    assert res.districts.cv[jr, k] == pytest.approx(37 / 63)
    assert not res.districts.cv_ok[jr, k]
    assert not res.districts.passes_resource_allocation[jr]
    assert res.districts.passes_resource_allocation[pr]


def test_the_school_size_and_class_size_lines_are_counted_per_district():
    rows = [
        school("P1", students_primary=2001, max_class_size_primary=46),
        school("P2", students_primary=2000, max_class_size_primary=45),
        school(
            "N1",
            type="nine_year",
            students_primary=1500,
            students_junior=1100,
            qualified_teachers_junior=60,
            backbone_teachers_junior=12,
            specialist_teachers_junior=12,
            max_class_size_junior=51,
        ),
        school(
            "N2",
            type="nine_year",
            students_primary=1500,
            students_junior=1000,
            qualified_teachers_junior=60,
            backbone_teachers_junior=12,
            specialist_teachers_junior=12,
            max_class_size_primary=None,
        ),
    ]
    res = evaluate_youzhi(rows)
    d = res.districts
    levels = list(d.keys["level"])
    pr, jr = levels.index("primary"), levels.index("junior")
    # primary: P1 (2001 > 2000) and N1 (2600 > 2500) are oversize; P2 and N2 sit on the line
    assert d.n_oversize[pr] == 2
    assert d.n_oversize[jr] == 1
    # class lines: P1's 46 > 45, N1's junior 51 > 50; N2 reported no class sizes
    assert d.n_over_class_size[pr] == 1 and d.n_over_class_size[jr] == 1
    assert d.n_class_size_unknown[pr] == 1 and d.n_class_size_unknown[jr] == 1
    out = res.to_dict()
    (dist,) = out["primary"]["districts"]
    assert dist["oversize_schools"] == ["P1", "N1"]
    assert dist["over_class_size_schools"] == ["P1"]


def test_results_are_grouped_by_year():
    rows = [school("A", year=y, students_primary=1000 + y) for y in (2021, 2022, 2023)]
    res = evaluate_youzhi(rows)
    assert res.districts.keys["year"].tolist() == [2021, 2022, 2023]
    assert np.all(res.districts.n_schools == 1)


def test_records_columns_and_dataframes_give_the_same_evaluation():
    pd = pytest.importorskip("pandas")
    rows = [
        school("A", students_primary=1000, qualified_teachers_primary=50),
        school("B", students_primary=500, qualified_teachers_primary=20, floor_area=1000),
        school("J", JUNIOR_OK, district="西湖区"),
    ]
    frame = pd.DataFrame(rows)
    columns = {k: frame[k].to_numpy() for k in frame.columns}
    results = [evaluate_youzhi(x) for x in (rows, frame, columns)]
    for other in results[1:]:
        assert other.to_dict() == results[0].to_dict()


def test_orm_style_rows_with_decimals_and_nones_are_accepted():
    from decimal import Decimal

    plain = [school("A", floor_area=4321.5), school("B", students_primary=700)]
    orm = [
        dict(plain[0], floor_area=Decimal("4321.50"), students_junior=None),
        dict(plain[1], equipment_value=Decimal("2100000.00"), students_junior=None),
    ]
    assert evaluate_youzhi(orm).to_dict() == evaluate_youzhi(plain).to_dict()
