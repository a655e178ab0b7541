import pytest

from edugov.core.testing import ScopedViewTests

pytestmark = pytest.mark.django_db


class TestUnitViewsForTheDonghuOfficer(ScopedViewTests):
    list_url = "org:unit_list"
    detail_url = "org:unit_detail"
    edit_url = "org:unit_edit"
    export_url = "org:unit_export"

    def objects(self, cast):
        return cast.donghu_officer, cast.donghu_school, cast.jinxian_school


class TestUnitViewsForTheJinxianPrincipal(ScopedViewTests):
    list_url = "org:unit_list"
    detail_url = "org:unit_detail"
    edit_url = "org:unit_edit"
    export_url = "org:unit_export"

    def objects(self, cast):
        return cast.jinxian_principal, cast.jinxian_school, cast.donghu_school


class TestUnitViewsForTheCounselor(ScopedViewTests):
    list_url = "org:unit_list"
    detail_url = "org:unit_detail"
    not_applicable = {
        "test_the_edit_page_answers_200_in_scope_and_404_outside": (
            "a counselor holds no change permission on units, so the edit page is a 404 for every unit; its own school's edit is not 'in scope'"
        ),
        "test_the_export_contains_in_scope_rows_only": (
            "a counselor holds no export permission; the export is a 404 for her"
        ),
    }

    def objects(self, cast):
        return cast.counselor, cast.donghu_junior, cast.donghu_school


def test_a_district_officer_can_change_a_school_of_her_district(cast, client_for):
    from django.urls import reverse

    school = cast.donghu_school
    data = {
        "kind": "school",
        "code": school.code,
        "name": "东湖区育新学校（新校区）",
        "parent": cast.donghu.pk,
        "institution_type": "primary",
        "ownership": "public",
        "enrolment": 900,
        "sort_order": 0,
        "is_active": "on",
    }
    response = client_for(cast.donghu_officer).post(
        reverse("org:unit_edit", args=[school.pk]), data
    )
    assert response.status_code == 302
    school.refresh_from_db()
    assert school.name == "东湖区育新学校（新校区）"


def test_moving_a_school_out_of_her_district_is_refused_and_rolled_back(cast, client_for):
    from django.urls import reverse

    school = cast.donghu_school
    data = {
        "kind": "school",
        "code": school.code,
        "name": school.name,
        "parent": cast.jinxian.pk,
        "institution_type": "primary",
        "ownership": "public",
        "enrolment": 900,
        "sort_order": 0,
        "is_active": "on",
    }
    response = client_for(cast.donghu_officer).post(
        reverse("org:unit_edit", args=[school.pk]), data
    )
    # 进贤县 is not in her dropdown, so the form itself refuses the choice.
    assert response.status_code == 400
    school.refresh_from_db()
    assert school.parent_id == cast.donghu.pk


def test_the_list_issues_a_fixed_number_of_queries(cast, client_for, django_assert_max_num_queries):
    from django.urls import reverse

    from edugov.conftest import make_school

    for i in range(30):
        make_school(cast.donghu, f"21360010{i:02d}", f"东湖区测试小学{i}")
    client = client_for(cast.city_admin)
    with django_assert_max_num_queries(14):
        assert client.get(reverse("org:unit_list")).status_code == 200


def test_a_teacher_without_an_export_role_gets_404_on_export(cast, client_for):
    from django.urls import reverse

    assert client_for(cast.counselor).get(reverse("org:unit_export")).status_code == 404


def test_a_principal_can_save_her_own_school_without_seeing_its_district(cast, client_for):
    from django.urls import reverse

    school = cast.donghu_school
    client = client_for(cast.donghu_principal)
    page = client.get(reverse("org:unit_edit", args=[school.pk])).content.decode()
    # The current parent is offered (selected); no other district is.
    assert f'value="{cast.donghu.pk}" selected' in page and f'value="{cast.jinxian.pk}"' not in page
    data = {
        "kind": "school",
        "code": school.code,
        "name": school.name,
        "parent": cast.donghu.pk,
        "institution_type": "primary",
        "ownership": "public",
        "enrolment": 901,
        "sort_order": 0,
        "is_active": "on",
    }
    assert client.post(reverse("org:unit_edit", args=[school.pk]), data).status_code == 302
    school.refresh_from_db()
    assert school.enrolment == 901
    data["parent"] = cast.jinxian.pk
    assert client.post(reverse("org:unit_edit", args=[school.pk]), data).status_code == 400


def test_the_list_counts_rows_once(cast, client_for, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    client = client_for(cast.donghu_officer)
    with CaptureQueriesContext(connection) as ctx:
        client.get(reverse("org:unit_list"))
    counts = [
        q["sql"] for q in ctx.captured_queries if "COUNT(*)" in q["sql"] and "org_unit" in q["sql"]
    ]
    assert len(counts) == 1, counts
