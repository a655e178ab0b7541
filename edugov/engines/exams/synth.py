"""Generated exams for tests and the benchmark (no real candidates anywhere).

Scores follow a simple model: a school effect plus a candidate ability plus subject
noise, clipped to [0, full], with half marks in 语文 and 英语, and a small share of
缺考 per subject. Good enough to exercise ties, half marks, absence and skew.
"""

from __future__ import annotations

import numpy as np

from .model import ScoreSheet, TotalPolicy

#: A grade-9 city exam: 9 subjects, 750 marks in all.
SUBJECTS: dict[str, float] = {
    "语文": 120,
    "数学": 120,
    "英语": 120,
    "物理": 100,
    "化学": 70,
    "道德与法治": 60,
    "历史": 60,
    "地理": 60,
    "生物": 40,
}
HALF_MARK_SUBJECTS = ("语文", "英语")
DISTRICTS = (
    "东湖区",
    "西湖区",
    "青云谱区",
    "青山湖区",
    "新建区",
    "红谷滩区",
    "南昌县",
    "安义县",
    "进贤县",
    "经开区",
    "高新区",
    "湾里管理局",
)


def generate_marks(
    n: int,
    *,
    seed: int = 7,
    school_size: int = 300,
    class_size: int = 45,
    absent_rate: float = 0.01,
    subjects: dict[str, float] | None = None,
) -> dict[str, np.ndarray]:
    """Raw columns of a generated exam: codes, names and float marks (NaN = 缺考).

    Candidates come ordered by district, school and class, as a database export would.
    """
    rng = np.random.default_rng(seed)
    subjects = subjects or SUBJECTS
    n_schools = max(1, n // school_size)
    school_district = np.sort(rng.integers(0, len(DISTRICTS), n_schools))
    # Uneven school sizes: every school gets at least one candidate.
    school = np.sort(
        np.concatenate([np.arange(n_schools), rng.integers(0, n_schools, n - n_schools)])
    )[:n]
    within = np.arange(n) - np.searchsorted(school, school)
    local_class = within // class_size
    class_key = school.astype(np.int64) * 1000 + local_class
    class_keys, klass = np.unique(class_key, return_inverse=True)
    class_school = class_keys // 1000

    school_effect = rng.normal(0, 0.08, n_schools)[school]
    ability = rng.normal(0, 0.15, n) + school_effect
    marks = np.empty((n, len(subjects)))
    for j, (name, full) in enumerate(subjects.items()):
        frac = 0.66 + ability + rng.normal(0, 0.1, n)
        raw = np.clip(frac, 0, 1) * full
        step = 2 if name in HALF_MARK_SUBJECTS else 1
        marks[:, j] = np.round(raw * step) / step
        marks[rng.random(n) < absent_rate, j] = np.nan
    return {
        "exam_no": np.array([f"2026{i:07d}" for i in range(n)], dtype=object),
        "klass": klass,
        "class_school": class_school,
        "school_district": school_district,
        "marks": marks,
        "subjects": np.array(list(subjects), dtype=object),
        "full_marks": np.array(list(subjects.values()), dtype=np.float64),
        "district_names": np.array(DISTRICTS, dtype=object),
        "school_names": np.array([f"第{s + 1}中学" for s in range(n_schools)], dtype=object),
        "class_names": np.array([f"{int(k % 1000) + 1}班" for k in class_keys], dtype=object),
    }


def generate_sheet(
    n: int, *, seed: int = 7, total_policy: TotalPolicy = "present_sum", **kwargs: float
) -> ScoreSheet:
    """A :class:`ScoreSheet` of ``n`` generated candidates (see :func:`generate_marks`)."""
    raw = generate_marks(n, seed=seed, **kwargs)  # type: ignore[arg-type]
    return ScoreSheet.from_codes(
        exam_no=raw["exam_no"],
        klass=raw["klass"],
        class_school=raw["class_school"],
        school_district=raw["school_district"],
        scores=raw["marks"],
        subjects=list(raw["subjects"]),
        full_marks=list(raw["full_marks"]),
        district_names=raw["district_names"],
        school_names=raw["school_names"],
        class_names=raw["class_names"],
        total_policy=total_policy,
        assume_unique_exam_no=True,
    )
