"""The academics part of ``make demo``: deterministic, idempotent.

Two city exams of the 2026 grade 9 cohort (一模 and 二模) in every junior, nine-year
and complete secondary school of the demo city, about 70,000 candidates each, the same
students matched by 学籍号. The second has item marks for 数学 (12 multiple-choice,
4 fill-in and 6 worked items), with one item too easy, one too hard and one miskeyed —
so the item analysis has flags to show — and schools grow at different rates, so the
value added has something to say. Marks are generated from a latent ability with a
school and class effect; no result is written by hand: the analysis job computes
everything the reports show.
"""

from __future__ import annotations

import datetime as dt
import time
from decimal import Decimal

import numpy as np
from django.db import transaction

from edugov.audit.services import audit_record
from edugov.core.crypto import blind_index
from edugov.org.models import Unit, UnitKind

from .analysis import exam_analyse
from .models import MARK_DTYPE, Exam, ExamStatus
from .services import ItemSpec, SubjectSpec, exam_save
from .storage import insert_candidates

SEED = 20260420
TARGET = 70_000
CLASS_SIZE = 45
SUBJECTS = [  # name, full marks, half marks
    ("语文", 120, True),
    ("数学", 120, False),
    ("英语", 120, True),
    ("物理", 100, False),
    ("化学", 70, False),
    ("道德与法治", 60, False),
    ("历史", 60, False),
    ("地理", 60, False),
    ("生物", 40, False),
]
SUBJECT_EASE = [0.55, 0.35, 0.45, 0.3, 0.5, 0.8, 0.7, 0.6, 0.75]
# 数学 of the second exam: (number, marks, key, difficulty). Item 1 is too easy, item
# 12 too hard; item 7 is miskeyed: the key says B but the right answer is C, so the
# strongest candidates "fail" it (negative discrimination).
MC = [(1, 3, "A", -3.5), (2, 3, "C", -1.2), (3, 3, "B", -0.8), (4, 3, "D", -0.5),
      (5, 3, "A", -0.3), (6, 3, "C", 0.0), (7, 3, "B", -0.2), (8, 3, "D", 0.3),
      (9, 3, "B", 0.5), (10, 3, "A", 0.8), (11, 3, "C", 1.2), (12, 3, "D", 3.5)]  # fmt: skip
FILL = [(13, 4, -0.5), (14, 4, 0.0), (15, 4, 0.6), (16, 4, 1.2)]
WORKED = [(17, 8, -0.8), (18, 10, -0.3), (19, 10, 0.2), (20, 12, 0.6), (21, 14, 1.0),
          (22, 14, 1.6)]  # fmt: skip
MISKEYED = {7: "C"}
EXAMS = [
    ("2026届九年级第一次模拟考试", dt.date(2026, 3, 20)),
    ("2026届九年级第二次模拟考试", dt.date(2026, 4, 25)),
]


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def _cohort(rng: np.random.Generator) -> dict:
    """Schools, classes and a latent ability per student, deterministic."""
    schools = list(
        Unit.objects.filter(
            kind=UnitKind.SCHOOL,
            institution_type__in=["junior", "nine_year", "complete_secondary"],
            closed_on__isnull=True,
        ).order_by("code")
    )
    per_year = {"junior": 3, "nine_year": 9, "complete_secondary": 6}
    raw = np.array([max(s.enrolment or 0, 60) / per_year[s.institution_type] for s in schools])
    sizes = np.maximum(np.round(raw * TARGET / raw.sum()).astype(np.int64), 10)
    school_idx = np.repeat(np.arange(len(schools)), sizes)
    n = len(school_idx)
    class_names, class_idx, next_class = [], np.empty(n, np.int64), 0
    start = 0
    for size in sizes.tolist():
        k = max(1, -(-size // CLASS_SIZE))
        local = np.arange(size) % k
        class_idx[start : start + size] = next_class + local
        class_names += [f"九({c + 1})班" for c in range(k)]
        next_class += k
        start += size
    school_effect = rng.normal(0, 0.45, len(schools))
    class_effect = rng.normal(0, 0.15, next_class)
    ability = school_effect[school_idx] + class_effect[class_idx] + rng.normal(0, 1, n)
    return {
        "schools": schools,
        "school_idx": school_idx,
        "class_idx": class_idx,
        "class_names": class_names,
        "ability": ability,
        "growth": rng.normal(0, 0.15, len(schools)),
        "n": n,
    }


def _subject_marks(rng, ability, full: int, half: bool, ease: float) -> np.ndarray:
    rate = _sigmoid(0.9 * ability + ease + rng.normal(0, 0.35, len(ability)))
    marks = np.round(rate * full * (2 if half else 1)) / (2 if half else 1)
    return np.clip(marks, 0, full)


def _absent(rng, n: int, k: int) -> np.ndarray:
    """About 0.6 % of each paper missed, and 0.3 % of candidates missing everything."""
    missed = rng.random((n, k)) < 0.006
    missed[rng.random(n) < 0.003] = True
    return missed


def _maths_items(rng, ability: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(item marks (n, 22), chosen letters (n, 12)) for 数学 of the second exam."""
    n = len(ability)
    marks = np.zeros((n, len(MC) + len(FILL) + len(WORKED)))
    letters = np.empty((n, len(MC)), dtype="<U1")
    for c, (number, full, key, difficulty) in enumerate(MC):
        right = MISKEYED.get(number, key)
        knows = rng.random(n) < _sigmoid(1.6 * (ability - difficulty))
        others = [x for x in "ABCD" if x != right]
        guess = np.array(others)[rng.integers(0, 3, n)]
        chosen = np.where(knows, right, guess)
        chosen[rng.random(n) < 0.01] = "-"
        letters[:, c] = chosen
        marks[:, c] = np.where(chosen == key, full, 0)
    c0 = len(MC)
    for c, (_number, full, difficulty) in enumerate(FILL, start=c0):
        marks[:, c] = np.where(rng.random(n) < _sigmoid(1.4 * (ability - difficulty)), full, 0)
    c0 += len(FILL)
    for c, (_number, full, difficulty) in enumerate(WORKED, start=c0):
        rate = _sigmoid(1.2 * (ability - difficulty) + rng.normal(0, 0.6, n))
        marks[:, c] = np.round(rate * full)
    return marks, letters


def _specs(with_items: bool) -> list[SubjectSpec]:
    specs = []
    for name, full, half in SUBJECTS:
        items: tuple[ItemSpec, ...] = ()
        if with_items and name == "数学":
            items = tuple(
                [ItemSpec(num, Decimal(m), key) for num, m, key, _d in MC]
                + [ItemSpec(num, Decimal(m)) for num, m, _d in FILL]
                + [ItemSpec(num, Decimal(m)) for num, m, _d in WORKED]
            )
        specs.append(SubjectSpec(name, Decimal(full), half, items))
    return specs


def _insert(exam: Exam, cohort: dict, rows: np.ndarray, marks: np.ndarray, items=None,
            letters=None, exam_digit: int = 1) -> None:  # fmt: skip
    """Pack and bulk-insert candidates ``rows`` of the cohort (as the import does)."""
    scale = exam.scale
    scaled = np.where(np.isnan(marks), -1, np.round(marks * scale)).astype(MARK_DTYPE)
    item_scaled = (
        np.where(np.isnan(items), -1, np.round(items * scale)).astype(MARK_DTYPE)
        if items is not None
        else None
    )
    schools, names = cohort["schools"], cohort["class_names"]
    school_idx, class_idx = cohort["school_idx"], cohort["class_idx"]

    def rows_out():
        for j, i in enumerate(rows.tolist()):
            number = f"J3601{i:014d}"
            yield (
                exam.pk,
                f"26{exam_digit}{i:07d}",
                number,
                blind_index(number, "student_number"),
                schools[school_idx[i]].pk,
                names[class_idx[i]],
                scaled[j].tobytes(),
                item_scaled[j].tobytes() if item_scaled is not None else b"",
                "".join(letters[j]) if letters is not None else "",
            )

    insert_candidates(rows_out())
    used = {schools[s].pk for s in np.unique(cohort["school_idx"][rows]).tolist()}
    exam.schools.add(*used)
    Exam.objects.filter(pk=exam.pk).update(status=ExamStatus.IMPORTED, candidate_count=len(rows))
    audit_record("import", obj=exam, object_type="academics.candidate",
                 object_repr="demo", changes={"created": len(rows)})  # fmt: skip


def load_demo() -> str:
    """Load this module's demo data; return one line for the console."""
    if Exam.objects.filter(name=EXAMS[1][0]).exists():
        return "academics: demo exams already loaded"
    started = time.perf_counter()
    city = Unit.objects.get(kind=UnitKind.CITY)
    rng = np.random.default_rng(SEED)
    cohort = _cohort(rng)
    n = cohort["n"]
    if n == 0:
        return "academics: no junior schools in the demo city"
    ability = cohort["ability"]
    k = len(SUBJECTS)
    with transaction.atomic():
        first = exam_save(
            exam=Exam(name=EXAMS[0][0], date=EXAMS[0][1], grade=9, owner=city),
            subjects=_specs(False),
        )
        second = exam_save(
            exam=Exam(name=EXAMS[1][0], date=EXAMS[1][1], grade=9, owner=city, prior=first),
            subjects=_specs(True),
        )
        # Exam 1: everyone but 2 % who join the cohort later.
        rows1 = np.flatnonzero(rng.random(n) >= 0.02)
        marks1 = np.column_stack(
            [
                _subject_marks(rng, ability[rows1], full, half, SUBJECT_EASE[j])
                for j, (_name, full, half) in enumerate(SUBJECTS)
            ]
        )
        marks1[_absent(rng, len(rows1), k)] = np.nan
        _insert(first, cohort, rows1, marks1, exam_digit=1)
        # Exam 2: 2 % of exam 1's candidates have left; schools grew at their own rate.
        rows2 = np.flatnonzero(rng.random(n) >= 0.02)
        ability2 = (
            ability[rows2]
            + cohort["growth"][cohort["school_idx"][rows2]]
            + rng.normal(0, 0.35, len(rows2))
        )
        marks2 = np.column_stack(
            [
                _subject_marks(rng, ability2, full, half, SUBJECT_EASE[j])
                for j, (_name, full, half) in enumerate(SUBJECTS)
            ]
        )
        items, letters = _maths_items(rng, ability2)
        marks2[:, 1] = items.sum(axis=1)
        missed = _absent(rng, len(rows2), k)
        marks2[missed] = np.nan
        items[missed[:, 1]] = np.nan
        letters[missed[:, 1]] = "-"
        _insert(second, cohort, rows2, marks2, items, letters, exam_digit=2)
    for exam in (first, second):
        exam.refresh_from_db()
        exam_analyse(exam=exam)
    return (
        f"academics: 2 exams, {len(rows1):,} + {len(rows2):,} candidates in "
        f"{len(cohort['schools'])} schools, analysed in {time.perf_counter() - started:.1f} s"
    )
