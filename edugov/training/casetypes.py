"""The module's two loops on casework.

``training_complaint`` (校外培训投诉, a parent's complaint from the public form; the
12345 ones stay the hotline's ``hotline_order`` and are linked, not copied): 受理 →
核查处理 → 答复 (办结) → 复核销号 by the owning bureau. The 教育部 2022 flow (线索 → 核查处理
and feedback → review by the level above) with its deadlines UNCONFIRMED: configuration
(``complaint_deadline``).

``training_case`` (违规案件: a 隐形变异 finding, an unlicensed operator, a time or
prepayment rule broken in the data): 立案 → 交办 (主办, and 协办 units for joint
enforcement) → 调查 → 责令整改 / 处罚 → 整改报告 → 复查销号. The rectification limit
is ``case_deadline`` (3 months by default).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from edugov.casework import registry
from edugov.casework.declarations import (
    OWNER,
    CaseType,
    Field,
    Kind,
    Rung,
    State,
    Transition,
)
from edugov.core.relations import Within

from . import config

COMPLAINT = "training_complaint"
CASE = "training_case"
# The 主办 unit, or a bureau above it.
HANDLER = Within("lead_unit")


def complaint_deadline(case) -> str:
    return config.get("complaint_deadline")


def case_deadline(case) -> str:
    return config.get("case_deadline")


COMPLAINT_TYPE = registry.register(
    CaseType(
        code=COMPLAINT,
        label=_("Training complaint"),
        prefix="培诉",
        initial="received",
        deadline=complaint_deadline,
        clock_starts="",
        max_extensions=1,
        max_reopen=0,
        states=(
            State("received", _("Received, to accept"), deadline="2 个工作日"),
            State("checking", _("Being checked (核查)")),
            State("answered", _("Answered, to review")),
            State("closed", _("Closed (销号)"), terminal=True),
        ),
        transitions=(
            Transition("accept", _("Accept (受理)"), ("received",), "checking", OWNER),
            Transition(
                "transfer",
                _("Hand to a unit (交办)"),
                ("received", "checking"),
                "checking",
                OWNER,
                kind=Kind.TRANSFER,
            ),
            Transition(
                "extend",
                _("Ask for more time"),
                ("checking",),
                None,
                HANDLER | OWNER,
                kind=Kind.EXTEND_REQUEST,
            ),
            Transition(
                "approve_extension",
                _("Grant more time"),
                ("checking",),
                None,
                OWNER,
                kind=Kind.EXTEND_APPROVE,
            ),
            Transition(
                "answer",
                _("Answer the complainant (答复)"),
                ("checking",),
                "answered",
                HANDLER | OWNER,
                kind=Kind.CLOSE,
            ),
            Transition(
                "close",
                _("Review and close (复核销号)"),
                ("answered",),
                "closed",
                OWNER,
                kind=Kind.STRIKE_OFF,
            ),
        ),
        escalation=(
            Rung(1, _("Reminder"), before="2 个工作日", notify=("unit", "lead_unit")),
            Rung(2, _("Supervision (督办)"), after="1 个工作日", notify=("unit", "lead_unit")),
        ),
    )
)


CASE_TYPE = registry.register(
    CaseType(
        code=CASE,
        label=_("Training violation case"),
        prefix="培案",
        initial="found",
        deadline=case_deadline,
        clock_starts="",
        max_extensions=1,
        max_reopen=0,
        states=(
            State("found", _("Found, to assign")),
            State("investigating", _("Being investigated")),
            State("rectifying", _("Being rectified (整改)")),
            State("reported", _("Rectification reported, to re-check")),
            State("closed", _("Struck off (销号)"), terminal=True),
            State("penalised", _("Penalised (处罚)"), terminal=True),
        ),
        transitions=(
            Transition(
                "assign",
                _("Assign (交办, 协办 units for joint enforcement)"),
                ("found",),
                "investigating",
                OWNER,
                kind=Kind.ASSIGN,
            ),
            Transition(
                "order_rectify",
                _("Order rectification (责令整改)"),
                ("found", "investigating"),
                "rectifying",
                HANDLER | OWNER,
            ),
            Transition(
                "report",
                _("Report the rectification"),
                ("rectifying",),
                "reported",
                HANDLER | OWNER,
                kind=Kind.CLOSE,
            ),
            Transition(
                "recheck_fail",
                _("Re-check: not rectified"),
                ("reported",),
                "rectifying",
                OWNER,
                kind=Kind.SEND_BACK,
            ),
            Transition(
                "strike_off",
                _("Re-check and strike off (复查销号)"),
                ("reported",),
                "closed",
                OWNER,
                kind=Kind.STRIKE_OFF,
            ),
            Transition(
                "penalise",
                _("Penalise (行政处罚)"),
                ("investigating", "rectifying", "reported"),
                "penalised",
                OWNER,
                kind=Kind.STRIKE_OFF,
                fields=(Field("penalty", _("penalty decided")),),
            ),
        ),
        escalation=(
            Rung(1, _("Reminder"), before="5 个工作日", notify=("lead_unit",)),
            Rung(2, _("约谈"), after="3 个工作日", notify=("lead_unit", "unit")),
        ),
    )
)
