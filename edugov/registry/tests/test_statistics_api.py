"""The statistics API: scoped like the pages, writes through the service and its checks."""

import pytest
from rest_framework.test import APIClient

from edugov.registry.models import AnnualStatistics, StatsStatus

from .conftest import make_stats

pytestmark = pytest.mark.django_db


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_the_list_shows_in_scope_rows_only(cast):
    make_stats(cast.donghu_school, primary=100)
    make_stats(cast.jinxian_school, primary=100)
    response = api(cast.donghu_officer).get("/api/registry/statistics/")
    assert response.status_code == 200
    assert [r["school"] for r in response.json()["results"]] == [cast.donghu_school.pk]


def test_an_inconsistent_write_is_refused_with_the_field_named(cast):
    payload = {
        "school": cast.donghu_school.pk,
        "year": 2023,
        "g1": 100,
        "classes_primary": 1,
        "max_class_size_primary": 45,
    }
    response = api(cast.donghu_officer).post("/api/registry/statistics/", payload, format="json")
    assert response.status_code == 400 and "classes_primary" in response.json()
    assert not AnnualStatistics.objects.exists()
    payload["classes_primary"] = 3
    response = api(cast.donghu_officer).post("/api/registry/statistics/", payload, format="json")
    assert response.status_code == 201
    # The status is not a field the API writes: approval goes through the workflow.
    stats = AnnualStatistics.objects.get()
    response = api(cast.donghu_officer).patch(
        f"/api/registry/statistics/{stats.pk}/", {"status": "approved"}, format="json"
    )
    stats.refresh_from_db()
    assert stats.status == StatsStatus.DRAFT


def test_another_districts_row_is_404(cast):
    other = make_stats(cast.jinxian_school, primary=100)
    response = api(cast.donghu_officer).patch(
        f"/api/registry/statistics/{other.pk}/", {"g1": 1}, format="json"
    )
    assert response.status_code == 404
