"""The read-only API: the pages' scope (a participating school reads, another district
does not), no writes."""

import pytest
from rest_framework.test import APIClient

from .world import organization, programme

pytestmark = pytest.mark.django_db


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_programmes_are_scoped(cast):
    programme(cast.donghu_officer, cast.donghu, "A-DH-1", schools=[cast.jinxian_school])
    programme(cast.donghu_officer, cast.donghu, "A-DH-2")
    programme(cast.city_admin, cast.jinxian, "A-JX-1")
    codes = lambda user: {  # noqa: E731
        r["code"]
        for r in api(user).get("/api/programmes/programmes/", {"page_size": 100}).json()["results"]
    }
    assert codes(cast.donghu_officer) == {"A-DH-1", "A-DH-2"}
    # the school reads where it takes part, not its district's other programmes
    assert codes(cast.jinxian_principal) == {"A-DH-1"}
    assert codes(cast.city_admin) == {"A-DH-1", "A-DH-2", "A-JX-1"}
    other = programme(cast.city_admin, cast.jinxian, "A-JX-2")
    assert (
        api(cast.donghu_officer).get(f"/api/programmes/programmes/{other.pk}/").status_code == 404
    )


def test_party_organizations_are_scoped_and_the_api_refuses_writes(cast):
    organization(cast.donghu_principal, cast.donghu_school)
    organization(cast.jinxian_principal, cast.jinxian_school)
    data = api(cast.donghu_officer).get("/api/programmes/party/").json()
    assert [r["school"] for r in data["results"]] == [cast.donghu_school.pk]
    response = api(cast.city_admin).post("/api/programmes/programmes/", {"code": "x"})
    assert response.status_code == 405
