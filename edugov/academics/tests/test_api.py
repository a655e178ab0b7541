"""The read-only API: scoped counts, masked 学籍号, no writes."""

import pytest
from rest_framework.test import APIClient

from .conftest import student_number

pytestmark = pytest.mark.django_db


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_results_are_scoped(cast, world):
    data = api(cast.donghu_officer).get("/api/academics/results/", {"page_size": 100}).json()
    units = {r["unit"] for r in data["results"]}
    assert world.jinxian_junior.pk not in units and world.junior2.pk in units


def test_candidates_are_masked_and_carry_their_ranks(cast, world):
    data = api(cast.city_admin).get("/api/academics/candidates/", {"page_size": 100}).json()
    assert data["count"] == 12
    text = str(data)
    assert all(student_number(i) not in text for i in range(12))
    assert data["results"][0]["results"][-1]["column"] == "总分"


def test_the_api_refuses_writes(cast, world):
    response = api(cast.city_admin).post("/api/academics/exams/", {"name": "x"})
    assert response.status_code == 405


def test_a_page_of_candidates_runs_a_fixed_number_of_queries(
    cast, world, django_assert_max_num_queries
):
    with django_assert_max_num_queries(15):
        assert api(cast.city_admin).get("/api/academics/candidates/").status_code == 200
