"""The registry's pages: in scope 200, out of scope 404; masked everywhere; the full ID
only with the permission, audited; the lookup by ID through the blind index; a change of
title is kept as history, and refused in a year with a 师德 veto."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from edugov.audit.models import AuditEvent
from edugov.core.context import acting
from edugov.core.testing import ScopedViewTests
from edugov.students.tests.conftest import grant
from edugov.teachers import services
from edugov.teachers.models import EventKind

from .world import NOW, make_teacher

pytestmark = pytest.mark.django_db


class TestTeacherPages(ScopedViewTests):
    list_url = "teachers:teacher_list"
    detail_url = "teachers:teacher_detail"
    edit_url = "teachers:teacher_edit"
    export_url = "teachers:teacher_export"

    def objects(self, cast):
        inside = make_teacher(cast.donghu_school, staff_number="DH-1")
        outside = make_teacher(cast.jinxian_school, staff_number="JX-1")
        return cast.donghu_officer, inside, outside

    def label(self, obj):
        return obj.school.name


def test_the_principal_sees_her_teachers_masked(cast, client_for):
    t = make_teacher(cast.donghu_school, name="王丽华")
    body = client_for(cast.donghu_principal).get(reverse("teachers:teacher_list")).content.decode()
    assert t.id_number not in body and "王丽华" not in body
    assert t.masked("id_number") in body
    detail = client_for(cast.donghu_principal).get(t.get_absolute_url()).content.decode()
    assert t.id_number not in detail and 'data-testid="show-full"' not in detail
    response = client_for(cast.donghu_principal).get(
        reverse("teachers:teacher_export"), {"format": "csv"}
    )
    assert t.id_number not in b"".join(response.streaming_content).decode("utf-8-sig")


def test_the_full_id_needs_the_permission_and_is_audited(cast, client_for):
    t = make_teacher(cast.donghu_school)
    url = reverse("teachers:teacher_full", args=[t.pk])
    assert client_for(cast.donghu_principal).post(url).status_code == 403
    principal = grant(cast.donghu_principal, "teachers.view_full_personal_data")
    page = client_for(principal).post(url)
    assert page.status_code == 200 and t.id_number in page.content.decode()
    assert AuditEvent.objects.filter(
        event_type="personal_data.view_full", object_id=str(t.pk)
    ).exists()
    other = make_teacher(cast.jinxian_school)
    assert (
        client_for(principal).post(reverse("teachers:teacher_full", args=[other.pk])).status_code
        == 404
    )


def test_the_lookup_by_id_finds_in_scope_only(cast, client_for):
    mine = make_teacher(cast.donghu_school)
    theirs = make_teacher(cast.jinxian_school)
    client = client_for(cast.donghu_principal)
    found = client.post(reverse("teachers:teacher_list"), {"id_number": mine.id_number})
    assert found.status_code == 302 and found.url == mine.get_absolute_url()
    missed = client.post(reverse("teachers:teacher_list"), {"id_number": theirs.id_number})
    assert missed.url == reverse("teachers:teacher_list")


def test_a_title_change_is_history_and_a_veto_blocks_it(cast):
    t = make_teacher(cast.donghu_school)
    t.title = "vice_senior"
    with acting(None):
        services.teacher_save(teacher=t)
    event = t.events.get()
    assert event.kind == EventKind.TITLE and event.after == "副高级"
    with acting(cast.donghu_principal):
        services.ethics_open(
            user=cast.donghu_principal,
            teacher=t,
            year=event.on.year,
            summary="x",
            veto=True,
            now=NOW,
        )
    t.title = "senior"
    with acting(None), pytest.raises(ValidationError):
        services.teacher_save(teacher=t, on=event.on)
    with acting(cast.donghu_principal), pytest.raises(ValidationError):
        services.teacher_award(teacher=t, user=cast.donghu_principal, name="优秀教师", on=event.on)


def test_the_list_query_count_does_not_grow_with_rows(
    cast, client_for, django_assert_max_num_queries
):
    for _ in range(15):
        make_teacher(cast.donghu_school)
    client = client_for(cast.donghu_officer)
    with django_assert_max_num_queries(20):
        assert client.get(reverse("teachers:teacher_list")).status_code == 200
