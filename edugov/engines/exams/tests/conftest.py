"""Shared generated exams. Session-scoped: generating and analysing 100k candidates
once keeps the suite well inside its time budget."""

from __future__ import annotations

import numpy as np
import pytest

from edugov.engines.exams.analysis import ExamAnalysis, analyse
from edugov.engines.exams.model import ScoreSheet
from edugov.engines.exams.synth import generate_marks

N_LARGE = 100_000


def sheet_from_raw(raw: dict[str, np.ndarray], perm: np.ndarray | None = None) -> ScoreSheet:
    """Build a sheet from generated columns, optionally with rows permuted."""
    p = np.arange(len(raw["klass"])) if perm is None else perm
    return ScoreSheet.from_codes(
        exam_no=raw["exam_no"][p],
        klass=raw["klass"][p],
        class_school=raw["class_school"],
        school_district=raw["school_district"],
        scores=raw["marks"][p],
        subjects=list(raw["subjects"]),
        full_marks=list(raw["full_marks"]),
        district_names=raw["district_names"],
        school_names=raw["school_names"],
        class_names=raw["class_names"],
    )


@pytest.fixture(scope="session")
def raw_large() -> dict[str, np.ndarray]:
    return generate_marks(N_LARGE, seed=20260628)


@pytest.fixture(scope="session")
def sheet_large(raw_large: dict[str, np.ndarray]) -> ScoreSheet:
    return sheet_from_raw(raw_large)


@pytest.fixture(scope="session")
def analysis_large(sheet_large: ScoreSheet) -> ExamAnalysis:
    return analyse(sheet_large)
