"""The school rule: ≥ 6 of 7 standards met and the remaining one ≥ 85 % of its standard."""

from __future__ import annotations

import pytest

from edugov.engines.indicators import YouzhiRules, evaluate_youzhi

from .factories import JUNIOR_OK, school


def _only(rows, **kw):
    res = evaluate_youzhi(rows, **kw)
    assert len(res.schools.passes) == 1
    return res, 0


def test_a_school_meeting_all_seven_passes():
    res, i = _only([school("A")])
    assert res.schools.n_met[i] == 7 and res.schools.passes[i]


def test_six_of_seven_with_the_seventh_at_exactly_85_percent_passes():
    # floor area standard 4.5 ㎡; 85 % of it is 3.825 ㎡ -> 3825 ㎡ for 1000 pupils
    res, i = _only([school("A", floor_area=3825)])
    assert res.schools.n_met[i] == 6
    assert res.schools.passes[i]


def test_six_of_seven_with_the_seventh_at_84_9_percent_fails():
    # 84.9 % of 4.5 ㎡ is 3.8205 ㎡ -> 3820.5 ㎡ for 1000 pupils
    res, i = _only([school("A", floor_area=3820.5)])
    assert res.schools.n_met[i] == 6
    assert not res.schools.passes[i]


def test_the_85_percent_line_is_exact_for_teacher_ratios():
    # 357 teachers / 10000 pupils · 100 = 3.57 = 0.85 · 4.2 -> passes;
    # 356 teachers (84.76 %) must fail.
    base = {
        "students_primary": 10000,
        "backbone_teachers_primary": 120,
        "specialist_teachers_primary": 100,
        "floor_area": 50000,
        "sports_area": 80000,
        "equipment_value": 21_000_000,
        "multimedia_classrooms": 250,
    }
    res, i = _only([school("A", qualified_teachers_primary=357, **base)])
    assert res.schools.passes[i]
    res, i = _only([school("A", qualified_teachers_primary=356, **base)])
    assert not res.schools.passes[i]


def test_a_value_exactly_at_the_standard_meets_it():
    # 4.2 teachers per 100 pupils: 42 teachers for 1000 pupils
    res, i = _only([school("A", qualified_teachers_primary=42)])
    assert res.schools.met[i].all()


def test_a_value_at_the_standard_meets_it_despite_binary_rounding():
    # 9 PE/music/art teachers for 1000 pupils is exactly 0.9 per 100, but 9/1000·100
    # evaluates to 0.8999999999999999 < 0.9 in floating point.
    assert 9 / 1000 * 100 < 0.9
    res, i = _only([school("A", specialist_teachers_primary=9)])
    assert res.schools.met[i].all()
    assert res.schools.gaps.to_standard[i].sum() == 0


def test_five_of_seven_fails_even_when_both_misses_are_above_85_percent():
    # floor 4.4 ㎡ (97.8 %) and sports 7.4 ㎡ (98.7 %): two misses -> fail
    res, i = _only([school("A", floor_area=4400, sports_area=7400)])
    assert res.schools.n_met[i] == 5
    assert not res.schools.passes[i]


def test_junior_schools_are_held_to_the_junior_standards():
    # 5.0 qualified teachers per 100 meets the primary 4.2 but not the junior 5.3 (94 %)
    res, i = _only([school("J", JUNIOR_OK, qualified_teachers_junior=50)])
    assert res.schools.n_met[i] == 6
    assert res.schools.passes[i]
    assert res.schools.standard[i, 0] == 5.3


def test_the_pass_rule_constants_are_data():
    res, i = _only([school("A", floor_area=3825)], rules=YouzhiRules(min_met=7))
    assert not res.schools.passes[i]


def test_special_schools_are_left_out_of_schools_counts_and_cvs():
    rows = [
        school("A", students_primary=1000, qualified_teachers_primary=50),
        school("B", students_primary=500, qualified_teachers_primary=20),
    ]
    special = school(
        "S",
        type="special",
        students_primary=80,
        qualified_teachers_primary=1,
        floor_area=10,
        sports_area=0,
    )
    without = evaluate_youzhi(rows)
    with_special = evaluate_youzhi([*rows, special])
    assert list(with_special.schools.rows["school_code"]) == ["A", "B"]
    assert with_special.districts.n_schools[0] == 2
    assert with_special.districts.cv == pytest.approx(without.districts.cv)
    assert with_special.districts.values == pytest.approx(without.districts.values)
    assert with_special.excluded == [
        {
            "school_code": "S",
            "name": "学校S",
            "district": "东湖区",
            "year": 2024,
            "type": "special",
            "reason": "special",
        }
    ]


def test_chinese_type_names_are_accepted():
    res = evaluate_youzhi([school("A", type="小学"), school("S", type="特殊教育学校")])
    assert list(res.schools.rows["type"]) == ["primary"]
    assert res.excluded[0]["reason"] == "special"


def test_small_teaching_points_can_be_left_out_by_rule():
    rows = [school("A"), school("T", type="教学点", students_primary=30)]
    assert len(evaluate_youzhi(rows).schools.passes) == 2
    res = evaluate_youzhi(rows, rules=YouzhiRules(min_teaching_point_students=50))
    assert list(res.schools.rows["school_code"]) == ["A"]
    assert res.excluded[0]["reason"] == "small_teaching_point"


def test_a_table_of_only_special_schools_evaluates_to_empty_lists():
    res = evaluate_youzhi([school("S", type="special", students_primary=90)])
    out = res.to_dict()
    assert out["primary"] == {"schools": [], "districts": [], "city": []}
    assert out["junior"] == {"schools": [], "districts": [], "city": []}
    assert [e["reason"] for e in out["excluded"]] == ["special"]
