import pytest
from rest_framework.test import APIClient

from edugov.conftest import token_client

pytestmark = pytest.mark.django_db


def api(user):
    return token_client(user)


def test_the_api_lists_in_scope_units_only_and_counts_them_right(cast):
    response = api(cast.donghu_officer).get("/api/units/")
    assert response.status_code == 200
    codes = {u["code"] for u in response.json()["results"]}
    assert codes == {"360102", cast.donghu_school.code, cast.donghu_junior.code}
    assert response.json()["count"] == 3


def test_an_out_of_scope_unit_is_a_404(cast):
    assert api(cast.donghu_officer).get(f"/api/units/{cast.jinxian_school.pk}/").status_code == 404
    assert (
        api(cast.donghu_officer)
        .patch(f"/api/units/{cast.jinxian_school.pk}/", {"enrolment": 1})
        .status_code
        == 404
    )


def test_the_api_uses_the_pages_filter(cast):
    response = api(cast.donghu_officer).get("/api/units/", {"institution_type": "junior"})
    assert [u["code"] for u in response.json()["results"]] == [cast.donghu_junior.code]


def test_a_create_outside_the_scope_is_refused(cast):
    data = {
        "kind": "school",
        "code": "2136000888",
        "name": "越权学校",
        "parent": cast.jinxian.pk,
        "institution_type": "primary",
        "ownership": "public",
    }
    assert api(cast.donghu_officer).post("/api/units/", data).status_code == 403
    data["parent"] = cast.donghu.pk
    assert api(cast.donghu_officer).post("/api/units/", data).status_code == 201


def test_an_invalid_code_is_a_400_with_the_field_named(cast):
    data = {
        "kind": "school",
        "code": "2136000889",
        "name": "坏代码",
        "parent": cast.donghu.pk,
        "institution_type": "kindergarten",
        "ownership": "public",
    }
    response = api(cast.donghu_officer).post("/api/units/", data)
    assert response.status_code == 400 and "code" in response.json()


def test_without_a_token_the_api_answers_401(cast):
    assert APIClient().get("/api/units/").status_code == 401


def test_the_openapi_document_is_served_to_logged_in_users(cast):
    response = api(cast.donghu_officer).get("/api/openapi.json")
    assert response.status_code == 200
    import json

    doc = json.loads(response.content)
    assert doc["openapi"].startswith("3.") and "/api/units/" in doc["paths"]
