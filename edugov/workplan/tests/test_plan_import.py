"""Uploading, reviewing and confirming a plan document."""

import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from edugov.audit.models import AuditEvent
from edugov.core.context import acting
from edugov.workplan.models import Area, Plan, PlanStatus, Target, WorkPoint
from edugov.workplan.services import plan_confirm, plan_revise, plan_upload

from .conftest import PLAN_FILE, confirmed_plan


def test_the_nanchang_plan_confirms_into_5_areas_and_28_titled_points(cast):
    plan = confirmed_plan(cast.city_admin)
    assert plan.status == PlanStatus.CONFIRMED
    assert (plan.year, plan.doc_number) == (2023, "洪教办字〔2023〕4号")
    assert list(plan.areas.values_list("number", flat=True)) == [1, 2, 3, 4, 5]
    points = dict(WorkPoint.objects.filter(area__plan=plan).values_list("number", "title"))
    assert sorted(points) == list(range(1, 29))
    assert points[5] == "推进学前教育普及普惠"
    assert points[24] == "提升教育数据治理能力"
    assert all(points.values())


TARGETS = [
    (5, "新增公办幼儿园", "22", "所", "22"),
    (5, "公办园在园幼儿占比", "58", "%", "58"),
    (5, "普惠性幼儿园覆盖率", "93", "%", "93"),
    (5, "达标率", "30", "%", "30"),
    (18, "中小学网点建设民生实项目", "18", "个", "18"),
    (18, "新增学位", "3", "万个", "30000"),
    (18, "中小学新扩建项目", "56", "个", "56"),
    (18, "规划建设学位", "9", "万个", "90000"),
    (18, "项目资金", "2.18", "亿元", "218000000"),
    (18, "实施项目", "71", "个", "71"),
]


def test_the_confirmed_rows_carry_the_targets_of_points_5_and_18(cast):
    plan = confirmed_plan(cast.city_admin)
    for point, subject, value, unit, normalised in TARGETS:
        target = Target.objects.get(point__area__plan=plan, point__number=point, subject=subject)
        assert (target.value, target.unit, target.normalised_value) == (
            Decimal(value),
            unit,
            Decimal(normalised),
        ), subject
        assert target.sentence
    assert set(
        Target.objects.filter(point__area__plan=plan).values_list("point__number", flat=True)
    ) == {5, 18}


def test_the_increase_in_places_keeps_its_at_least_comparator(cast):
    plan = confirmed_plan(cast.city_admin)
    target = Target.objects.get(point__area__plan=plan, subject="新增学位")
    assert target.comparator == "≥"


def test_a_target_whose_subject_a_source_measures_is_bound_to_it(cast, fake_source):
    plan = confirmed_plan(cast.city_admin)
    bound = Target.objects.filter(point__area__plan=plan).exclude(kpi_source="")
    assert list(bound.values_list("subject", "kpi_source")) == [
        ("公办园在园幼儿占比", fake_source.code)
    ]


def test_a_docx_plan_goes_through_the_same_review(cast):
    from docx import Document

    doc = Document()
    doc.add_paragraph("上饶市教育局2024年工作要点")
    doc.add_paragraph("一、加强党的建设")
    doc.add_paragraph("1.抓好理论学习。全年开展专题学习12次以上。")
    doc.add_paragraph("二、发展学前教育")
    doc.add_paragraph("2.扩大普惠资源。新增公办幼儿园5所以上。")
    out = io.BytesIO()
    doc.save(out)
    with acting(cast.city_admin):
        plan = plan_upload(user=cast.city_admin, name="plan.docx", data=out.getvalue())
    assert [a["title"] for a in plan.parsed["areas"]] == ["加强党的建设", "发展学前教育"]
    assert "新增公办幼儿园5所以上" in plan.source_text


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("plan.pdf", b"%PDF-1.4", "docx"),
        ("plan.docx", b"not a zip at all", "Word"),
        ("plan.md", b"", "empty"),
        ("plan.txt", "随便写点什么，没有编号的要点。".encode(), "work points"),
    ],
)
def test_an_unusable_file_is_refused_and_writes_nothing(cast, name, data, message):
    with acting(cast.city_admin), translation.override("en"), pytest.raises(ValidationError) as err:
        plan_upload(user=cast.city_admin, name=name, data=data)
    assert message in " ".join(err.value.messages)
    assert Plan.objects.count() == 0


def test_revising_a_draft_fixes_titles_and_targets_before_confirming(cast):
    with acting(cast.city_admin):
        plan = plan_upload(user=cast.city_admin, name="p.md", data=PLAN_FILE.read_bytes())
        plan = plan_revise(
            plan=plan,
            edits={
                "a2-title": "加快建设高质量教育体系（修订）",
                "p5-title": "推进学前教育普及普惠发展",
                "p5-t0-value": "25",
                "p5-t4-drop": "1",
            },
        )
        plan = plan_confirm(plan=plan, user=cast.city_admin)
    assert Area.objects.get(plan=plan, number=2).title.endswith("（修订）")
    point = WorkPoint.objects.get(area__plan=plan, number=5)
    assert point.title == "推进学前教育普及普惠发展"
    assert point.targets.count() == 4
    assert point.targets.get(subject="新增公办幼儿园").value == 25
    assert AuditEvent.objects.filter(event_type="workplan.plan_revise").count() == 1


def test_a_revision_with_a_bad_number_is_refused(cast):
    with acting(cast.city_admin):
        plan = plan_upload(user=cast.city_admin, name="p.md", data=PLAN_FILE.read_bytes())
        with pytest.raises(ValidationError):
            plan_revise(plan=plan, edits={"p5-t0-value": "二十二"})


def test_a_plan_is_confirmed_once(cast):
    plan = confirmed_plan(cast.city_admin)
    with acting(cast.city_admin), pytest.raises(ValidationError):
        plan_confirm(plan=plan, user=cast.city_admin)
    assert Area.objects.filter(plan=plan).count() == 5


def test_upload_review_confirm_through_the_pages(cast, client_for):
    client = client_for(cast.dept_staff)
    with PLAN_FILE.open("rb") as fh:
        response = client.post(reverse("workplan:plan_upload"), {"file": fh})
    plan = Plan.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "workplan:plan_review", args=[plan.pk]
    )
    page = client.get(response.url).content.decode()
    assert page.count('data-testid="review-point"') == 28
    assert "新增公办幼儿园" in page and "推进学前教育普及普惠" in page
    response = client.post(
        reverse("workplan:plan_review", args=[plan.pk]),
        {"p24-title": "提升教育数据治理能力", "confirm": "1"},
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.CONFIRMED
    assert plan.unit == cast.city  # a department uploads for its bureau
    events = set(AuditEvent.objects.values_list("event_type", flat=True))
    assert {"workplan.plan_upload", "workplan.plan_confirm"} <= events


def test_a_district_officer_cannot_review_the_citys_draft(cast, client_for):
    with acting(cast.city_admin):
        plan = plan_upload(user=cast.city_admin, name="p.md", data=PLAN_FILE.read_bytes())
    client = client_for(cast.donghu_officer)
    assert client.get(reverse("workplan:plan_review", args=[plan.pk])).status_code == 404
    assert (
        client.post(reverse("workplan:plan_review", args=[plan.pk]), {"confirm": "1"}).status_code
        == 404
    )
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT


def test_the_same_document_is_not_confirmed_twice(cast, client_for):
    # Issue 15, defect 6: confirming the same 文号 again gave a second plan with 0 tasks.
    from django.db import IntegrityError, transaction

    first = confirmed_plan(cast.city_admin)
    with acting(cast.city_admin):
        again = plan_upload(user=cast.city_admin, name="p.md", data=PLAN_FILE.read_bytes())
        with pytest.raises(ValidationError) as refused:
            plan_confirm(plan=again, user=cast.city_admin)
    assert first.doc_number in refused.value.messages[0]
    again.refresh_from_db()
    assert again.status == "draft" and not Area.objects.filter(plan=again).exists()
    assert Plan.objects.filter(status="confirmed").count() == 1
    # The database refuses a twin as well.
    with pytest.raises(IntegrityError), transaction.atomic():
        Plan.objects.filter(pk=again.pk).update(status="confirmed")
    # Through the review page: the message, in Chinese, and still a draft.
    page = client_for(cast.city_admin).post(
        reverse("workplan:plan_review", args=[again.pk]),
        {"confirm": "1"},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert page.status_code == 400
    assert "已确认" in page.content.decode()
