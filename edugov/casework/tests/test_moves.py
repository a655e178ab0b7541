"""case_move: the common moves, and every illegal move refused with a message and no change."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from edugov.audit.models import AuditEvent
from edugov.casework.models import Case, CaseEvidence, CaseTransition, EntryKind, Satisfaction
from edugov.conftest import make_user

from .conftest import T0, at, move, pdf

pytestmark = pytest.mark.django_db


def snapshot(case: Case) -> dict:
    """Everything a refused move must leave as it was."""
    case = Case.objects.get(pk=case.pk)
    return {
        "row": {f.attname: getattr(case, f.attname) for f in Case._meta.concrete_fields},
        "co_units": sorted(case.co_units.values_list("pk", flat=True)),
        "timeline": CaseTransition.objects.filter(case=case).count(),
        "evidence": CaseEvidence.objects.filter(case=case).count(),
        "audit": AuditEvent.objects.count(),
    }


def refused(case, user, name, exc=ValidationError, *, words: str, **data) -> None:
    before = snapshot(case)
    with pytest.raises(exc) as info:
        move(case, user, name, **data)
    message = "；".join(info.value.messages) if exc is ValidationError else str(info.value)
    assert words in message, message
    assert snapshot(case) == before


def test_the_whole_loop_from_assignment_to_strike_off(cast, open_case, duban):
    case = open_case()
    assert case.number == "测诉〔2023〕第1号"
    assert case.state == "received" and case.due_at is None  # the clock starts at 交办
    move(
        case,
        cast.city_admin,
        "assign",
        lead_unit=cast.donghu,
        co_units=[cast.jinxian],
        supervising_unit=duban.unit,
    )
    case.refresh_from_db()
    assert case.state == "assigned" and case.lead_unit == cast.donghu
    assert list(case.co_units.all()) == [cast.jinxian]
    # 5 working days from Monday 09-25: 09-26, 27, 28, then the holiday, 10-07, 10-08.
    assert case.due_at == at(2023, 10, 8, 23, 59, 59)
    # Signing within 1 working day: by the end of Tuesday.
    assert case.state_due_at == at(2023, 9, 26, 23, 59, 59)
    assert case.deadline_at == case.state_due_at
    move(case, cast.donghu_officer, "sign", now=at(2023, 9, 26, 9, 0))
    case.refresh_from_db()
    assert case.state == "handling" and case.deadline_at == case.due_at
    move(
        case,
        cast.donghu_officer,
        "answer",
        now=at(2023, 9, 28, 16, 0),
        outcome="已核实并退费",
        reply_class="A",
        files=[pdf()],
    )
    case.refresh_from_db()
    assert case.state == "answered" and case.closed_at == at(2023, 9, 28, 16, 0)
    assert case.on_time is True and case.working_days == 3
    assert case.attrs == {"reply_class": "A"}
    move(
        case,
        cast.city_admin,
        "review",
        now=at(2023, 9, 29, 9, 0),
        satisfaction=Satisfaction.SATISFIED,
    )
    move(case, cast.city_admin, "strike_off", now=at(2023, 9, 29, 10, 0), reason="群众满意")
    case.refresh_from_db()
    assert case.state == "closed" and not case.is_open and case.deadline_at is None
    steps = [(s.display_label, s.from_state, s.to_state) for s in case.timeline.all()]
    assert steps == [
        (str(EntryKind.OPEN.label), "", "received"),
        ("交办", "received", "assigned"),
        ("签收", "assigned", "handling"),
        ("办结答复", "handling", "answered"),
        ("回访", "answered", "reviewed"),
        ("销号", "reviewed", "closed"),
    ]
    evidence = CaseEvidence.objects.get(case=case)
    assert len(evidence.sha256) == 64 and evidence.step.label == "办结答复"
    events = AuditEvent.objects.filter(object_type="casework.case", object_id=str(case.pk))
    moves = events.filter(event_type="casework.move").order_by("seq")
    assert [e.changes.get("move") for e in moves] == [
        "assign",
        "sign",
        "answer",
        "review",
        "strike_off",
    ]


def test_a_move_in_the_wrong_state_is_refused_and_changes_nothing(cast, handling):
    refused(handling, cast.donghu_officer, "sign", words="「签收」")


def test_a_move_by_the_wrong_unit_is_refused_and_changes_nothing(cast, handling):
    # The city owns the case but 签收 and 办结 are the lead unit's (东湖区).
    refused(
        handling,
        cast.city_admin,
        "answer",
        PermissionDenied,
        words="不是您",
        outcome="x",
        files=[pdf()],
    )
    # A school under the lead unit is not the lead unit.
    refused(
        handling,
        cast.donghu_principal,
        "extend",
        PermissionDenied,
        words="不是您",
        until="2023-10-20",
        reason="需调查",
    )


def test_a_move_without_a_required_field_is_refused_and_changes_nothing(cast, handling):
    refused(handling, cast.donghu_officer, "answer", words="处理结果", files=[pdf()])
    refused(handling, cast.city_admin, "transfer", words="主办单位", reason="不属本区")


def test_a_move_without_its_evidence_is_refused_and_changes_nothing(cast, handling):
    refused(handling, cast.donghu_officer, "answer", words="佐证材料", outcome="已处理")


def test_evidence_whose_bytes_do_not_match_its_name_is_refused_by_name(cast, handling):
    fake = SimpleUploadedFile("reply.pdf", b"MZ\x90\x00 a program")
    refused(
        handling, cast.donghu_officer, "answer", words="reply.pdf", outcome="已处理", files=[fake]
    )
    big = SimpleUploadedFile("big.pdf", b"%PDF" + b"0" * (10 * 1024 * 1024))
    refused(handling, cast.donghu_officer, "answer", words="10 MB", outcome="已处理", files=[big])
    exe = SimpleUploadedFile("tool.exe", b"MZ\x90\x00")
    refused(
        handling, cast.donghu_officer, "answer", words="tool.exe", outcome="已处理", files=[exe]
    )


def test_an_unknown_field_is_refused(cast, handling):
    refused(
        handling,
        cast.donghu_officer,
        "extend",
        words="colour",
        colour="red",
        until="2023-10-20",
        reason="x",
    )


def test_a_second_dissatisfied_review_does_not_reopen_again(cast, handling):
    move(handling, cast.donghu_officer, "answer", outcome="已答复", files=[pdf()])
    move(handling, cast.city_admin, "review", satisfaction=Satisfaction.DISSATISFIED)
    handling.refresh_from_db()
    assert handling.state == "handling" and handling.reopened == 1  # 二次办理
    assert handling.closed_at is None and handling.on_time is None
    move(handling, cast.donghu_officer, "answer", outcome="再次答复", files=[pdf()])
    move(handling, cast.city_admin, "review", satisfaction=Satisfaction.DISSATISFIED)
    handling.refresh_from_db()
    assert handling.state == "reviewed" and handling.reopened == 1
    assert handling.satisfaction == Satisfaction.DISSATISFIED


def test_a_second_twice_handling_is_refused_and_changes_nothing(cast, handling, duban):
    move(handling, cast.donghu_officer, "answer", outcome="已答复", files=[pdf()])
    move(handling, cast.city_admin, "review", satisfaction=Satisfaction.DISSATISFIED)
    move(handling, cast.donghu_officer, "answer", outcome="再次答复", files=[pdf()])
    move(handling, cast.city_admin, "review", satisfaction=Satisfaction.BASIC)
    refused(handling, duban, "reopen", words="二次办理", reason="仍有意见")


def test_the_supervisor_reopens_once_on_request(cast, handling, duban):
    move(handling, cast.donghu_officer, "answer", outcome="已答复", files=[pdf()])
    move(handling, cast.city_admin, "review", satisfaction=Satisfaction.BASIC)
    move(handling, duban, "reopen", reason="复查发现问题")
    handling.refresh_from_db()
    assert handling.state == "handling" and handling.reopened == 1


def test_an_extension_is_requested_approved_and_capped(cast, handling, duban):
    refused(handling, duban, "approve_extension", words="没有待批")
    move(handling, cast.donghu_officer, "extend", until="2023-10-20", reason="需现场调查")
    handling.refresh_from_db()
    assert handling.extension_pending and handling.due_at == at(2023, 10, 8, 23, 59, 59)
    refused(
        handling,
        cast.donghu_officer,
        "extend",
        words="已有延期申请",
        until="2023-10-25",
        reason="再延",
    )
    move(handling, duban, "approve_extension")
    handling.refresh_from_db()
    assert handling.due_at == at(2023, 10, 20, 23, 59, 59) and handling.extensions == 1
    assert not handling.extension_pending
    refused(
        handling, cast.donghu_officer, "extend", words="延期", until="2023-10-30", reason="再延"
    )


def test_a_refused_extension_leaves_the_deadline(cast, handling, duban):
    move(handling, cast.donghu_officer, "extend", until="2023-10-20", reason="需现场调查")
    refused(handling, duban, "refuse_extension", words="说明")  # a refusal says why
    move(handling, duban, "refuse_extension", reason="时限内可办结")
    handling.refresh_from_db()
    assert not handling.extension_pending and handling.due_at == at(2023, 10, 8, 23, 59, 59)


def test_an_extension_must_be_after_the_deadline(cast, handling):
    refused(handling, cast.donghu_officer, "extend", words="之后", until="2023-10-01", reason="x")


def test_a_transfer_restarts_the_clock_and_changes_the_lead_unit(cast, handling):
    later = at(2023, 10, 9, 9, 0)
    move(
        handling,
        cast.city_admin,
        "transfer",
        now=later,
        lead_unit=cast.donghu_school,
        reason="属学校管理事项",
    )
    handling.refresh_from_db()
    assert handling.lead_unit == cast.donghu_school and handling.state == "assigned"
    assert handling.clock_started_at == later
    assert handling.due_at == at(2023, 10, 16, 23, 59, 59)  # 5 working days from Monday 10-09
    refused(
        handling,
        cast.city_admin,
        "transfer",
        words="另一",
        lead_unit=cast.donghu_school,
        reason="x",
    )


def test_a_transfer_to_a_unit_outside_the_actors_scope_is_refused(cast, open_case):
    case = open_case(user=cast.donghu_officer, lead_unit=cast.donghu_school)
    move(case, cast.donghu_officer, "assign", lead_unit=cast.donghu_school)
    refused(
        case,
        cast.donghu_officer,
        "transfer",
        words="进贤县民和小学",
        lead_unit=cast.jinxian_school,
        reason="x",
    )


def test_send_back_needs_a_reason_and_returns_the_case(cast, handling):
    refused(handling, cast.donghu_officer, "send_back", words="说明")
    move(handling, cast.donghu_officer, "send_back", reason="不属本区职责")
    handling.refresh_from_db()
    assert handling.state == "received"
    assert handling.timeline.last().reason == "不属本区职责"


def test_the_co_unit_records_its_opinion_without_moving_the_case(cast, handling):
    jinxian_officer = make_user("jinxian_officer", "district_staff", cast.jinxian)
    move(handling, jinxian_officer, "co_opinion", opinion="同意主办单位意见")
    handling.refresh_from_db()
    assert handling.state == "handling" and handling.attrs["opinion"] == "同意主办单位意见"
    refused(
        handling, cast.donghu_officer, "co_opinion", PermissionDenied, words="不是您", opinion="x"
    )


def test_a_move_the_type_does_not_declare_is_refused(cast, handling):
    refused(handling, cast.donghu_officer, "fly", words="fly")


def test_opening_for_a_unit_outside_the_scope_is_refused(cast):
    from edugov.casework.services import case_open

    with pytest.raises(PermissionDenied):
        case_open(
            user=cast.donghu_officer, case_type="t_complaint", title="x", unit=cast.jinxian, now=T0
        )
    with pytest.raises(ValidationError, match="标题"):
        case_open(user=cast.donghu_officer, case_type="t_complaint", title=" ", now=T0)
    with pytest.raises(ValidationError, match="督办"):
        case_open(
            user=cast.donghu_officer,
            case_type="t_complaint",
            title="x",
            supervising_unit=cast.donghu_school,
            now=T0,
        )
    assert not Case.objects.exists()


def test_a_moves_check_refuses_a_combination_of_fields_and_changes_nothing(cast, open_case, duban):
    """``Transition.check``: a rule across the fields (here: a reason for class C)."""
    import dataclasses

    from edugov.casework import registry
    from edugov.casework.declarations import OWNER, Field, Kind, Transition

    from .casetypes import COMPLAINT

    def need_reason(case, data):
        if data.get("grade") == "C" and not data.get("why"):
            raise ValidationError("C 类须说明原因")

    graded = Transition(
        "grade",
        "定类",
        ("received",),
        None,
        OWNER,
        kind=Kind.STEP,
        fields=(
            Field("grade", "类别", "choice", choices=(("A", "A"), ("C", "C"))),
            Field("why", "原因", required=False),
        ),
        check=need_reason,
    )
    checked = dataclasses.replace(
        COMPLAINT,
        code="t_checked",
        transitions=(*COMPLAINT.transitions, graded),
    )
    registry.register(checked)
    try:
        case = open_case(case_type="t_checked")
        refused(case, cast.city_admin, "grade", words="C 类须说明原因", grade="C")
        move(case, cast.city_admin, "grade", grade="C", why="用地不足")
        assert Case.objects.get(pk=case.pk).attrs["why"] == "用地不足"
    finally:
        registry.unregister("t_checked")
