"""Hand-worked students (every band, both sexes, 加分, 免测), and the fast path held to the slow one."""

import io

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from edugov.engines.fitness import (
    GRADES,
    BadInput,
    graduation_tenths,
    parse_time,
    read_results,
    score_arrays,
    score_student,
    write_scored,
)
from edugov.engines.fitness.scoring import BOUNDS, bmi_tenths
from edugov.engines.fitness.tables import ITEMS, load

# Each worked by hand from the tables (docs/engines/fitness.md shows the first in full).
WORKED = [
    # grade, sex, values, expected item scores, standard, bonus, total, level
    (
        "1",
        "M",
        dict(
            height_cm=120,
            weight_kg=22,
            vital_capacity=1300,
            run_50m=10.9,
            sit_and_reach=13.0,
            rope_skipping=129,
        ),
        dict(bmi=100, vital_capacity=80, run_50m=76, sit_and_reach=90, rope_skipping=100),
        892,
        10,
        992,
        "优秀",
    ),
    (
        "4",
        "F",
        dict(
            height_cm=135,
            weight_kg=35,
            vital_capacity=1460,
            run_50m=9.5,
            sit_and_reach=10.0,
            rope_skipping=100,
            sit_ups=40,
        ),
        dict(
            bmi=100, vital_capacity=76, run_50m=80, sit_and_reach=74, rope_skipping=74, sit_ups=85
        ),
        805,
        0,
        805,
        "良好",
    ),
    (
        "6",
        "M",
        dict(
            height_cm=150,
            weight_kg=60,
            vital_capacity=2000,
            run_50m=8.2,
            sit_and_reach=-5.0,
            rope_skipping=160,
            sit_ups=30,
            shuttle_50x8=100,
        ),
        dict(
            bmi=60,
            vital_capacity=70,
            run_50m=100,
            sit_and_reach=50,
            rope_skipping=100,
            sit_ups=70,
            shuttle_50x8=80,
        ),
        765,
        1,
        775,
        "及格",
    ),
    (
        "9",
        "M",
        dict(
            height_cm=170,
            weight_kg=60,
            vital_capacity=4240,
            run_50m=7.3,
            sit_and_reach=21.6,
            standing_long_jump=250,
            pull_ups=20,
            run_1000m=185,
        ),
        dict(
            bmi=100,
            vital_capacity=100,
            run_50m=100,
            sit_and_reach=100,
            standing_long_jump=100,
            pull_ups=100,
            run_1000m=100,
        ),
        1000,
        15,
        1150,
        "优秀",
    ),
    (
        "11",
        "F",
        dict(
            height_cm=160,
            weight_kg=70,
            vital_capacity=2000,
            run_50m=9.4,
            sit_and_reach=3.4,
            standing_long_jump=150,
            sit_ups=60,
            run_800m=238,
        ),
        dict(
            bmi=60,
            vital_capacity=62,
            run_50m=70,
            sit_and_reach=40,
            standing_long_jump=60,
            sit_ups=100,
            run_800m=76,
        ),
        675,
        3,
        705,
        "及格",
    ),
    (
        "U34",
        "M",
        dict(
            height_cm=175,
            weight_kg=50,
            vital_capacity=2000,
            run_50m=10.5,
            sit_and_reach=-3,
            standing_long_jump=190,
            pull_ups=0,
            run_1000m=390,
        ),
        dict(
            bmi=80,
            vital_capacity=0,
            run_50m=0,
            sit_and_reach=0,
            standing_long_jump=20,
            pull_ups=0,
            run_1000m=0,
        ),
        140,
        0,
        140,
        "不及格",
    ),
    (
        # rope not tested: it scores nothing, the rest still count (exactly 80.0 → 良好)
        "2",
        "F",
        dict(
            height_cm=125,
            weight_kg=24,
            vital_capacity=1600,
            run_50m=10.0,
            sit_and_reach=18.9,
            rope_skipping=None,
        ),
        dict(bmi=100, vital_capacity=100, run_50m=100, sit_and_reach=100),
        800,
        0,
        800,
        "良好",
    ),
    (
        # 高三男, 1000m 3'10": 10 s inside the 100 row (3'20") → +2; pull-ups 1 over → +1
        "12",
        "M",
        dict(
            height_cm=180,
            weight_kg=90,
            vital_capacity=4450,
            run_50m=7.05,
            sit_and_reach=10.2,
            standing_long_jump=241,
            pull_ups=19,
            run_1000m=190,
        ),
        dict(
            bmi=60,
            vital_capacity=85,
            run_50m=85,
            sit_and_reach=70,
            standing_long_jump=78,
            pull_ups=100,
            run_1000m=100,
        ),
        836,
        3,
        866,
        "良好",  # 83.55 → 83.6 (half-up)
    ),
]


@pytest.mark.parametrize("grade,sex,values,items,standard,bonus,total,level", WORKED)
def test_hand_worked_students(grade, sex, values, items, standard, bonus, total, level):
    s = score_student(student_id="x", grade=grade, sex=sex, values=values)
    assert s.scores == items
    assert (s.standard_tenths, s.bonus, s.total_tenths, s.level_name) == (
        standard,
        bonus,
        total,
        level,
    )


def test_exempt_student_has_no_score_and_reads_mianc():
    s = score_student(student_id="x", grade="8", sex="F", values={"run_800m": 200}, exempt=True)
    assert (s.scores, s.total_tenths, s.level_name) == ({}, None, "免测")


def test_bmi_is_rounded_half_up_before_banding():
    # 18.15 → 18.2: 一年级男 超重 starts at 18.2
    assert bmi_tenths(100, 18.15) == 182
    s = score_student(
        student_id="x", grade="1", sex="M", values=dict(height_cm=100, weight_kg=18.15)
    )
    assert s.bmi_category == "超重" and s.scores["bmi"] == 80


def test_bonus_is_capped_at_20_and_needs_100():
    big = dict(pull_ups=40, run_1000m=150)  # 10 + 10 already
    s = score_student(student_id="x", grade="10", sex="M", values=big)
    assert s.bonus == 20
    near = score_student(student_id="x", grade="10", sex="M", values=dict(pull_ups=15))  # 95 row
    assert near.bonus == 0
    # sit-ups in 小学 carry no bonus (bonus table is 初中–大学 for 仰卧起坐)
    assert score_student(student_id="x", grade="6", sex="F", values=dict(sit_ups=80)).bonus == 0


def test_graduation_rule():
    # 毕业当年 85.0, other years 70.0 and 80.0 → 85×50% + 75×50% = 80.0
    assert graduation_tenths(graduating_year=850, other_years=[700, 800]) == 800
    assert graduation_tenths(graduating_year=655, other_years=[]) == 655


def test_times_in_minutes_and_seconds():
    assert (
        parse_time("3'35\"") == 215 and parse_time("3′35″") == 215 and parse_time("3分35秒") == 215
    )
    assert parse_time("7.8") == 7.8


def test_csv_round_trip_and_bad_rows_are_all_named():
    good = (
        "student_id,grade,sex,height_cm,weight_kg,run_1000m_s,pull_ups\ns1,9,M,170,60,3'05\",20\n"
    )
    out = io.StringIO()
    write_scored(
        out,
        (
            score_student(student_id=r.student_id, grade=r.grade, sex=r.sex, values=r.values)
            for r in read_results(io.StringIO(good))
        ),
    )
    header, row = out.getvalue().splitlines()
    cols = dict(zip(header.split(","), row.split(","), strict=True))
    assert (
        cols["run_1000m_score"] == "100"
        and cols["bonus"] == "15"
        and cols["pull_ups_score"] == "100"
    )
    bad = (
        "student_id,grade,sex,run_50m_s,vital_capacity_ml\n"
        "a,9,M,4.2,3000\n"  # 50 m under 5 s
        "b,13,M,8,3000\n"  # unknown grade
        "c,9,X,8,12000\n"  # unknown sex, vital capacity over 10,000 ml
        "d,9,F,8.0,3000\n"
    )
    with pytest.raises(BadInput) as e:
        read_results(io.StringIO(bad))
    text = "\n".join(e.value.errors)
    assert "第 2 行（学生 a）" in text and "run_50m_s" in text
    assert (
        "第 3 行（学生 b）" in text and "第 4 行（学生 c）" in text and "vital_capacity_ml" in text
    )
    assert "学生 d" not in text


# ------------------------------------------------------------ properties

STD = load()
TABLE_KEYS = sorted(STD.tables)


@settings(max_examples=300, deadline=None)
@given(key=st.sampled_from(TABLE_KEYS), a=st.floats(-40, 10000), b=st.floats(-40, 10000))
def test_a_better_result_never_scores_lower(key, a, b):
    table = STD.tables[key]
    better, worse = (min(a, b), max(a, b)) if table.lower_is_better else (max(a, b), min(a, b))
    assert table.score(better) >= table.score(worse)


def _student(draw_grade, draw_sex, rng):
    values = {}
    for item, (lo, hi) in BOUNDS.items():
        values[item] = None if rng.random() < 0.1 else round(float(rng.uniform(lo, hi)), 1)
    return values


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_vectorised_equals_reference(seed):
    rng = np.random.default_rng(seed)
    n = 200
    gi = rng.integers(0, len(GRADES), n)
    si = rng.integers(0, 2, n)
    rows = [_student(None, None, rng) for _ in range(n)]
    # Put a quarter of each item exactly on a table threshold, where rounding would bite.
    for i, r in enumerate(rows):
        for item in ITEMS:
            t = STD.tables.get((item, GRADES[gi[i]], "MF"[si[i]]))
            if t is not None and rng.random() < 0.25:
                r[item] = t.rows[int(rng.integers(0, len(t.rows)))][1]
    exempt = rng.random(n) < 0.05
    values = {k: np.array([np.nan if r[k] is None else r[k] for r in rows]) for k in BOUNDS}
    fast = score_arrays(grade_idx=gi, sex_idx=si, values=values, exempt=exempt)
    for i, r in enumerate(rows):
        s = score_student(
            student_id="x", grade=GRADES[gi[i]], sex="MF"[si[i]], values=r, exempt=bool(exempt[i])
        )
        for item in ("bmi", *ITEMS):
            assert fast[f"{item}_score"][i] == s.scores.get(item, -1), (i, item)
        assert fast["total_tenths"][i] == (-1 if s.total_tenths is None else s.total_tenths)
        assert fast["level"][i] == s.level
