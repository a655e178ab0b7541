"""Side-by-side comparison of two runs on the same candidates (policy what-if).

The module shows cutoffs, fill rates, how many candidates change school and group shares
(e.g. rural junior schools at key high schools). The arithmetic that needs only the two
results lives here; fill rates divide ``admitted_*`` by the plan the module already holds
(a what-if may move seats between open and quota, so the plan is the module's input).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .result import AdmissionResult


@dataclass(frozen=True)
class ProgrammeComparison:
    """One programme across both runs, summed over batches and open/quota seats."""

    code: str
    admitted_a: int
    admitted_b: int


@dataclass(frozen=True)
class RunComparison:
    """How run B differs from run A."""

    changed_school: int  # admitted in both runs, to different programmes
    placed_only_in_a: int
    placed_only_in_b: int
    programmes: tuple[ProgrammeComparison, ...]


def _admitted_per_programme(r: AdmissionResult) -> np.ndarray:
    p = r.programme[r.programme >= 0]
    return np.bincount(p, minlength=len(r.programme_codes))


def compare_runs(a: AdmissionResult, b: AdmissionResult) -> RunComparison:
    """Compare two results computed on the same candidates and programmes.

    Candidates are matched by exam number, so the runs may list rows in different orders.
    Raises ``ValueError`` if the candidate or programme sets differ.
    """
    if a.programme_codes != b.programme_codes:
        raise ValueError("the two runs must use the same programmes in the same order")
    ia, ib = np.argsort(a.candidate_ids), np.argsort(b.candidate_ids)
    if not np.array_equal(a.candidate_ids[ia], b.candidate_ids[ib]):
        raise ValueError("the two runs must cover the same candidates")
    pa, pb = a.programme[ia], b.programme[ib]
    both = (pa >= 0) & (pb >= 0)
    adm_a, adm_b = _admitted_per_programme(a), _admitted_per_programme(b)
    progs = tuple(
        ProgrammeComparison(
            code=code,
            admitted_a=int(adm_a[i]),
            admitted_b=int(adm_b[i]),
        )
        for i, code in enumerate(a.programme_codes)
    )
    return RunComparison(
        changed_school=int((both & (pa != pb)).sum()),
        placed_only_in_a=int(((pa >= 0) & (pb < 0)).sum()),
        placed_only_in_b=int(((pa < 0) & (pb >= 0)).sum()),
        programmes=progs,
    )
