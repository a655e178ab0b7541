"""Demo: two school years (2025, 2026) of fitness results for the demo's students of
东湖区 and 进贤县, scored by the engine in one vectorised pass per year. Lean: at most
``CAP`` students, drawn deterministically; idempotent."""

from __future__ import annotations

import numpy as np
from django.db import transaction

from edugov.audit.services import audit_record
from edugov.engines.fitness import GRADES, SCORED_ITEMS, score_arrays
from edugov.engines.fitness.tables import ITEMS
from edugov.students.models import Sex, Student

from .models import FitnessResult

DISTRICTS = ("东湖区", "进贤县")
YEARS = (2025, 2026)
CAP = 6000
SEED = 2014


def _measures(rng: np.random.Generator, grade: np.ndarray, male: np.ndarray, year_shift: float):
    """Plausible results: each item centred on its grade's 及格–良好 band with spread, boys
    and girls apart; ``year_shift`` moves the second year a little (a trend to show)."""
    n = grade.size
    age = grade + 5.5
    ability = rng.normal(year_shift, 1.0, n)  # one student's form across items
    h = 115 + 6 * (age - 6.5) + np.where(male, 3, 0) * (age > 12) + rng.normal(0, 6, n)
    bmi = rng.normal(17 + 0.4 * (age - 7), 2.6, n).clip(12, 34)
    v = {
        "height_cm": h.round(1),
        "weight_kg": (bmi * (h / 100) ** 2).round(1),
        "vital_capacity": (700 + 210 * (age - 6.5) * np.where(male, 1.15, 0.9) + 260 * ability)
        .clip(500, 9999)
        .round(),
        "run_50m": (12.5 - 0.32 * (age - 6.5) * np.where(male, 1.1, 0.8) - 0.5 * ability)
        .clip(5.5, 19.5)
        .round(1),
        "sit_and_reach": (5 + 0.5 * (age - 6.5) + np.where(male, 0, 4) + 5 * ability)
        .clip(-25, 35)
        .round(1),
        "rope_skipping": (40 + 14 * (age - 6.5) + 25 * ability).clip(0, 250).round(),
        "sit_ups": (18 + 3 * (age - 6.5) * 0.5 + 7 * ability).clip(0, 80).round(),
        "shuttle_50x8": (125 - 4 * (age - 10.5) - 9 * ability).clip(60, 230).round(),
        "standing_long_jump": (
            150 + 7 * (age - 12.5) * np.where(male, 1.6, 0.6) + np.where(male, 20, 0) + 16 * ability
        )
        .clip(60, 330)
        .round(),
        "pull_ups": (4 + 1.2 * (age - 12.5) + 3 * ability).clip(0, 30).round(),
        "run_1000m": (280 - 5 * (age - 12.5) - 25 * ability).clip(150, 520).round(),
        "run_800m": (270 - 3 * (age - 12.5) - 22 * ability).clip(150, 520).round(),
    }
    for item in ITEMS:  # about 2 % of each item not tested
        v[item] = np.where(rng.random(n) < 0.02, np.nan, v[item])
    return v


def load_demo() -> str:
    if FitnessResult.objects.exists():
        return "fitness: already loaded"
    students = list(
        Student.objects.filter(school__parent__name__in=DISTRICTS, sex__in=(Sex.MALE, Sex.FEMALE))
        .order_by("pk")
        .values_list("pk", "school_id", "grade", "sex", "class_name")
    )
    rng = np.random.default_rng(SEED)
    if len(students) > CAP:
        pick = np.sort(rng.choice(len(students), CAP, replace=False))
        students = [students[i] for i in pick]
    if not students:
        return "fitness: no students of 东湖区 or 进贤县 in the demo roll"
    grade = np.array([s[2] for s in students])
    male = np.array([s[3] == Sex.MALE for s in students])
    exempt = rng.random(len(students)) < 0.01
    rows = []
    for k, year in enumerate(YEARS):
        # the earlier year: each student one grade lower (those in grade 1 are skipped)
        g = grade - (len(YEARS) - 1 - k)
        keep = g >= 1
        values = _measures(rng, g, male, year_shift=0.15 * k)
        out = score_arrays(
            grade_idx=(g - 1).clip(0),
            sex_idx=np.where(male, 0, 1),
            values=values,
            exempt=exempt,
        )
        for i in np.flatnonzero(keep):
            pk, school_id, _, sex, class_name = students[i]
            ex = bool(exempt[i])
            rows.append(
                FitnessResult(
                    school_id=school_id,
                    student_id=pk,
                    school_year=year,
                    grade=GRADES[g[i] - 1],
                    sex="M" if male[i] else "F",
                    class_name=class_name,
                    exempt=ex,
                    raw={}
                    if ex
                    else {m: float(values[m][i]) for m in values if not np.isnan(values[m][i])},
                    scores={}
                    if ex
                    else {
                        it: int(out[f"{it}_score"][i])
                        for it in SCORED_ITEMS
                        if out[f"{it}_score"][i] >= 0
                    },
                    standard_tenths=None if ex else int(out["standard_tenths"][i]),
                    bonus=None if ex else int(out["bonus"][i]),
                    total_tenths=None if ex else int(out["total_tenths"][i]),
                    level=int(out["level"][i]),
                )
            )
    with transaction.atomic():
        FitnessResult.objects.bulk_create(rows, batch_size=2000)
        audit_record("demo.load", detail=f"fitness: {len(rows)} results")
    return f"fitness: {len(rows)} results over {len(YEARS)} years ({len(students)} students of {'、'.join(DISTRICTS)})"
