"""Gap to standard: closing it makes the school pass; the CV what-if matches a re-run."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from edugov.engines.indicators import Target, Thresholds, evaluate_youzhi

from .factories import school

# field of the school row each indicator's numerator comes from, for a primary school
_PRIMARY_FIELD = {
    "yz_qualified_teachers": "qualified_teachers_primary",
    "yz_backbone_teachers": "backbone_teachers_primary",
    "yz_specialist_teachers": "specialist_teachers_primary",
    "yz_floor_area": "floor_area",
    "yz_sports_area": "sports_area",
    "yz_equipment_value": "equipment_value",
    "yz_multimedia_classrooms": "multimedia_classrooms",
}


def _with_gaps_closed(row, res, i):
    row = dict(row)
    for j, code in enumerate(res.codes):
        row[_PRIMARY_FIELD[code]] += res.schools.gaps.to_standard[i, j]
    return row


def test_the_gaps_of_a_failing_school_are_whole_teachers_and_rounded_up():
    # 1000 pupils: 38 teachers vs 42 needed (4.2 per 100) -> 4 more;
    # backbone 7 vs 10 -> 3 more; floor 4000 ㎡ vs 4500 -> 500 ㎡;
    # 20.5 classrooms vs 23 -> 2.5, rounded up to 3 rooms.
    row = school(
        "A",
        qualified_teachers_primary=38,
        backbone_teachers_primary=7,
        floor_area=4000,
        multimedia_classrooms=20.5,
    )
    res = evaluate_youzhi([row])
    assert not res.schools.passes[0]
    gaps = dict(zip(res.codes, res.schools.gaps.to_standard[0], strict=True))
    assert gaps == {
        "yz_qualified_teachers": 4,
        "yz_backbone_teachers": 3,
        "yz_specialist_teachers": 0,
        "yz_floor_area": 500,
        "yz_sports_area": 0,
        "yz_equipment_value": 0,
        "yz_multimedia_classrooms": 3,
    }
    # the 85 % floor for qualified teachers is 35.7 -> already met with 38
    assert res.schools.gaps.to_85pct[0, 0] == 0
    # 85 % of 10 backbone teachers is 8.5 -> 2 more (rounded up from 1.5)
    assert res.schools.gaps.to_85pct[0, 1] == 2


def test_a_gap_on_the_line_is_not_rounded_up_by_binary_noise():
    # A stricter local line of 1.1 backbone teachers per 100: 3000 pupils need exactly
    # 33, but 1.1 · 3000 / 100 is 33.00000000000001 in binary; with 30 the gap is 3, not 4.
    assert 1.1 * 3000 / 100 > 33
    th = Thresholds().with_targets(Target("yz_backbone_teachers", 1.1, level="primary"))
    row = school(
        "A",
        students_primary=3000,
        qualified_teachers_primary=150,
        backbone_teachers_primary=30,
        specialist_teachers_primary=30,
        floor_area=15000,
        sports_area=24000,
        equipment_value=6_300_000,
        multimedia_classrooms=75,
    )
    res = evaluate_youzhi([row], thresholds=th)
    k = res.codes.index("yz_backbone_teachers")
    assert res.schools.gaps.to_standard[0, k] == 3
    fixed = evaluate_youzhi([dict(row, backbone_teachers_primary=33)], thresholds=th)
    assert fixed.schools.met[0].all()


def test_adding_the_gaps_makes_the_failing_school_pass():
    row = school("A", qualified_teachers_primary=30, floor_area=3000, equipment_value=1_234_567)
    res = evaluate_youzhi([row])
    assert not res.schools.passes[0]
    fixed = evaluate_youzhi([_with_gaps_closed(row, res, 0)])
    assert fixed.schools.passes[0]
    assert fixed.schools.met[0].all()


def test_the_school_total_gap_closes_a_shared_resource_of_a_nine_year_school():
    row = school(
        "N",
        type="nine_year",
        students_primary=600,
        students_junior=400,
        qualified_teachers_junior=24,
        backbone_teachers_junior=6,
        specialist_teachers_junior=4,
        qualified_teachers_primary=30,
        backbone_teachers_primary=7,
        specialist_teachers_primary=6,
        floor_area=4160,  # primary share 15/26 -> 2400 ㎡ = 4.0/pupil; junior 1760 = 4.4
        sports_area=10400,
        equipment_value=2_600_000,
        multimedia_classrooms=26,
    )
    res = evaluate_youzhi([row])
    k = res.codes.index("yz_floor_area")
    lv = list(res.schools.rows["level"])
    j = lv.index("junior")
    # junior needs 5.8 · 400 = 2320 ㎡ of its own, has 1760 -> 560 ㎡; via the school
    # total (junior share 11/26) that is 560 · 26/11 = 1323.6 -> 1324 ㎡
    assert res.schools.gaps.to_standard[j, k] == 560
    assert res.schools.gaps.school_total[j, k] == 1324
    bigger = dict(row, floor_area=row["floor_area"] + 1324)
    after = evaluate_youzhi([bigger])
    assert after.schools.met[:, k].all()


def test_the_what_if_cv_equals_a_rerun_with_the_gaps_closed():
    rows = [
        school("A", qualified_teachers_primary=70),
        school("B", students_primary=300, qualified_teachers_primary=9, floor_area=900),
        school("C", students_primary=800, equipment_value=900_000, sports_area=3000),
    ]
    res = evaluate_youzhi(rows)
    assert res.schools.passes.tolist() == [True, False, False]
    fixed_rows = [
        _with_gaps_closed(r, res, i) if not res.schools.passes[i] else r for i, r in enumerate(rows)
    ]
    rerun = evaluate_youzhi(fixed_rows)
    assert res.districts.cv_if_closed == pytest.approx(rerun.districts.cv)
    # closing gaps only raises laggards, so the spread of the affected indicators shrinks
    k = res.codes.index("yz_qualified_teachers")
    assert res.districts.cv_if_closed[0, k] < res.districts.cv[0, k]


_counts = st.integers(min_value=0, max_value=200)


@settings(max_examples=100, deadline=None)
@given(
    students=st.integers(min_value=1, max_value=3000),
    teachers=st.tuples(_counts, _counts, _counts),
    areas=st.tuples(st.floats(0, 20000), st.floats(0, 30000), st.floats(0, 9e6), st.floats(0, 100)),
)
def test_closing_every_gap_always_meets_every_standard(students, teachers, areas):
    row = school(
        "H",
        students_primary=students,
        qualified_teachers_primary=teachers[0],
        backbone_teachers_primary=teachers[1],
        specialist_teachers_primary=teachers[2],
        floor_area=areas[0],
        sports_area=areas[1],
        equipment_value=areas[2],
        multimedia_classrooms=areas[3],
    )
    res = evaluate_youzhi([row])
    gaps = res.schools.gaps.to_standard[0]
    assert np.all(gaps >= 0)
    assert np.all((gaps == 0) == res.schools.met[0])
    fixed = evaluate_youzhi([_with_gaps_closed(row, res, 0)])
    assert fixed.schools.met[0].all()
