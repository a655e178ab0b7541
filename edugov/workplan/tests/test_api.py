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


def test_a_district_creates_its_own_task_but_not_another_districts(cast, plan, tasks):
    # On a point she can see (her tasks are on it), as in the form's dropdown.
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
    assert AuditEvent.objects.filter(
        event_type="create", object_type="workplan.task", object_id=str(created.json()["id"])
    ).exists()
    refused = api_for(cast.donghu_officer).post(
        "/api/workplan/tasks/",
        {**body, "title": "越界", "lead_unit": cast.jinxian.pk},
        format="json",
    )
    # Another district is no choice at all: a 400 as if it did not exist.
    assert refused.status_code == 400 and "lead_unit" in refused.json()
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
    # 督办单 are casework cases, read through the cases API (read-only).
    assert client.post("/api/casework/cases/", {}, format="json").status_code == 405
    assert client.post("/api/workplan/reports/", {}, format="json").status_code == 405


def test_the_browsable_api_is_off_so_no_page_lists_other_districts_users(cast, tasks):
    # The auditor's request (M4): Accept text/html rendered an owner dropdown with every
    # user of the city. Production and the test settings serve JSON only.
    client = api_for(cast.donghu_officer)
    response = client.get("/api/workplan/tasks/", HTTP_ACCEPT="text/html")
    assert response.status_code == 406
    assert client.get("/api/workplan/tasks/", {"format": "api"}).status_code == 404
    body = response.content.decode()
    assert "secadmin" not in body and "jinxian_principal" not in body and "<form" not in body


def test_the_owner_can_only_be_someone_the_form_offers(cast, tasks, plan):
    # The auditor's requests (L1): PATCH {"owner": 14} and a POST naming secadmin.
    client = api_for(cast.donghu_officer)
    url = f"/api/workplan/tasks/{tasks['donghu'].pk}/"
    for outsider in (cast.secadmin, cast.jinxian_principal, cast.city_admin):
        refused = client.patch(url, {"owner": outsider.pk}, format="json")
        assert refused.status_code == 400 and "owner" in refused.json()
    tasks["donghu"].refresh_from_db()
    assert tasks["donghu"].owner == cast.donghu_officer
    created = client.post(
        "/api/workplan/tasks/",
        {
            "point": point(plan, 5).pk,
            "title": "三员的任务",
            "lead_unit": cast.donghu.pk,
            "owner": cast.secadmin.pk,
            "start_date": "2023-03-01",
            "due_date": "2023-12-31",
        },
        format="json",
    )
    assert created.status_code == 400 and not Task.objects.filter(title="三员的任务").exists()
    allowed = client.patch(url, {"owner": cast.donghu_principal.pk}, format="json")
    assert allowed.status_code == 200
    tasks["donghu"].refresh_from_db()
    assert tasks["donghu"].owner == cast.donghu_principal


def test_the_api_and_the_form_offer_the_same_owners(cast, tasks, rf):
    from edugov.core.views import narrow_form_fields
    from edugov.workplan.api import TaskSerializer
    from edugov.workplan.forms import TaskForm
    from edugov.workplan.selectors import assignable_owners

    user = cast.donghu_officer
    request = rf.get("/")
    request.user = user
    api_owners = set(TaskSerializer(context={"request": request}).fields["owner"].queryset)
    form = TaskForm()
    narrow_form_fields(form, user)
    assert api_owners == set(form.fields["owner"].queryset) == set(assignable_owners(user))
    assert cast.secadmin not in api_owners and cast.donghu_principal in api_owners
