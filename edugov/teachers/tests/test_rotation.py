"""The 交流轮岗 plan: generated from the registry and the posts; each workflow move through
``can`` (in scope, out of scope, without the permission); publication records the moves;
the what-if changes nothing until applied."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from edugov.core.context import acting
from edugov.teachers import rotation
from edugov.teachers.models import EventKind, PlanStatus, RotationPlan, Teacher

from .world import make_plan, rotation_district

pytestmark = pytest.mark.django_db


def test_the_plan_fills_the_shortage_and_explains_it(cast):
    rotation_district(cast)
    plan = make_plan(cast.donghu_officer, cast.donghu)
    [move] = plan.moves.all()  # 10 eligible → 1; 20 % of 1 → a backbone teacher
    assert move.to_school == cast.donghu_junior and move.fills_shortage and move.backbone
    assert "km" in move.reason
    assert plan.report["feasible"] and plan.report["shortages_after"] == 1
    assert set(plan.confirmations.values_list("school", flat=True)) == {
        cast.donghu_school.pk,
        cast.donghu_junior.pk,
    }


def test_the_workflow_goes_through_can(cast, client_for):
    rotation_district(cast)
    plan = make_plan(cast.donghu_officer, cast.donghu)
    # Another district's principal: the plan is not even there.
    assert (
        client_for(cast.jinxian_principal)
        .post(reverse("teachers:plan_submit", args=[plan.pk]))
        .status_code
        == 404
    )
    # A principal of the district cannot submit it (no change on plans).
    with acting(cast.donghu_principal), pytest.raises(PermissionDenied):
        rotation.plan_submit(user=cast.donghu_principal, plan=plan)
    with acting(cast.donghu_officer):
        rotation.plan_submit(user=cast.donghu_officer, plan=plan)
        with pytest.raises(ValidationError):  # the schools have not confirmed
            rotation.plan_approve(user=cast.donghu_officer, plan=plan)
    mine = plan.confirmations.get(school=cast.donghu_school)
    with acting(cast.jinxian_principal), pytest.raises(PermissionDenied):
        rotation.confirmation_confirm(user=cast.jinxian_principal, confirmation=mine)
    for c in plan.confirmations.all():
        principal = cast.donghu_principal if c.school == cast.donghu_school else cast.donghu_officer
        with acting(principal):
            rotation.confirmation_confirm(user=principal, confirmation=c)
    with acting(cast.donghu_officer):
        rotation.plan_approve(user=cast.donghu_officer, plan=plan)
    # dept_staff holds change on plans but not the approval permission.
    with acting(cast.dept_staff), pytest.raises(PermissionDenied):
        rotation.plan_publish(user=cast.dept_staff, plan=plan)
    with acting(cast.donghu_officer):
        rotation.plan_publish(user=cast.donghu_officer, plan=plan)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.PUBLISHED
    move = plan.moves.get()
    teacher = Teacher.objects.get(pk=move.teacher_id)
    assert teacher.school == cast.donghu_junior
    assert teacher.events.get().kind == EventKind.ROTATION
    # The receiving school's list shows the teacher now, the sending school's not.
    url = reverse("teachers:teacher_list")
    junior = client_for(cast.donghu_officer).get(url, {"school": cast.donghu_junior.pk})
    assert junior.content.decode().count(teacher.masked("id_number")) == 1


def test_the_what_if_shows_a_new_plan_and_applies_only_on_post(cast, client_for):
    rotation_district(cast)
    plan = make_plan(cast.donghu_officer, cast.donghu)
    client = client_for(cast.donghu_officer)
    url = reverse("teachers:plan_whatif", args=[plan.pk])
    page = client.get(
        url, {"quota_percent": 30, "backbone_percent": 20, "max_km": 30, "min_years": 6}
    )
    assert page.status_code == 200
    after = page.content.decode().split('data-testid="whatif-after"')[1]
    assert 'data-testid="moves-count">3 (3)' in after
    assert plan.moves.count() == 1
    # 1 km: the junior school is 2.2 km away, so nobody can be placed; the limit is named.
    tight = client.get(
        url, {"quota_percent": 10, "backbone_percent": 20, "max_km": 1, "min_years": 6}
    ).content.decode()
    assert "受距离限制" in tight and 'data-testid="infeasible"' in tight
    client.post(url, {"quota_percent": 30, "backbone_percent": 20, "max_km": 30, "min_years": 6})
    plan.refresh_from_db()
    assert plan.quota_percent == 30 and plan.moves.count() == 3
    assert client_for(cast.jinxian_principal).get(url).status_code == 404


def test_only_a_draft_is_regenerated(cast):
    rotation_district(cast)
    plan = make_plan(cast.donghu_officer, cast.donghu)
    plan.status = PlanStatus.APPROVED
    plan.save()
    with acting(cast.donghu_officer), pytest.raises(PermissionDenied):
        rotation.plan_generate(user=cast.donghu_officer, plan=plan)


def test_a_plan_for_a_school_is_refused(cast):
    with acting(cast.donghu_officer), pytest.raises(ValidationError):
        rotation.plan_generate(
            user=cast.donghu_officer, plan=RotationPlan(district=cast.donghu_school, year=2026)
        )
