"""The read-only API: the pages' scope, names masked, no writes."""

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_candidates_come_masked_and_scoped(world, cast):
    data = api(cast.donghu_officer).get("/api/admissions/candidates/").json()
    assert data["count"] == 3
    assert {r["name"] for r in data["results"]} == {"张**"}


def test_a_high_school_district_sees_whom_it_admitted(world, cast):
    # 进贤县: its own junior school's three candidates plus the two 东湖 candidates
    # admitted to its private high school.
    from edugov.conftest import make_user

    officer = make_user("jinxian_officer", "district_admin", cast.jinxian)
    rows = api(officer).get("/api/admissions/results/").json()["results"]
    assert sorted(r["exam_number"] for r in rows) == [
        "2026000003",
        "2026000004",
        "2026000005",
        "2026000006",
    ]


def test_runs_are_city_data_and_the_api_refuses_writes(world, cast):
    assert api(cast.donghu_officer).get("/api/admissions/runs/").json()["count"] == 0
    client = api(cast.city_admin)
    assert client.get("/api/admissions/runs/").json()["count"] == 1
    assert client.post("/api/admissions/runs/", {"name": "x"}).status_code == 405
