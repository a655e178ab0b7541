"""A duplicate ID number on the student form and the API (finding L3): the same words
whether the other record is in the user's scope or in another district, every hit
audited with the number masked, and at most 10 hits an hour per user (429 after)."""

import datetime as dt
import itertools

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from edugov.audit.models import AuditEvent
from edugov.conftest import token_client
from edugov.students.models import Student

from .conftest import make_student

pytestmark = pytest.mark.django_db

DUPLICATE_EVENT = "student.duplicate_id"

NEUTRAL = "该身份证号无法登记，请联系上级教育局核实"
_numbers = itertools.count(500)


def form_data(cast, id_number: str) -> dict:
    # A J-type 学籍号 (not derived from the ID), so only the ID number can collide.
    return {
        "school": cast.donghu_school.pk,
        "student_number": f"J{next(_numbers):018d}",
        "name": "钱七",
        "id_number": id_number,
        "grade": 5,
        "status": "enrolled",
    }


def post(client, cast, id_number: str):
    return client.post(reverse("students:student_create"), form_data(cast, id_number))


@pytest.fixture
def registered(cast):
    return {
        "inside": make_student(cast.donghu_school, name="李四"),
        "outside": make_student(cast.jinxian_school, name="王五"),
    }


def test_a_duplicate_in_another_district_gets_the_same_words_as_one_in_scope(
    cast, client_for, registered
):
    client = client_for(cast.donghu_officer)
    inside = post(client, cast, registered["inside"].id_number)
    outside = post(client, cast, registered["outside"].id_number)
    assert inside.status_code == outside.status_code == 400
    for response in (inside, outside):
        page = response.content.decode()
        assert NEUTRAL in page and "已登记" not in page
    assert Student.objects.count() == 2


def test_each_duplicate_hit_is_audited_with_the_number_masked(cast, client_for, registered):
    idn = registered["outside"].id_number
    post(client_for(cast.donghu_officer), cast, idn)
    event = AuditEvent.objects.get(event_type=DUPLICATE_EVENT)
    assert event.actor_id == cast.donghu_officer.pk and event.outcome == "failure"
    assert idn not in str(event.changes) and event.changes["id_number"].endswith(idn[-4:])
    # A new, unregistered number is no hit.
    from .conftest import make_id

    post(client_for(cast.donghu_officer), cast, make_id(dt.date(2015, 1, 1)))
    assert AuditEvent.objects.filter(event_type=DUPLICATE_EVENT).count() == 1


def test_the_eleventh_hit_within_an_hour_is_refused_with_429_and_looks_nothing_up(
    cast, client_for, registered
):
    idn = registered["outside"].id_number
    client = client_for(cast.donghu_officer)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        for _ in range(10):
            assert post(client, cast, idn).status_code == 400
        refused = post(client, cast, idn)
        assert refused.status_code == 429
        assert "稍后再试" in refused.content.decode() and NEUTRAL not in refused.content.decode()
        assert AuditEvent.objects.filter(event_type=DUPLICATE_EVENT).count() == 10
        # Another user is not limited by her hits.
        assert post(client_for(cast.city_admin), cast, idn).status_code == 400
        clock.shift(dt.timedelta(minutes=61))
        assert post(client_for(cast.donghu_officer), cast, idn).status_code == 400


def test_the_api_uses_the_same_words_the_same_audit_and_the_same_limit(cast, registered):
    client = token_client(cast.donghu_officer)
    idn = registered["outside"].id_number
    for _ in range(10):
        response = client.post("/api/students/", form_data(cast, idn))
        assert response.status_code == 400
        assert NEUTRAL in response.json()["id_number"][0]
    assert AuditEvent.objects.filter(event_type=DUPLICATE_EVENT).count() == 10
    assert client.post("/api/students/", form_data(cast, idn)).status_code == 429
