"""A test-only case type: the loop of a complaint, with every kind of move.

受理 → 交办 (the clock starts) → 签收 (within 1 working day) → 办理 (协办 opinion,
extension request and decision, transfer, send back) → 办结答复 (with one evidence file)
→ 回访 (不满意 reopens once) → 销号. Escalation: a reminder 1 working day before the
deadline, 约谈 3 working days after it, 通报 10 after.
"""

from edugov.casework import registry
from edugov.casework.declarations import (
    CO,
    LEAD,
    OWNER,
    SUPERVISOR,
    CaseType,
    Field,
    Kind,
    Rung,
    State,
    Transition,
)

COMPLAINT = CaseType(
    code="t_complaint",
    label="测试投诉",
    prefix="测诉",
    initial="received",
    deadline="5 个工作日",
    clock_starts="assign",
    max_extensions=1,
    max_reopen=1,
    states=(
        State("received", "已受理"),
        State("assigned", "待签收", deadline="1 个工作日"),
        State("handling", "办理中"),
        State("answered", "已答复"),
        State("reviewed", "已回访"),
        State("closed", "已销号", terminal=True),
    ),
    transitions=(
        Transition("assign", "交办", ("received",), "assigned", OWNER, kind=Kind.ASSIGN),
        Transition("sign", "签收", ("assigned",), "handling", LEAD),
        Transition(
            "send_back", "退回", ("assigned", "handling"), "received", LEAD, kind=Kind.SEND_BACK
        ),
        Transition(
            "transfer",
            "转办",
            ("assigned", "handling"),
            "assigned",
            OWNER,
            kind=Kind.TRANSFER,
            restarts_clock=True,
        ),
        Transition(
            "co_opinion",
            "协办意见",
            ("handling",),
            None,
            CO,
            fields=(Field("opinion", "意见", "textarea"),),
        ),
        Transition("extend", "申请延期", ("handling",), None, LEAD, kind=Kind.EXTEND_REQUEST),
        Transition(
            "approve_extension",
            "批准延期",
            ("handling",),
            None,
            SUPERVISOR,
            kind=Kind.EXTEND_APPROVE,
        ),
        Transition(
            "refuse_extension",
            "不批准延期",
            ("handling",),
            None,
            SUPERVISOR,
            kind=Kind.EXTEND_REFUSE,
        ),
        Transition(
            "answer",
            "办结答复",
            ("handling",),
            "answered",
            LEAD,
            kind=Kind.CLOSE,
            evidence=1,
            fields=(
                Field(
                    "reply_class",
                    "答复类别",
                    "choice",
                    required=False,
                    choices=(("A", "A"), ("B", "B")),
                ),
            ),
        ),
        Transition(
            "review",
            "回访",
            ("answered",),
            "reviewed",
            OWNER,
            kind=Kind.REVIEW,
            reopen_to="handling",
        ),
        Transition("reopen", "二次办理", ("reviewed",), "handling", SUPERVISOR, kind=Kind.REOPEN),
        Transition("strike_off", "销号", ("reviewed",), "closed", OWNER, kind=Kind.STRIKE_OFF),
    ),
    escalation=(
        Rung(1, "提醒", before="1 个工作日", notify=("lead_unit",)),
        Rung(2, "约谈", after="3 个工作日", notify=("lead_unit", "supervising_unit")),
        Rung(3, "通报", after="10 个工作日", notify=("unit", "supervising_unit")),
    ),
)


def ensure_registered() -> None:
    registry.register(COMPLAINT)
