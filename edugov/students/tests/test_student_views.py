import pytest
from django.urls import reverse

from edugov.core.testing import ScopedViewTests
from edugov.engines.codes import mask_value

pytestmark = pytest.mark.django_db

NO_STORE_VIEWS = ("list", "detail", "edit", "export")


class StudentScopedViews(ScopedViewTests):
    list_url = "students:student_list"
    detail_url = "students:student_detail"
    edit_url = "students:student_edit"
    export_url = "students:student_export"

    def label(self, obj):
        # The masked 学籍号 is what pages show; the full one must never appear.
        return mask_value("id", obj.student_number)


class TestStudentViewsForTheDonghuOfficer(StudentScopedViews):
    def objects(self, cast):
        from .conftest import make_student

        inside = make_student(cast.donghu_school, name="李四")
        outside = make_student(cast.jinxian_school, name="王五")
        return cast.donghu_officer, inside, outside


class TestStudentViewsForTheDonghuPrincipal(StudentScopedViews):
    def objects(self, cast):
        from .conftest import make_student

        inside = make_student(cast.donghu_school, name="李四")
        outside = make_student(cast.jinxian_school, name="王五")
        return cast.donghu_principal, inside, outside


def test_the_list_shows_masked_values_only(cast, client_for, students):
    s = students["donghu"]
    body = client_for(cast.donghu_officer).get(reverse("students:student_list")).content.decode()
    assert mask_value("id", s.id_number) in body and "李*" in body and "138****1234" in body
    assert s.id_number not in body and "李四" not in body and "13812341234" not in body


def test_the_detail_page_shows_masked_values_only(cast, client_for, students):
    s = students["donghu"]
    body = (
        client_for(cast.donghu_officer)
        .get(reverse("students:student_detail", args=[s.pk]))
        .content.decode()
    )
    assert s.id_number[:4] + "*" * 10 + s.id_number[-4:] in body
    assert s.id_number not in body and "李四" not in body and "张大山" not in body
    assert "南昌市东湖区八一大道" not in body
    assert "show-full" not in body  # no full-view permission, no button


def test_the_edit_page_does_not_prefill_personal_values(cast, client_for, students):
    s = students["donghu"]
    body = (
        client_for(cast.donghu_officer)
        .get(reverse("students:student_edit", args=[s.pk]))
        .content.decode()
    )
    assert s.id_number not in body and "李四" not in body and "13812341234" not in body
    assert "138****1234" in body  # the placeholder


def test_an_edit_with_blank_personal_fields_keeps_them(cast, client_for, students):
    s = students["donghu"]
    data = {"school": cast.donghu_school.pk, "grade": 8, "class_name": "3班", "status": "enrolled"}
    response = client_for(cast.donghu_officer).post(
        reverse("students:student_edit", args=[s.pk]), data
    )
    assert response.status_code == 302
    s.refresh_from_db()
    assert (s.grade, s.name, s.guardian_phone) == (8, "李四", "13812341234")


@pytest.mark.parametrize("view", NO_STORE_VIEWS)
def test_pages_with_personal_data_are_not_stored(cast, client_for, students, view):
    s = students["donghu"]
    url = {
        "list": reverse("students:student_list"),
        "detail": reverse("students:student_detail", args=[s.pk]),
        "edit": reverse("students:student_edit", args=[s.pk]),
        "export": reverse("students:student_export") + "?format=csv",
    }[view]
    response = client_for(cast.donghu_officer).get(url)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_a_get_with_an_id_number_in_the_query_string_is_refused(cast, client_for, students):
    s = students["donghu"]
    client = client_for(cast.donghu_officer)
    for params in (
        {"value": s.id_number, "kind": "id"},
        {"q": s.id_number.lower()},
        {"phone": "13812341234"},
    ):
        response = client.get(reverse("students:student_list"), params)
        assert response.status_code == 400
        assert s.id_number not in response.content.decode()
    # An ordinary filter still works.
    assert client.get(reverse("students:student_list"), {"grade": "7"}).status_code == 200


def test_the_search_is_a_post_that_finds_by_blind_index(cast, client_for, students):
    s = students["donghu"]
    client = client_for(cast.donghu_officer)
    spaced = " ".join([s.id_number[:6], s.id_number[6:14], s.id_number[14:]]).lower()
    response = client.post(reverse("students:student_list"), {"kind": "id", "value": spaced})
    assert response.status_code == 302 and response["Location"] == s.get_absolute_url()
    response = client.post(
        reverse("students:student_list"),
        {"kind": "student_number", "value": s.student_number},
    )
    assert response["Location"] == s.get_absolute_url()


def test_the_search_does_not_find_a_student_outside_the_scope(cast, client_for, students):
    other = students["jinxian"]
    response = client_for(cast.donghu_officer).post(
        reverse("students:student_list"), {"kind": "id", "value": other.id_number}
    )
    assert response.status_code == 404
    assert other.id_number not in response.content.decode()


def test_the_list_flags_students_under_14(cast, client_for):
    import datetime as dt

    import time_machine

    from .conftest import make_student

    with time_machine.travel(dt.datetime(2026, 9, 1, 12, tzinfo=dt.UTC), tick=False):
        young = make_student(cast.donghu_school, born=dt.date(2012, 9, 2), name="赵小")
        older = make_student(cast.donghu_school, born=dt.date(2012, 9, 1), name="钱大")
        assert young.is_minor_under_14 and not older.is_minor_under_14  # 14 on the day
        client = client_for(cast.donghu_officer)
        body = client.get(reverse("students:student_list")).content.decode()
        assert body.count("badge bg-warning") == 1
        assert 'data-testid="minor-flag"' in client.get(young.get_absolute_url()).content.decode()
        assert (
            'data-testid="minor-flag"' not in client.get(older.get_absolute_url()).content.decode()
        )
        response = client.get(reverse("students:student_list"), {"under_14": "true"})
        assert response.context["table"].paginator.count == 1
    with time_machine.travel(dt.datetime(2026, 9, 2, 12, tzinfo=dt.UTC), tick=False):
        client = client_for(cast.donghu_officer)  # a day later: a fresh session
        response = client.get(reverse("students:student_list"), {"under_14": "true"})
        assert response.context["table"].paginator.count == 0


def test_the_list_issues_a_fixed_number_of_queries(cast, client_for, django_assert_max_num_queries):
    from .conftest import make_student

    for i in range(20):
        make_student(cast.donghu_school, name=f"学生{i}")
    client = client_for(cast.city_admin)
    with django_assert_max_num_queries(16):
        assert client.get(reverse("students:student_list")).status_code == 200


def test_a_district_officer_can_create_a_student(cast, client_for):
    import datetime as dt

    from edugov.students.models import Student

    from .conftest import make_id

    idn = make_id(dt.date(2010, 3, 3))
    data = {
        "school": cast.donghu_school.pk,
        "student_number": "G" + idn,
        "name": "钱七",
        "id_number": idn.lower(),
        "grade": 9,
        "class_name": "2班",
        "status": "enrolled",
    }
    response = client_for(cast.donghu_officer).post(reverse("students:student_create"), data)
    assert response.status_code == 302
    s = Student.objects.get()
    assert s.birth_date == dt.date(2010, 3, 3) and s.id_number == idn.upper()


def test_the_student_list_heads_the_name_column_姓名(cast, client_for):
    from .conftest import make_student

    make_student(cast.donghu_school, name="李四")
    body = client_for(cast.donghu_officer).get(reverse("students:student_list")).content.decode()
    head = body.split("<thead", 1)[1].split("</thead>", 1)[0]
    assert "姓名" in head and "名称" not in head
