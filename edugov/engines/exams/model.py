"""Input model of the exam engine: one exam's candidates as integer arrays.

Scores are stored scaled to integers (``scale`` = 1 for whole marks, 2 when any half
mark occurs) so that a score is a bin index of a histogram: this is what lets every
statistic come from count tables instead of sorting a million floats.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

import numpy as np

#: Sentinel for 缺考 in the scaled integer arrays. 0 is a real score, so it cannot be used.
ABSENT = -1
#: Name of the derived total column, appended after the subjects.
TOTAL = "总分"

TotalPolicy = Literal["present_sum", "all_required"]


@dataclass(frozen=True)
class Thresholds:
    """Pass and excellent thresholds as fractions of full marks (DOMAIN.md §6 defaults).

    A score counts when ``score >= fraction * full_marks``.
    """

    pass_fraction: float = 0.6
    excellent_fraction: float = 0.85

    def scaled(self, full_scaled: int) -> tuple[int, int]:
        """Smallest scaled integer scores that pass / are excellent."""
        # Rounding before ceil keeps 0.6 * 150 (binary 89.999...) from becoming 90.000...1
        # or 89 by float noise; the thresholds are decimal fractions typed by people.
        p = math.ceil(round(self.pass_fraction * full_scaled, 9))
        e = math.ceil(round(self.excellent_fraction * full_scaled, 9))
        return p, e

    def arrays(self, full_scaled: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """:meth:`scaled` for every column: (pass, excellent) int64 arrays."""
        thr = np.array([self.scaled(int(f)) for f in full_scaled], dtype=np.int64)
        return thr[:, 0].copy(), thr[:, 1].copy()


@dataclass(frozen=True, eq=False)
class ScoreSheet:
    """One exam's candidates, ready for the engine.

    Units are integer codes in a canonical order: schools are grouped by district and
    classes by school (``school_district`` and ``class_school`` are non-decreasing), so
    every unit's children are a contiguous range. Build it with :meth:`from_codes`,
    which establishes that order, rather than with the constructor.

    Attributes:
        exam_no: candidate exam numbers, shape (N,).
        klass: class code of each candidate, shape (N,), int32.
        scores: scaled scores, shape (N, K), int16; :data:`ABSENT` (-1) for 缺考.
        subjects: the K subject names.
        full_marks: full marks per subject, unscaled.
        scale: multiply a mark by this to get the stored integer (1 or 2).
        class_school: school code of each class, shape (C,).
        school_district: district code of each school, shape (S,).
        district_names, school_names, class_names: labels for the codes.
        total_policy: how 缺考 enters the total, see :func:`compute_totals`.
    """

    exam_no: np.ndarray
    klass: np.ndarray
    scores: np.ndarray
    subjects: tuple[str, ...]
    full_marks: tuple[float, ...]
    scale: int
    class_school: np.ndarray
    school_district: np.ndarray
    district_names: np.ndarray
    school_names: np.ndarray
    class_names: np.ndarray
    total_policy: TotalPolicy = "present_sum"
    #: When > 0, ``exam_no`` holds int64 numbers of exam numbers that were all digit
    #: strings of this length; print them zero-padded to it (see :meth:`exam_no_text`).
    exam_no_digits: int = 0

    def exam_no_text(self) -> np.ndarray:
        """Exam numbers as strings, whatever their stored form."""
        if self.exam_no_digits:
            return np.char.zfill(self.exam_no.astype(str), self.exam_no_digits).astype(object)
        return self.exam_no.astype(object)

    @property
    def n_candidates(self) -> int:
        return int(self.scores.shape[0])

    @property
    def columns(self) -> tuple[str, ...]:
        """Subjects followed by the total: the columns every statistic is given for."""
        return (*self.subjects, TOTAL)

    @property
    def full_scaled(self) -> np.ndarray:
        """Scaled full marks per column (subjects, then total), int64."""
        subj = [round(f * self.scale) for f in self.full_marks]
        return np.array([*subj, sum(subj)], dtype=np.int64)

    @property
    def all_required(self) -> bool:
        """Whether a candidate absent from any subject has no total (the policy as the
        kernels and the SQL take it)."""
        return self.total_policy == "all_required"

    @cached_property
    def rows_by_class(self) -> tuple[np.ndarray, bool, np.ndarray]:
        """(order, identity, start): candidates of class c are
        ``order[start[c]:start[c+1]]``; ``identity`` means order is 0..N-1, i.e. the
        rows already come grouped by class (file loader, most database queries)."""
        from .kernels import group_rows

        n_classes = len(self.class_school)
        k = self.klass
        if self.grouped_by_class:
            start = np.searchsorted(k, np.arange(n_classes + 1)).astype(np.int64)
            return np.zeros(0, np.int64), True, start
        order, start = group_rows(k, n_classes)
        return order, False, start

    @cached_property
    def grouped_by_class(self) -> bool:
        """Whether the rows come grouped by class, in class order (one linear check)."""
        k = self.klass
        return k.size == 0 or bool(np.all(k[1:] >= k[:-1]))

    @property
    def school(self) -> np.ndarray:
        """School code of each candidate."""
        return self.class_school[self.klass]

    @property
    def district(self) -> np.ndarray:
        """District code of each candidate."""
        return self.school_district[self.class_school[self.klass]]

    @classmethod
    def from_codes(
        cls,
        *,
        exam_no: np.ndarray | Sequence,
        klass: np.ndarray | Sequence[int],
        class_school: np.ndarray | Sequence[int],
        school_district: np.ndarray | Sequence[int],
        scores: np.ndarray,
        subjects: Sequence[str],
        full_marks: Sequence[float] | Mapping[str, float],
        district_names: Sequence[str] | np.ndarray | None = None,
        school_names: Sequence[str] | np.ndarray | None = None,
        class_names: Sequence[str] | np.ndarray | None = None,
        total_policy: TotalPolicy = "present_sum",
        assume_unique_exam_no: bool = False,
        exam_no_digits: int = 0,
    ) -> ScoreSheet:
        """Validate marks, pick the scale and put units in canonical order.

        Args:
            exam_no: exam number per candidate; must be unique.
            klass: class code per candidate, 0..C-1 (a class belongs to one school).
            class_school: school code of each class, 0..S-1.
            school_district: district code of each school, 0..D-1.
            scores: (N, K) marks as floats, NaN for 缺考. Whole or half marks only.
            subjects: K subject names, in column order.
            full_marks: full marks per subject (sequence in column order, or mapping).
            district_names, school_names, class_names: labels; default to the codes.
            total_policy: ``"present_sum"`` (default) or ``"all_required"``.
            assume_unique_exam_no: skip the duplicate check when the source already
                enforces it (a unique constraint, or the file loader's SQL check):
                sorting a million strings again costs more than the whole analysis.
            exam_no_digits: see the attribute; for loaders that store digit-only exam
                numbers as int64 (a million Python strings cost more than the analysis).

        Raises:
            ValueError: naming the first bad row (0-based) and column: a mark below 0,
                above full marks, or not a multiple of 0.5; a duplicate exam number; a
                code out of range.
        """
        subjects = tuple(subjects)
        if isinstance(full_marks, Mapping):
            full = tuple(float(full_marks[s]) for s in subjects)
        else:
            full = tuple(float(f) for f in full_marks)
        if len(full) != len(subjects):
            raise ValueError("full_marks must give one value per subject")
        marks = np.asarray(scores, dtype=np.float64)
        if marks.ndim != 2 or marks.shape[1] != len(subjects):
            raise ValueError(f"scores must have shape (N, {len(subjects)}), got {marks.shape}")
        n = marks.shape[0]
        exam_no = np.asarray(exam_no)
        klass = np.asarray(klass, dtype=np.int64)
        class_school = np.asarray(class_school, dtype=np.int64)
        school_district = np.asarray(school_district, dtype=np.int64)
        if exam_no.shape != (n,) or klass.shape != (n,):
            raise ValueError("exam_no and klass must have one entry per candidate")
        _check_codes("klass", klass, len(class_school))
        _check_codes("class_school", class_school, len(school_district))
        n_districts = int(school_district.max()) + 1 if len(school_district) else 0
        if district_names is not None:
            n_districts = len(district_names)
        _check_codes("school_district", school_district, n_districts)
        if not assume_unique_exam_no:
            _check_unique_exam_no(exam_no)

        scale, scaled = _scale_marks(marks, subjects, full)

        # Canonical order: schools by (district, code), classes by (school, code). Stable
        # sorts keep the caller's order within a parent, so codes stay predictable.
        school_perm = np.argsort(school_district, kind="stable")
        school_new = np.empty_like(school_perm)
        school_new[school_perm] = np.arange(len(school_perm))
        class_school_new = school_new[class_school]
        class_perm = np.argsort(class_school_new, kind="stable")
        class_new = np.empty_like(class_perm)
        class_new[class_perm] = np.arange(len(class_perm))

        def labels(given: Sequence[str] | np.ndarray | None, size: int) -> np.ndarray:
            if given is None:
                return np.array([str(i) for i in range(size)], dtype=object)
            out = np.asarray(given, dtype=object)
            if out.shape != (size,):
                raise ValueError(f"expected {size} labels, got {out.shape}")
            return out

        return cls(
            exam_no=exam_no,
            klass=class_new[klass].astype(np.int32),
            scores=scaled,
            subjects=subjects,
            full_marks=full,
            scale=scale,
            class_school=class_school_new[class_perm].astype(np.int32),
            school_district=school_district[school_perm].astype(np.int32),
            district_names=labels(district_names, n_districts),
            school_names=labels(school_names, len(school_district))[school_perm],
            class_names=labels(class_names, len(class_school))[class_perm],
            total_policy=total_policy,
            exam_no_digits=exam_no_digits,
        )

    @classmethod
    def from_labels(
        cls,
        *,
        exam_no: np.ndarray | Sequence,
        district: np.ndarray | Sequence[str],
        school: np.ndarray | Sequence[str],
        klass: np.ndarray | Sequence[str],
        scores: np.ndarray,
        subjects: Sequence[str],
        full_marks: Sequence[float] | Mapping[str, float],
        total_policy: TotalPolicy = "present_sum",
    ) -> ScoreSheet:
        """Build from per-candidate labels (district, school, class names).

        A class is identified by (school, class label); a school by its label, and it
        must lie in one district. Convenient for small inputs; callers that already have
        integer ids should use :meth:`from_codes`, which avoids factorising strings.
        """
        district = np.asarray(district, dtype=object).astype(str)
        school = np.asarray(school, dtype=object).astype(str)
        klass = np.asarray(klass, dtype=object).astype(str)
        d_names, d_code = np.unique(district, return_inverse=True)
        s_names, s_code = np.unique(school, return_inverse=True)
        s_district = np.full(len(s_names), -1, dtype=np.int64)
        s_district[s_code] = d_code
        bad = np.flatnonzero(s_district[s_code] != d_code)
        if bad.size:
            i = int(bad[0])
            raise ValueError(f"row {i}: school {school[i]!r} appears in two districts")
        pair = np.char.add(np.char.add(s_code.astype(str), "\x1f"), klass)
        c_keys, c_code = np.unique(pair, return_inverse=True)
        c_school = np.array([int(k.split("\x1f", 1)[0]) for k in c_keys], dtype=np.int64)
        c_names = np.array([k.split("\x1f", 1)[1] for k in c_keys], dtype=object)
        return cls.from_codes(
            exam_no=exam_no,
            klass=c_code,
            class_school=c_school,
            school_district=s_district,
            scores=scores,
            subjects=subjects,
            full_marks=full_marks,
            district_names=d_names,
            school_names=s_names,
            class_names=c_names,
            total_policy=total_policy,
        )


def _check_codes(name: str, codes: np.ndarray, size: int) -> None:
    if codes.size == 0:
        return
    bad = np.flatnonzero((codes < 0) | (codes >= size))
    if bad.size:
        i = int(bad[0])
        raise ValueError(f"{name}[{i}] = {codes[i]} is not a valid code (0..{size - 1})")


def _check_unique_exam_no(exam_no: np.ndarray) -> None:
    if exam_no.size < 2:
        return
    order = np.argsort(exam_no, kind="stable")
    same = np.flatnonzero(exam_no[order][1:] == exam_no[order][:-1])
    if same.size:
        first, second = sorted((int(order[same[0]]), int(order[same[0] + 1])))
        raise ValueError(
            f"row {second}: duplicate exam number {str(exam_no[second])!r} (row {first})"
        )


def _scale_marks(
    marks: np.ndarray, subjects: tuple[str, ...], full: tuple[float, ...]
) -> tuple[int, np.ndarray]:
    """Return (scale, int16 scaled marks with ABSENT for NaN), or raise on a bad mark."""
    from .kernels import scale_marks

    for f, s in zip(full, subjects, strict=True):
        if f * 2 != round(f * 2) or f <= 0:
            raise ValueError(f"full marks of {s} must be a positive whole or half mark")
    full_arr = np.asarray(full, dtype=np.float64)
    any_half_full = any(f != round(f) for f in full)
    if sum(full) * 2 > np.iinfo(np.int16).max:
        raise ValueError("total full marks too large")
    scaled = np.empty(marks.shape, np.int16)
    problem, row, col, scale = scale_marks(
        np.ascontiguousarray(marks), full_arr, any_half_full, scaled
    )
    if problem:
        what = {1: "is below 0", 2: "is above full marks", 3: "is not a whole or half mark"}
        raise ValueError(f"row {row}, column {subjects[col]}: {marks[row, col]:g} {what[problem]}")
    return int(scale), scaled
