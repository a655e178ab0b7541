import datetime as dt

import pytest

from edugov.conftest import token_client
from edugov.students.models import Student

from .conftest import make_id

pytestmark = pytest.mark.django_db


def api(user):
    return token_client(user)


def test_the_api_lists_in_scope_students_masked_and_not_stored(cast, students):
    s = students["donghu"]
    response = api(cast.donghu_officer).get("/api/students/")
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    (item,) = response.json()["results"]
    assert item["id"] == s.pk and item["name"] == "李*"
    assert item["id_number"] == s.id_number[:4] + "*" * 10 + s.id_number[-4:]
    assert item["guardian_phone"] == "138****1234" and item["home_address"] == "***"
    assert s.id_number not in response.content.decode()
    assert (
        api(cast.donghu_officer).get(f"/api/students/{students['jinxian'].pk}/").status_code == 404
    )


def test_the_api_creates_through_the_service_and_answers_masked(cast):
    idn = make_id(dt.date(2012, 6, 6))
    data = {
        "school": cast.donghu_school.pk,
        "student_number": "G" + idn,
        "name": "孙八",
        "id_number": idn,
        "grade": 6,
        "status": "enrolled",
    }
    response = api(cast.donghu_officer).post("/api/students/", data)
    assert response.status_code == 201, response.content
    assert idn not in response.content.decode()
    assert Student.objects.get().birth_date == dt.date(2012, 6, 6)
    dup = api(cast.donghu_officer).post("/api/students/", {**data, "id_number": idn.lower()})
    assert dup.status_code == 400 and idn not in dup.content.decode()
