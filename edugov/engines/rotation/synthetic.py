"""A synthetic city for the benchmark, the CLI and the demo's shape: schools on a plane
grouped in counties, teachers with subjects, seniority and a backbone share, town schools
sending and the weaker schools receiving. Deterministic for a seed."""

from __future__ import annotations

import numpy as np

from .model import Candidate, School

SUBJECTS = (
    "chinese",
    "maths",
    "english",
    "morality",
    "history",
    "geography",
    "physics",
    "chemistry",
    "biology",
    "pe",
    "music",
    "art",
)
# Rough shares of a school's teachers by subject (语文 and 数学 most).
WEIGHTS = np.array([22, 20, 12, 6, 5, 4, 5, 4, 4, 8, 5, 5], dtype=float)


def city(
    *, schools: int = 1800, teachers: int = 50_000, eligible: int = 5_000, seed: int = 21
) -> tuple[list[School], list[Candidate]]:
    """``schools`` over 12 counties of about 40 × 40 km; ``teachers`` spread by size,
    ``eligible`` of them with six years or more at their school. The better-staffed half of
    the schools send, the other half receive; each school's posts are its teachers
    spread by the subject shares, so shortages and surpluses are where staffing drifted."""
    rng = np.random.default_rng(seed)
    county = rng.integers(0, 12, schools)
    cx, cy = (county % 4) * 45.0, (county // 4) * 45.0
    x = cx + rng.uniform(0, 40, schools)
    y = cy + rng.uniform(0, 40, schools)
    size = rng.lognormal(6.2, 0.6, schools).round().clip(60, 3000).astype(int)
    staffing = rng.normal(1.0, 0.18, schools).clip(0.55, 1.5)
    share = size * staffing
    n_teach = np.maximum(3, np.round(share / share.sum() * teachers)).astype(int)
    rich = staffing >= np.median(staffing)
    subj_p = WEIGHTS / WEIGHTS.sum()
    cands: list[Candidate] = []
    out: list[School] = []
    total = int(n_teach.sum())
    p_eligible = eligible / total
    for i in range(schools):
        n = int(n_teach[i])
        subj = rng.choice(len(SUBJECTS), n, p=subj_p)
        backbone = rng.random(n) < (0.12 if rich[i] else 0.05)
        years = np.where(rng.random(n) < p_eligible, rng.integers(6, 25, n), rng.integers(0, 6, n))
        # Posts: what the school's students need (19 students per teacher), by subject.
        posts = np.round(subj_p * size[i] / 19).astype(int)
        have = np.bincount(subj, minlength=len(SUBJECTS))
        out.append(
            School(
                id=f"S{i:04d}",
                students=int(size[i]),
                teachers=n,
                backbone=int(backbone.sum()),
                x=float(x[i]),
                y=float(y[i]),
                sends=bool(rich[i]),
                receives=not bool(rich[i]),
                shortage={
                    SUBJECTS[k]: int(posts[k] - have[k])
                    for k in range(len(SUBJECTS))
                    if posts[k] != have[k]
                },
            )
        )
        for j in np.flatnonzero(years >= 6):
            cands.append(
                Candidate(
                    id=f"S{i:04d}-{j}",
                    school=f"S{i:04d}",
                    subjects=(SUBJECTS[subj[j]],),
                    backbone=bool(backbone[j]),
                    years=int(years[j]),
                    near_retirement=bool(rng.random() < 0.03),
                )
            )
    return out, cands
