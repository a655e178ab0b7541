"""The task form: a task with an owner opens and saves (issue 13 L5: it was a 500), and an
owner who has since moved out of the editor's scope stays selectable on that task."""

from django.urls import reverse

from edugov.org.models import Unit
from edugov.workplan.models import Task


def test_the_edit_page_of_a_task_with_an_owner_opens_and_saves(cast, tasks, client_for):
    task = tasks["donghu"]
    assert task.owner == cast.donghu_officer
    client = client_for(cast.donghu_officer)
    url = reverse("workplan:task_edit", args=[task.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert f'<option value="{cast.donghu_officer.pk}" selected' in page.content.decode()
    response = client.post(
        url,
        {
            "point": task.point_id,
            "title": "东湖区普惠园认定（修订）",
            "lead_unit": cast.donghu.pk,
            "owner": cast.donghu_officer.pk,
            "start_date": "2023-03-01",
            "due_date": "2023-12-31",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    task.refresh_from_db()
    assert task.title == "东湖区普惠园认定（修订）" and task.owner == cast.donghu_officer


def test_an_owner_who_left_the_scope_stays_selectable_on_her_task(cast, tasks, client_for):
    task = tasks["donghu"]
    # The owner moves to 进贤县: the 东湖区 officer can no longer pick her for a new task,
    # but saving the task she still owns must not fail on her.
    owner = cast.donghu_principal
    Task.objects.filter(pk=task.pk).update(owner=owner)
    type(owner).objects.filter(pk=owner.pk).update(unit=Unit.objects.get(pk=cast.jinxian.pk))
    client = client_for(cast.donghu_officer)
    new = client.get(reverse("workplan:task_create")).content.decode()
    assert f'<option value="{owner.pk}"' not in new
    page = client.get(reverse("workplan:task_edit", args=[task.pk]))
    assert page.status_code == 200
    assert f'<option value="{owner.pk}" selected' in page.content.decode()
