"""Input validation and scaling of marks."""

from __future__ import annotations

import numpy as np
import pytest

from edugov.engines.exams.analysis import analyse
from edugov.engines.exams.model import ABSENT, ScoreSheet, Thresholds


def sheet(
    marks: list[list[float]], full: tuple[float, ...] = (100, 50), **kw: object
) -> ScoreSheet:
    n = len(marks)
    return ScoreSheet.from_codes(
        exam_no=[f"e{i}" for i in range(n)],
        klass=[0] * n,
        class_school=[0],
        school_district=[0],
        scores=np.array(marks, dtype=float),
        subjects=["数学", "物理"][: len(full)],
        full_marks=full,
        **kw,  # type: ignore[arg-type]
    )


def test_whole_marks_keep_scale_one_and_halves_switch_to_two() -> None:
    assert sheet([[90, 40], [80, 45]]).scale == 1
    s = sheet([[90.5, 40], [80, 45]])
    assert s.scale == 2
    assert s.scores.tolist() == [[181, 80], [160, 90]]


def test_absent_is_a_sentinel_not_zero() -> None:
    s = sheet([[np.nan, 0], [70, 30]])
    assert s.scores[0].tolist() == [ABSENT, 0]
    r = analyse(s)
    assert r.levels["city"].n[0].tolist() == [1, 2, 2]
    assert r.levels["city"].absent[0].tolist() == [1, 0, 0]
    assert r.levels["city"].mean[0, 1] == 15.0  # the 0 counts; the absent one does not
    assert r.ranks[0, 0].tolist() == [-1, -1, -1]
    assert r.ranks[0, 1].tolist() == [2, 2, 2]


@pytest.mark.parametrize(
    ("marks", "message"),
    [
        ([[101, 40]], "row 0, column 数学: 101 is above full marks"),
        ([[90, -1]], "row 0, column 物理: -1 is below 0"),
        ([[90, 40], [90.25, 40]], "row 1, column 数学: 90.25 is not a whole or half mark"),
    ],
)
def test_bad_marks_are_rejected_with_row_and_column(marks: list, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        sheet(marks)


def test_duplicate_exam_numbers_are_rejected() -> None:
    with pytest.raises(ValueError, match="row 2: duplicate exam number 'a'"):
        ScoreSheet.from_codes(
            exam_no=["a", "b", "a"],
            klass=[0, 0, 0],
            class_school=[0],
            school_district=[0],
            scores=np.zeros((3, 1)),
            subjects=["数学"],
            full_marks=[100],
        )


def test_thresholds_are_exact_for_decimal_fractions() -> None:
    # 0.6 * 150 is 90.00000000000001 or 89.99999999999999 depending on the order of
    # operations; the threshold must be exactly 90 either way.
    assert Thresholds().scaled(150) == (90, 128)
    assert Thresholds().scaled(300) == (180, 255)
    assert Thresholds(0.7, 0.9).scaled(100) == (70, 90)


def test_units_are_put_in_canonical_order_whatever_the_input_codes() -> None:
    s = ScoreSheet.from_codes(
        exam_no=["a", "b", "c", "d"],
        klass=[0, 1, 2, 2],
        class_school=[1, 0, 1],
        school_district=[1, 0],
        scores=np.array([[10.0], [20.0], [30.0], [40.0]]),
        subjects=["数学"],
        full_marks=[100],
        district_names=["东湖区", "西湖区"],
        school_names=["一中", "二中"],
        class_names=["1班", "2班", "3班"],
    )
    assert np.all(np.diff(s.school_district) >= 0) and np.all(np.diff(s.class_school) >= 0)
    # Candidate "b" is in 2班 of 一中 in 西湖区 whatever the codes became.
    c = s.klass[1]
    assert s.class_names[c] == "2班"
    assert s.school_names[s.class_school[c]] == "一中"
    assert s.district_names[s.school_district[s.class_school[c]]] == "西湖区"
    r = analyse(s)
    by_school = dict(
        zip(s.school_names.tolist(), r.levels["school"].mean[:, 0].tolist(), strict=True)
    )
    assert by_school == {"一中": 30.0 / 1, "二中": (10 + 30 + 40) / 3} or by_school == {
        "一中": 20.0,
        "二中": (10 + 30 + 40) / 3,
    }


def test_from_labels_identifies_a_class_by_school_and_label() -> None:
    s = ScoreSheet.from_labels(
        exam_no=["a", "b", "c"],
        district=["东湖区", "东湖区", "西湖区"],
        school=["一中", "一中", "二中"],
        klass=["1班", "1班", "1班"],
        scores=np.array([[1.0], [2.0], [3.0]]),
        subjects=["数学"],
        full_marks={"数学": 10},
    )
    assert len(s.class_names) == 2  # 一中 1班 and 二中 1班 are different classes
    with pytest.raises(ValueError, match="appears in two districts"):
        ScoreSheet.from_labels(
            exam_no=["a", "b"],
            district=["东湖区", "西湖区"],
            school=["一中", "一中"],
            klass=["1班", "1班"],
            scores=np.array([[1.0], [2.0]]),
            subjects=["数学"],
            full_marks=[10],
        )
