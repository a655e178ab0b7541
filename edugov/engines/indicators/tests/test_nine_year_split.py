"""Splitting 九年一贯制 (and other multi-stage) schools into their stages."""

from __future__ import annotations

import pytest

from edugov.engines.indicators import StatsError, YouzhiRules, evaluate_youzhi, split_parts

from .factories import school

# 600 primary + 400 junior pupils. Weighted 1 : 1.1 -> 600 and 440, total 1040,
# so shared resources go 600/1040 = 15/26 to primary and 440/1040 = 11/26 to junior.
NINE_YEAR = school(
    "N",
    type="nine_year",
    students_primary=600,
    students_junior=400,
    qualified_teachers_primary=30,
    qualified_teachers_junior=24,
    qualified_teachers=None,
    backbone_teachers_primary=None,
    backbone_teachers=13,  # not reported per stage -> split
    specialist_teachers_primary=6,
    specialist_teachers_junior=4,
    floor_area=5200,
    sports_area=10400,
    equipment_value=2_600_000,
    multimedia_classrooms=26,
    max_class_size_primary=44,
    max_class_size_junior=52,
)


def _part(parts, level):
    rows = parts.rows
    (i,) = [i for i in range(len(rows["level"])) if rows["level"][i] == level]
    return {k: v[i] for k, v in rows.items()}


def test_it_splits_shared_resources_by_students_weighted_one_to_one_point_one():
    parts = split_parts([NINE_YEAR])
    p, j = _part(parts, "primary"), _part(parts, "junior")
    # floor 5200 · 15/26 = 3000 ㎡ and 5200 · 11/26 = 2200 ㎡
    assert p["floor_area"] == pytest.approx(3000)
    assert j["floor_area"] == pytest.approx(2200)
    # sports 10400 -> 6000 / 4400; equipment 2,600,000 -> 1,500,000 / 1,100,000
    assert (p["sports_area"], j["sports_area"]) == pytest.approx((6000, 4400))
    assert (p["equipment_value"], j["equipment_value"]) == pytest.approx((1_500_000, 1_100_000))
    # 26 classrooms -> 15 / 11; 13 backbone teachers (no per-stage figure) -> 7.5 / 5.5
    assert (p["multimedia_classrooms"], j["multimedia_classrooms"]) == pytest.approx((15, 11))
    assert (p["backbone_teachers"], j["backbone_teachers"]) == pytest.approx((7.5, 5.5))
    # per-stage teacher counts are used as given
    assert (p["qualified_teachers"], j["qualified_teachers"]) == (30, 24)
    assert p["floor_area_share"] == pytest.approx(15 / 26)
    assert p["qualified_teachers_share"] == 1.0


def test_the_split_parts_are_evaluated_per_stage_with_the_hand_computed_values():
    res = evaluate_youzhi([NINE_YEAR])
    s = res.schools
    lv = list(s.rows["level"])
    p, j = lv.index("primary"), lv.index("junior")
    c = res.codes
    # primary: 3000/600 = 5.0 ㎡, 6000/600 = 10.0 ㎡, 1.5M/600 = 2500 元, 15/600·100 = 2.5,
    #          backbone 7.5/600·100 = 1.25, qualified 30/600·100 = 5.0
    assert s.values[p, c.index("yz_floor_area")] == pytest.approx(5.0)
    assert s.values[p, c.index("yz_sports_area")] == pytest.approx(10.0)
    assert s.values[p, c.index("yz_equipment_value")] == pytest.approx(2500)
    assert s.values[p, c.index("yz_multimedia_classrooms")] == pytest.approx(2.5)
    assert s.values[p, c.index("yz_backbone_teachers")] == pytest.approx(1.25)
    # junior: 2200/400 = 5.5 ㎡ (< 5.8 standard), 4400/400 = 11.0 ㎡, 1.1M/400 = 2750 元,
    #         11/400·100 = 2.75, backbone 5.5/400·100 = 1.375, qualified 24/400·100 = 6.0
    assert s.values[j, c.index("yz_floor_area")] == pytest.approx(5.5)
    assert s.values[j, c.index("yz_sports_area")] == pytest.approx(11.0)
    assert s.values[j, c.index("yz_equipment_value")] == pytest.approx(2750)
    assert s.values[j, c.index("yz_multimedia_classrooms")] == pytest.approx(2.75)
    assert s.values[j, c.index("yz_backbone_teachers")] == pytest.approx(1.375)
    assert s.values[j, c.index("yz_qualified_teachers")] == pytest.approx(6.0)
    # junior misses floor area only (5.5/5.8 = 94.8 % ≥ 85 %) -> passes with 6 of 7
    assert s.n_met[j] == 6 and s.passes[j]
    # the junior class of 52 breaks the junior line of 50; the primary class of 44 does not
    assert s.over_class_size[j] and not s.over_class_size[p]
    # both stages together are 1000 pupils, under the 2500 through-school line
    assert not s.oversize.any()


def test_other_split_weights_change_the_split():
    rules = YouzhiRules(split_weights={"primary": 1.0, "junior": 1.0, "senior": 1.0})
    parts = split_parts([NINE_YEAR], rules)
    # equal weights: 5200 · 600/1000 = 3120 ㎡
    assert _part(parts, "primary")["floor_area"] == pytest.approx(3120)


def test_a_part_given_per_stage_leaves_the_remainder_of_the_total_to_the_other():
    row = dict(NINE_YEAR, qualified_teachers_junior=None, qualified_teachers=60)
    parts = split_parts([row])
    # 60 in total, 30 reported for primary -> the remaining 30 are the junior part's
    assert _part(parts, "junior")["qualified_teachers"] == pytest.approx(30)


def test_a_complete_secondary_school_shares_resources_with_its_senior_part():
    row = school(
        "W",
        type="complete_secondary",
        students_primary=0,
        students_junior=1000,
        students_senior=1200,
        qualified_teachers_junior=60,
        backbone_teachers_junior=12,
        specialist_teachers_junior=10,
        floor_area=13200,
    )
    parts = split_parts([row])
    assert list(parts.rows["level"]) == ["junior"]
    # junior weight 1000 · 1.1 = 1100, senior 1200 · 1.1 = 1320 -> junior gets 1100/2420
    assert parts.rows["floor_area"][0] == pytest.approx(13200 * 1100 / 2420)


def test_a_complete_secondary_school_without_senior_students_is_rejected():
    row = school("W", type="完全中学", students_primary=0, students_junior=1000)
    with pytest.raises(StatsError) as err:
        split_parts([row])
    assert err.value.column == "students_senior" and err.value.row == 0


def test_a_missing_resource_is_reported_with_its_row_and_per_stage_column():
    rows = [school("A"), school("B", floor_area=None)]
    with pytest.raises(StatsError) as err:
        split_parts(rows)
    assert (err.value.row, err.value.column) == (1, "floor_area_primary")


def test_parts_given_beyond_the_school_total_are_rejected():
    row = dict(NINE_YEAR, qualified_teachers_junior=None, qualified_teachers=20)
    with pytest.raises(StatsError) as err:
        split_parts([row])
    assert err.value.column == "qualified_teachers"


def test_a_primary_school_with_junior_students_is_rejected():
    with pytest.raises(StatsError) as err:
        split_parts([school("A", students_junior=10)])
    assert err.value.column == "students_junior"
