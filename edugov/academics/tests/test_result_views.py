"""Report pages: scoped (a school sees its own classes, a district its schools, the
city all; outside → 404), a fixed number of queries, every table to xlsx."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from edugov.academics.models import Level, UnitResult
from edugov.audit.models import AuditEvent
from edugov.core.testing import ScopedViewTests

pytestmark = pytest.mark.django_db


def result(world, level, unit=None):
    qs = UnitResult.objects.filter(exam=world.exam, level=level)
    return qs.get(unit=unit) if unit is not None else qs.first()


class TestResultPagesAreScoped(ScopedViewTests):
    list_url = "academics:result_list"
    detail_url = "academics:result_detail"
    export_url = "academics:result_export"
    not_applicable = {
        "test_the_edit_page_answers_200_in_scope_and_404_outside": (
            "unit results are computed by the analysis job; there is no edit page"
        ),
    }

    @pytest.fixture(autouse=True)
    def _world(self, world):
        self.w = world

    def objects(self, cast):
        inside = result(self.w, Level.SCHOOL, self.w.junior2)
        outside = result(self.w, Level.SCHOOL, self.w.jinxian_junior)
        return cast.donghu_officer, inside, outside

    def label(self, obj):
        return obj.unit.name


def test_a_principal_sees_her_school_report_with_its_classes(client_for, world):
    mine = result(world, Level.SCHOOL, world.junior)
    response = client_for(world.junior_principal).get(mine.get_absolute_url())
    assert response.status_code == 200
    body = response.content.decode()
    assert "1班" in body and "2班" in body
    assert "东湖区第二中学" not in body


def test_a_principal_gets_404_on_another_schools_report_and_the_city_overview(client_for, world):
    client = client_for(world.junior_principal)
    for other in (
        result(world, Level.SCHOOL, world.junior2),
        result(world, Level.CITY),
        result(world, Level.DISTRICT, world.junior.parent),
    ):
        assert client.get(other.get_absolute_url()).status_code == 404
        assert client.get(reverse("academics:result_bands", args=[other.pk])).status_code == 404


def test_the_city_overview_compares_districts_in_a_fixed_number_of_queries(
    cast, client_for, world, django_assert_max_num_queries
):
    city = result(world, Level.CITY)
    client = client_for(cast.city_admin)
    with django_assert_max_num_queries(20):
        response = client.get(city.get_absolute_url())
    body = response.content.decode()
    assert "东湖区" in body and "进贤县" in body and 'data-chart="chart-children"' in body


def test_a_district_report_lists_only_its_own_schools(cast, client_for, world):
    donghu = result(world, Level.DISTRICT, world.junior.parent)
    body = client_for(cast.donghu_officer).get(donghu.get_absolute_url()).content.decode()
    assert "东湖区第一中学" in body and "东湖区第二中学" in body and "进贤县第一中学" not in body


def test_the_report_table_exports_to_xlsx_and_is_audited(cast, client_for, world):
    donghu = result(world, Level.DISTRICT, world.junior.parent)
    response = client_for(cast.donghu_officer).get(donghu.get_absolute_url(), {"export": "xlsx"})
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    names = {row[0] for row in ws.iter_rows(min_row=2, values_only=True)}
    assert names == {"东湖区第一中学", "东湖区第二中学"}
    assert AuditEvent.objects.filter(
        event_type="export", object_type="academics.unitresult"
    ).exists()


def test_the_score_bands_page_shows_cumulative_counts_and_exports(cast, client_for, world):
    city = result(world, Level.CITY)
    client = client_for(cast.city_admin)
    response = client.get(reverse("academics:result_bands", args=[city.pk]), {"column": "语文"})
    assert response.status_code == 200 and 'data-testid="bands"' in response.content.decode()
    x = client.get(reverse("academics:result_bands", args=[city.pk]), {"export": "xlsx"})
    ws = load_workbook(io.BytesIO(b"".join(x.streaming_content))).active
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert rows[-1][2] == 12  # everyone has a total


def test_the_item_analysis_flags_items(cast, client_for, world):
    city = result(world, Level.CITY)
    response = client_for(cast.city_admin).get(reverse("academics:result_items", args=[city.pk]))
    assert response.status_code == 200
    assert 'data-testid="items"' in response.content.decode()
    x = client_for(cast.city_admin).get(
        reverse("academics:result_items", args=[city.pk]), {"export": "xlsx"}
    )
    ws = load_workbook(io.BytesIO(b"".join(x.streaming_content))).active
    assert ws.max_row == 4  # header + 3 items


def test_a_school_trend_lists_the_exams_it_sat(cast, client_for, world):
    mine = result(world, Level.SCHOOL, world.junior)
    response = client_for(world.junior_principal).get(
        reverse("academics:result_trend", args=[mine.pk])
    )
    assert response.status_code == 200 and world.exam.name in response.content.decode()


def test_a_teacher_without_export_permission_cannot_export(cast, client_for, world):
    from edugov.conftest import make_user

    teacher = make_user("junior_teacher", "teacher", world.junior)
    mine = result(world, Level.SCHOOL, world.junior)
    client = client_for(teacher)
    assert client.get(mine.get_absolute_url()).status_code == 200
    assert client.get(mine.get_absolute_url(), {"export": "xlsx"}).status_code == 404


def test_the_statistics_table_exports_too(cast, client_for, world):
    mine = result(world, Level.SCHOOL, world.junior)
    response = client_for(world.junior_principal).get(
        mine.get_absolute_url(), {"export": "xlsx", "table": "stats"}
    )
    ws = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert [r[0] for r in ws.iter_rows(min_row=2, values_only=True)] == ["语文", "数学", "总分"]
