"""The 责任区 rules, the schools without an inspector, and the assignment import."""

import csv
import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError

from edugov.conftest import make_school, session_login
from edugov.core.context import acting

from ..importers import AssignmentImporter
from ..models import Assignment, Inspector
from ..services import assignment_save, inspector_save, unassigned_schools

pytestmark = pytest.mark.django_db
D = dt.date(2023, 2, 1)


def assign(user, inspector, school, **kw):
    with acting(user):
        return assignment_save(
            assignment=Assignment(inspector=inspector, school=school, start_date=D, **kw), user=user
        )


def test_it_refuses_a_sixth_school_for_one_inspector(cast, inspector, settings):
    settings.EDUGOV_INSPECTION_SCHOOLS_PER_INSPECTOR = 2
    assign(cast.donghu_officer, inspector, cast.donghu_school)
    assign(cast.donghu_officer, inspector, cast.donghu_junior)
    third = make_school(cast.donghu, "2136000099", "东湖区第三小学")
    with pytest.raises(ValidationError) as exc:
        assign(cast.donghu_officer, inspector, third)
    assert "inspector" in exc.value.message_dict
    assert Assignment.objects.filter(inspector=inspector).count() == 2


def test_a_school_has_one_open_inspector(cast, inspector):
    assign(cast.donghu_officer, inspector, cast.donghu_school)
    with acting(cast.donghu_officer):
        other = inspector_save(
            inspector=Inspector(unit=cast.donghu, name="李敏", background="teacher"),
            user=cast.donghu_officer,
        )
    with pytest.raises(ValidationError) as exc:
        assign(cast.donghu_officer, other, cast.donghu_school)
    assert "王建国" in exc.value.message_dict["school"][0]
    # Ended, it frees the school.
    a = Assignment.objects.get()
    a.end_date = dt.date(2023, 6, 30)
    with acting(cast.donghu_officer):
        assignment_save(assignment=a, user=cast.donghu_officer)
    assign(cast.donghu_officer, other, cast.donghu_school)


def test_it_refuses_a_school_outside_the_inspectors_bureau(cast, inspector):
    with pytest.raises(ValidationError) as exc:
        assign(cast.city_admin, inspector, cast.jinxian_school)
    assert "school" in exc.value.message_dict


def test_unassigned_schools_are_the_scopes_schools_without_an_open_assignment(cast, inspector):
    assign(cast.donghu_officer, inspector, cast.donghu_school)
    donghu = set(unassigned_schools(cast.donghu_officer).values_list("code", flat=True))
    assert donghu == {cast.donghu_junior.code}
    city = set(unassigned_schools(cast.city_admin).values_list("code", flat=True))
    assert cast.jinxian_school.code in city and cast.donghu_school.code not in city


def test_the_assignment_page_lists_the_unassigned_schools(cast, inspector, client):
    assign(cast.donghu_officer, inspector, cast.donghu_school)
    session_login(client, cast.donghu_officer)
    response = client.get("/inspection/assignments/")
    assert response.status_code == 200
    page = response.content.decode()
    assert cast.donghu_junior.name in page and "王建国" in page
    assert cast.jinxian_school.name not in page


def run(user, rows):
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow([c.field for c in AssignmentImporter.columns])
    w.writerows(rows)
    content = buf.getvalue().encode()
    with acting(user):
        return AssignmentImporter(user).run(io.BytesIO(content), "f.csv", len(content))


def test_the_import_names_each_bad_row_and_writes_nothing(cast, inspector, settings):
    settings.EDUGOV_INSPECTION_SCHOOLS_PER_INSPECTOR = 1
    report = run(
        cast.donghu_officer,
        [
            [cast.donghu_school.code, "东湖区", "王建国", "2023-02-01"],
            [cast.donghu_junior.code, "东湖区", "王建国", "2023-02-01"],
            ["9999999999", "东湖区", "王建国", "2023-02-01"],
            [cast.jinxian_school.code, "东湖区", "王建国", "2023-02-01"],
            [cast.donghu_junior.code, "东湖区", "无此人", "2023-02-01"],
        ],
    )
    assert not report.ok
    joined = "\n".join(report.errors)
    for n in (3, 4, 5, 6):
        assert f"第 {n} 行" in joined or f"row {n}" in joined, joined
    assert "第 2 行" not in joined
    assert Assignment.objects.count() == 0


def test_a_good_import_writes_and_a_reimport_changes_nothing(cast, inspector):
    rows = [
        [cast.donghu_school.code, "东湖区", "王建国", "2023-02-01"],
        [cast.donghu_junior.code, "东湖区", "王建国", "2023-02-01"],
    ]
    assert run(cast.donghu_officer, rows).created == 2
    again = run(cast.donghu_officer, rows)
    assert again.ok and again.created == 0 and again.updated == 0


def test_the_export_goes_back_in_unchanged(cast, inspector, client_for):
    assign(cast.donghu_officer, inspector, cast.donghu_school)
    response = client_for(cast.donghu_officer).get(
        "/inspection/assignments/export/", {"format": "csv"}
    )
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    again = run(cast.donghu_officer, rows[1:])
    assert again.ok and again.created == 0 and again.updated == 0, again.errors
