"""The API: the same scope as the pages; writes through ``task_save``."""

from rest_framework.test import APIClient

from edugov.audit.models import AuditEvent
from edugov.workplan.models import Task

from .conftest import point


def api_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_the_task_list_holds_led_and_shared_tasks_only(cast, tasks):
    response = api_for(cast.donghu_officer).get("/api/workplan/tasks/")
    assert response.status_code == 200
    assert {t["title"] for t in response.json()["results"]} == {
        "新建公办幼儿园",
        "东湖区普惠园认定",
    }
    assert (
        api_for(cast.donghu_officer).get(f"/api/workplan/tasks/{tasks['jinxian'].pk}/").status_code
        == 404
    )


def test_a_district_creates_its_own_task_but_not_another_districts(cast, plan):
    p5 = point(plan, 5)
    body = {
        "point": p5.pk,
        "title": "东湖新任务",
        "lead_unit": cast.donghu.pk,
        "start_date": "2023-03-01",
        "due_date": "2023-12-31",
    }
    created = api_for(cast.donghu_officer).post("/api/workplan/tasks/", body, format="json")
    assert created.status_code == 201
    assert AuditEvent.objects.filter(event_type="create", object_type="workplan.task").count() == 1
    refused = api_for(cast.donghu_officer).post(
        "/api/workplan/tasks/",
        {**body, "title": "越界", "lead_unit": cast.jinxian.pk},
        format="json",
    )
    assert refused.status_code == 403
    assert not Task.objects.filter(title="越界").exists()


def test_a_co_unit_cannot_patch_the_shared_task(cast, tasks):
    response = api_for(cast.donghu_officer).patch(
        f"/api/workplan/tasks/{tasks['shared'].pk}/", {"title": "改"}, format="json"
    )
    assert response.status_code == 404
    tasks["shared"].refresh_from_db()
    assert tasks["shared"].title == "新建公办幼儿园"


def test_notices_and_reports_are_read_only(cast, tasks):
    client = api_for(cast.city_admin)
    assert client.post("/api/workplan/notices/", {}, format="json").status_code == 405
    assert client.post("/api/workplan/reports/", {}, format="json").status_code == 405
