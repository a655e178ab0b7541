"""显示完整信息: a separate permission, a POST, one audit event per use."""

import pytest
from django.urls import reverse

from edugov.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def full_view_events():
    return AuditEvent.objects.filter(event_type="personal_data.view_full")


def test_without_the_permission_there_is_no_button_and_the_post_is_refused(
    cast, client_for, students
):
    s = students["donghu"]
    client = client_for(cast.donghu_officer)
    assert "show-full" not in client.get(s.get_absolute_url()).content.decode()
    response = client.post(reverse("students:student_full", args=[s.pk]))
    assert response.status_code == 403
    assert s.id_number not in response.content.decode()
    assert full_view_events().count() == 0


def test_with_the_permission_each_use_shows_full_values_and_is_audited_once(
    cast, client_for, students, full_viewer
):
    s = students["donghu"]
    client = client_for(full_viewer)
    detail = client.get(s.get_absolute_url()).content.decode()
    assert "show-full" in detail and s.id_number not in detail  # masked until asked
    assert full_view_events().count() == 0
    for n in (1, 2):
        response = client.post(reverse("students:student_full", args=[s.pk]))
        body = response.content.decode()
        assert response.status_code == 200
        assert s.id_number in body and "李四" in body and "13812341234" in body
        assert "no-store" in response["Cache-Control"]
        assert full_view_events().count() == n
    event = full_view_events().first()
    assert event.object_id == str(s.pk) and event.actor_username == full_viewer.username
    assert s.id_number not in str(event.changes) + event.object_repr


def test_the_full_view_is_post_only_and_scoped(cast, client_for, students, full_viewer):
    client = client_for(full_viewer)
    inside, outside = students["donghu"], students["jinxian"]
    assert client.get(reverse("students:student_full", args=[inside.pk])).status_code == 405
    assert client.post(reverse("students:student_full", args=[outside.pk])).status_code == 404
    assert full_view_events().count() == 0


def test_no_built_in_role_holds_the_full_view_permission(cast):
    from edugov.accounts.models import Role

    holders = Role.objects.filter(
        builtin=True, permissions__codename="view_full_personal_data"
    ).values_list("code", flat=True)
    assert list(holders) == []
    approvers = set(
        Role.objects.filter(builtin=True, permissions__codename="approve_export").values_list(
            "code", flat=True
        )
    )
    assert approvers == {"city_admin", "district_admin"}


def test_every_view_of_a_student_record_is_audited(cast, client_for, students):
    student = students["donghu"]
    client = client_for(cast.donghu_officer)
    for _ in range(2):
        assert client.get(reverse("students:student_detail", args=[student.pk])).status_code == 200
    assert (
        AuditEvent.objects.filter(
            event_type="personal_data.view", object_id=str(student.pk)
        ).count()
        == 2
    )
