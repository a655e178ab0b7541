"""Property tests on small random exams against brute force (hypothesis)."""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from edugov.engines.exams.analysis import analyse
from edugov.engines.exams.model import ScoreSheet


@st.composite
def exams(draw: st.DrawFn) -> ScoreSheet:
    n = draw(st.integers(1, 60))
    n_districts = draw(st.integers(1, 3))
    n_schools = draw(st.integers(1, 5))
    n_classes = draw(st.integers(1, 8))
    school_district = draw(
        st.lists(st.integers(0, n_districts - 1), min_size=n_schools, max_size=n_schools)
    )
    class_school = draw(
        st.lists(st.integers(0, n_schools - 1), min_size=n_classes, max_size=n_classes)
    )
    klass = draw(st.lists(st.integers(0, n_classes - 1), min_size=n, max_size=n))
    full = draw(st.lists(st.sampled_from([5, 10, 20.5]), min_size=1, max_size=3))
    halves = draw(st.lists(st.integers(-1, 41), min_size=n * len(full), max_size=n * len(full)))
    marks = np.array(halves, dtype=float).reshape(n, len(full)) / 2
    marks = np.where(marks < 0, np.nan, np.minimum(marks, full))
    return ScoreSheet.from_codes(
        exam_no=np.arange(n),
        klass=klass,
        class_school=class_school,
        school_district=school_district,
        scores=marks,
        subjects=[f"s{j}" for j in range(len(full))],
        full_marks=full,
        district_names=[f"d{d}" for d in range(n_districts)],
        total_policy=draw(st.sampled_from(["present_sum", "all_required"])),
    )


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(exams())
def test_ranks_and_class_statistics_equal_brute_force(sheet: ScoreSheet) -> None:
    r = analyse(sheet)
    marks = np.column_stack([sheet.scores, r.totals]).astype(float)
    marks[marks < 0] = np.nan
    marks /= sheet.scale
    units = {
        "city": np.zeros(sheet.n_candidates, int),
        "district": sheet.district,
        "school": sheet.school,
    }
    for level, code in units.items():
        for i in range(sheet.n_candidates):
            for j in range(marks.shape[1]):
                got = r.ranks[i, j, ("city", "district", "school").index(level)]
                if np.isnan(marks[i, j]):
                    assert got == -1
                else:
                    same = marks[code == code[i], j]
                    assert got == 1 + np.sum(same > marks[i, j])
    st_ = r.levels["class"]
    for c in range(len(sheet.class_school)):
        for j in range(marks.shape[1]):
            x = marks[sheet.klass == c, j]
            x = x[~np.isnan(x)]
            assert st_.n[c, j] == x.size
            if x.size:
                assert st_.mean[c, j] == np.float64(x.sum() / x.size) or np.isclose(
                    st_.mean[c, j], x.mean(), rtol=1e-12
                )
                np.testing.assert_allclose(
                    st_.percentiles[c, j], np.percentile(x, [10, 25, 50, 75, 90]), rtol=1e-12
                )
                assert st_.min[c, j] == x.min() and st_.max[c, j] == x.max()
            else:
                assert np.isnan(st_.mean[c, j])


@settings(max_examples=20, deadline=None)
@given(exams())
def test_duckdb_backend_equals_numpy_on_any_exam(sheet: ScoreSheet) -> None:
    assert analyse(sheet, engine="duckdb").equals(analyse(sheet))


@settings(max_examples=20, deadline=None)
@given(exams())
def test_levels_roll_up_consistently(sheet: ScoreSheet) -> None:
    r = analyse(sheet)
    city = r.levels["city"]
    for level in ("district", "school", "class"):
        lv = r.levels[level]
        assert lv.candidates.sum() == sheet.n_candidates
        np.testing.assert_array_equal(lv.n.sum(axis=0), city.n[0])
        np.testing.assert_array_equal(lv.pass_n.sum(axis=0), city.pass_n[0])
