"""Importing a plan's decomposition into tasks from a spreadsheet (two-phase)."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from edugov.audit.models import AuditEvent
from edugov.core.context import acting
from edugov.workplan.importers import TaskImporter
from edugov.workplan.models import Task

HEADER = "工作要点序号,标题,牵头单位,协作单位,责任人（用户名）,开始日期,完成时限,说明"


def run(user, text):
    data = text.encode("utf-8")
    with acting(user):
        return TaskImporter(user).run(io.BytesIO(data), "tasks.csv", len(data))


def test_a_good_sheet_creates_tasks_with_co_units_and_a_second_run_changes_nothing(cast, plan):
    sheet = "\n".join(
        [
            HEADER,
            "5,新建公办幼儿园,学前教育科,东湖区、进贤县,xueqian_staff,2023-03-01,2023-12-31,",
            "18,推进民生实项目,计划财务科,,,2023-03-01,2023-11-30,18 个项目",
        ]
    )
    report = run(cast.city_admin, sheet)
    assert report.errors == [] and report.created == 2
    task = Task.objects.get(title="新建公办幼儿园")
    assert set(task.co_units.values_list("name", flat=True)) == {"东湖区", "进贤县"}
    assert task.owner == cast.dept_staff and task.point.number == 5
    again = run(cast.city_admin, sheet)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)


def test_one_bad_row_writes_nothing_and_names_row_and_column(cast, plan):
    sheet = "\n".join(
        [
            HEADER,
            "5,新建公办幼儿园,学前教育科,,,2023-03-01,2023-12-31,",
            "99,不存在的要点,学前教育科,,,2023-03-01,2023-12-31,",
            "6,义务教育,不存在的科室,,,2023-03-01,2023-12-31,",
        ]
    )
    report = run(cast.city_admin, sheet)
    assert report.errors == [
        "第 3 行 第 A 列（工作要点序号）：没有该序号的工作要点",
        "第 4 行 第 C 列（牵头单位）：没有该名称的单位",
    ]
    assert not Task.objects.exists()
    assert AuditEvent.objects.filter(event_type="import", outcome="failure").count() == 1


def test_a_due_date_before_the_start_is_refused_by_the_models_own_check(cast, plan):
    sheet = HEADER + "\n7,普通高中,基础教育科,,,2023-03-01,2023-02-01,"
    report = run(cast.city_admin, sheet)
    assert report.errors == ["第 2 行 第 G 列（完成时限）：完成时限早于开始日期。"]
    assert not Task.objects.exists()


def test_a_district_cannot_import_tasks_led_by_another_district(cast, plan):
    sheet = HEADER + "\n5,进贤县的任务,进贤县,,,2023-03-01,2023-12-31,"
    report = run(cast.donghu_officer, sheet)
    assert report.errors and not Task.objects.exists()


def test_the_import_page_serves_a_template_and_runs_the_import(cast, plan, client_for):
    client = client_for(cast.city_admin)
    template = client.get(reverse("workplan:task_import"), {"template": "1"})
    assert template.status_code == 200
    upload = SimpleUploadedFile(
        "t.csv", (HEADER + "\n5,新建公办幼儿园,学前教育科,,,2023-03-01,2023-12-31,").encode()
    )
    response = client.post(reverse("workplan:task_import"), {"file": upload})
    assert response.status_code == 302
    assert Task.objects.filter(title="新建公办幼儿园").exists()


def test_the_owner_must_be_someone_the_task_form_would_offer(cast, plan):
    """The form and the import both draw owners from assignable_owners: active users
    inside the assigner's scope."""
    from edugov.workplan.selectors import assignable_owners

    district = set(assignable_owners(cast.donghu_officer))
    assert cast.donghu_principal in district and cast.jinxian_principal not in district
    assert cast.jinxian_principal in set(assignable_owners(cast.city_admin))
    cast.jinxian_principal.is_active = False
    cast.jinxian_principal.save(update_fields=["is_active"])
    sheet = (
        HEADER + f"\n5,任务,学前教育科,,{cast.jinxian_principal.username},2023-03-01,2023-12-31,"
    )
    report = run(cast.city_admin, sheet)
    assert report.errors == [
        "第 2 行 第 E 列（责任人（用户名））：您的管辖范围内没有该用户名的有效用户"
    ]
