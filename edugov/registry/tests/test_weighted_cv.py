"""The module's CVs are student-weighted (DOMAIN.md §4), from approved figures only."""

import math

import pytest

from edugov.engines.indicators import unweighted_cv
from edugov.registry.evaluations import youzhi_evaluation
from edugov.registry.models import StatsStatus
from edugov.registry.selectors import load_area_unscoped

from .conftest import make_stats

pytestmark = pytest.mark.django_db

# Every other resource comfortably above the primary standards, the same per student in
# each school, so only the floor area varies between schools.
PER_STUDENT = {
    "teachers_bachelor": 0.06,
    "backbone_county": 0.015,
    "teachers_pe": 0.012,
    "sports_ground_area": 8,
    "equipment_value": 2500,
    "multimedia_classrooms": 0.03,
}


def county_school(factory, cast, students, floor_area, status=StatsStatus.APPROVED):
    school = factory(cast.donghu)
    fields = {k: round(v * students) for k, v in PER_STUDENT.items()}
    return make_stats(school, primary=students, floor_area=floor_area, status=status, **fields)


def test_it_reproduces_a_hand_computed_weighted_cv_for_a_small_county(cast, school_factory):
    # A small county of three primary schools (floor area per student):
    #   A: 100 students,  300 ㎡ → 3.0
    #   B: 300 students, 1500 ㎡ → 5.0
    #   C: 600 students, 3600 ㎡ → 6.0
    # P = 1000;  X̄ = (300 + 1500 + 3600) / 1000 = 5.4
    # S² = 0.1·(3.0−5.4)² + 0.3·(5.0−5.4)² + 0.6·(6.0−5.4)²
    #    = 0.1·5.76 + 0.3·0.16 + 0.6·0.36 = 0.576 + 0.048 + 0.216 = 0.84
    # S = √0.84 = 0.916515…;  CV = 0.916515… / 5.4 = 0.169725…
    # Unweighted (each school counts once): mean 4.6667, σ = √(4.6667/3) = 1.2472,
    # CV = 0.26726 — a different answer, which is why the method weights by students.
    for students, area in ((100, 300), (300, 1500), (600, 3600)):
        county_school(school_factory, cast, students, area)
    # A draft with an outlier must not move the CV: evaluations read approved figures.
    county_school(school_factory, cast, 500, 100, status=StatsStatus.DRAFT)

    result = youzhi_evaluation(load_area_unscoped(cast.donghu))
    district = next(d for d in result["primary"]["districts"] if d["district"] == "东湖区")
    floor = district["indicators"]["yz_floor_area"]
    assert district["n_schools"] == 3
    assert floor["value"] == pytest.approx(5.4)
    assert floor["cv"] == pytest.approx(math.sqrt(0.84) / 5.4)
    assert floor["cv"] == pytest.approx(0.169725, abs=1e-6)
    unweighted = unweighted_cv([3.0, 5.0, 6.0])
    assert unweighted == pytest.approx(0.26726, abs=1e-5)
    assert abs(floor["cv"] - unweighted) > 0.09
