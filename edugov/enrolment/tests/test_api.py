"""The read-only API of catchments, school plans and application documents' metadata:
the pages' scope, masking, no writes, and the OpenAPI schema naming them."""

import pytest
from rest_framework.test import APIClient

from edugov.enrolment.models import ApplicationDocument, Catchment, SchoolPlan

from . import world

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(cast):
    world.build(cast)
    return APIClient()


def ids(response):
    assert response.status_code == 200, response.content
    return {r["id"] for r in response.json()["results"]}


def test_catchments_and_plans_follow_the_scope(api, cast):
    api.force_authenticate(cast.donghu_officer)
    mine = Catchment.objects.get(district=cast.donghu)
    other = Catchment.objects.get(district=cast.jinxian)
    assert ids(api.get("/api/enrolment/catchments/")) == {mine.pk}
    row = api.get(f"/api/enrolment/catchments/{mine.pk}/").json()
    assert row["communities"] == ["育新花园"] and row["schools"] == [cast.donghu_school.pk]
    assert api.get(f"/api/enrolment/catchments/{other.pk}/").status_code == 404
    plan = SchoolPlan.objects.get(school=cast.donghu_school)
    assert ids(api.get("/api/enrolment/plans/")) == {plan.pk}
    data = api.get(f"/api/enrolment/plans/{plan.pk}/").json()
    assert data["results_published_at"] and data["seats"] == 2 and data["feeders"] == []
    api.force_authenticate(cast.city_admin)
    assert ids(api.get("/api/enrolment/catchments/")) == {mine.pk, other.pk}
    assert len(ids(api.get("/api/enrolment/plans/", {"school": cast.jinxian_school.pk}))) == 1
    api.force_authenticate(cast.jinxian_principal)  # a school: its plan, no catchment
    assert ids(api.get("/api/enrolment/catchments/")) == set()
    assert ids(api.get("/api/enrolment/plans/")) == {
        SchoolPlan.objects.get(school=cast.jinxian_school).pk
    }


def test_documents_metadata_is_masked_and_scoped(api, cast):
    mine = ApplicationDocument.objects.filter(application__school=cast.donghu_school)
    other = ApplicationDocument.objects.filter(application__school=cast.jinxian_school).first()
    api.force_authenticate(cast.donghu_principal)
    response = api.get("/api/enrolment/documents/")
    assert response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert ids(response) == set(mine.values_list("pk", flat=True))
    row = response.json()["results"][0]
    assert set(row) == {
        "id", "application", "application_number", "kind", "name", "size", "uploaded_at"
    }  # fmt: skip
    assert row["name"] != "hukou.pdf" and "path" not in row and "sha256" not in row
    assert api.get(f"/api/enrolment/documents/{other.pk}/").status_code == 404
    parent = mine.first().application.parent
    api.force_authenticate(parent)  # parents read their documents on their own page
    assert api.get("/api/enrolment/documents/").status_code == 403


def test_no_writes(api, cast):
    api.force_authenticate(cast.city_admin)
    plan = SchoolPlan.objects.first()
    for url in ("/api/enrolment/catchments/", "/api/enrolment/plans/", "/api/enrolment/documents/"):
        assert api.post(url, {}).status_code == 405
    assert api.patch(f"/api/enrolment/plans/{plan.pk}/", {"seats": 99}).status_code == 405
    assert api.delete(f"/api/enrolment/plans/{plan.pk}/").status_code == 405


def test_the_schema_names_the_endpoints(api, cast):
    api.force_authenticate(cast.city_admin)
    response = api.get("/api/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    for name in ("catchments", "plans", "documents"):
        assert f"/api/enrolment/{name}/" in paths and f"/api/enrolment/{name}/{{id}}/" in paths
        assert set(paths[f"/api/enrolment/{name}/"]) == {"get"}
