"""The hotline's case types: the 12345 order and the 舆情 (public-opinion) item.

12345 (国办 2021 loop): 受理 → 派单 → 签收 (within 1 working day) → 办理 → 答复 (办结)
→ 回访 → 办结. 不满意 at 回访 reopens the order once (二次办理); a second 不满意 ends it
as rated. A repeated call is merged (合并) into its main order before it is handled: it
ends as 已合并 and names the main order's number, which answers for both.

舆情: 发现 → 交办 (the response clock starts, in hours by level) → 处置 → 回应 → 核查销号.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
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

ORDER = "hotline_order"
OPINION = "opinion"
# The 主办 unit, or a unit above it: the district signs and answers for its school.
HANDLER = Within("lead_unit")


def order_deadline(case) -> str:
    """The order type's limit, counted from 派单 (the type is copied into the case's
    attrs at 受理, so the limit is known before the order row is saved)."""
    limits = config.get("deadlines")
    return limits.get(case.attrs.get("order_type", ""), limits["complaint"])


def clean_main(value, case) -> str:
    """The main order a duplicate is merged into: another stored order, not merged itself."""
    from .models import HotlineOrder

    value = str(value).strip()
    main = HotlineOrder.objects.select_related("case").filter(platform_no=value).first()
    if main is None:
        raise ValidationError(gettext("No 12345 order has the number %(no)s.") % {"no": value})
    if case is not None and main.case_id == case.pk:
        raise ValidationError(gettext("An order cannot be merged into itself."))
    if main.case.state == "merged":
        raise ValidationError(
            gettext("Order %(no)s is itself merged into another: merge into that one.")
            % {"no": value}
        )
    return value


ORDER_TYPE = CaseType(
    code=ORDER,
    label=_("12345 order"),
    prefix="热线",
    initial="received",
    deadline=order_deadline,
    clock_starts="dispatch",
    max_extensions=1,
    max_reopen=1,
    states=(
        State("received", _("Received (受理)")),
        State("dispatched", _("To sign (待签收)"), deadline="1 个工作日"),
        State("handling", _("Being handled (办理中)")),
        State("answered", _("Answered, to review (待回访)")),
        State("closed", _("Closed (办结)"), terminal=True),
        State("merged", _("Merged (已合并)"), terminal=True),
    ),
    transitions=(
        Transition(
            "dispatch", _("Dispatch (派单)"), ("received",), "dispatched", OWNER, kind=Kind.ASSIGN
        ),
        Transition("sign", _("Sign (签收)"), ("dispatched",), "handling", HANDLER),
        Transition(
            "send_back",
            _("Dispute the dispatch (派单异议)"),
            ("dispatched",),
            "received",
            HANDLER,
            kind=Kind.SEND_BACK,
        ),
        Transition(
            "transfer",
            _("Transfer (转派)"),
            ("dispatched", "handling"),
            "dispatched",
            OWNER,
            kind=Kind.TRANSFER,
            restarts_clock=True,
        ),
        Transition(
            "extend", _("Ask for more time"), ("handling",), None, HANDLER, kind=Kind.EXTEND_REQUEST
        ),
        Transition(
            "approve_extension",
            _("Grant more time"),
            ("handling",),
            None,
            OWNER,
            kind=Kind.EXTEND_APPROVE,
        ),
        Transition(
            "refuse_extension",
            _("Refuse more time"),
            ("handling",),
            None,
            OWNER,
            kind=Kind.EXTEND_REFUSE,
        ),
        Transition(
            "answer", _("Answer (答复)"), ("handling",), "answered", HANDLER, kind=Kind.CLOSE
        ),
        Transition(
            "review",
            _("Follow-up call (回访)"),
            ("answered",),
            "closed",
            OWNER,
            kind=Kind.REVIEW,
            reopen_to="handling",
        ),
        Transition(
            "merge",
            _("Merge as a duplicate (合并)"),
            ("received", "dispatched"),
            "merged",
            OWNER,
            kind=Kind.STRIKE_OFF,
            fields=(Field("main", _("main order number"), clean=clean_main),),
        ),
    ),
    escalation=(
        Rung(1, _("Reminder"), before="1 个工作日", notify=("lead_unit",)),
        Rung(2, _("Supervision (督办)"), after="1 个工作日", notify=("lead_unit", "unit")),
        Rung(3, _("Public notice (通报)"), after="5 个工作日", notify=("lead_unit", "unit")),
    ),
)


def opinion_deadline(case) -> str:
    levels = config.get("opinion_levels")
    level = case.attrs.get("level", "")
    return levels[level][1] if level in levels else levels["general"][1]


OPINION_TYPE = CaseType(
    code=OPINION,
    label=_("Public-opinion item (舆情)"),
    prefix="舆情",
    initial="found",
    deadline=opinion_deadline,
    clock_starts="assign",
    max_extensions=0,
    max_reopen=0,
    states=(
        State("found", _("Found (发现)")),
        State("responding", _("Being dealt with (处置中)")),
        State("responded", _("Responded, to verify")),
        State("closed", _("Verified and closed (销号)"), terminal=True),
    ),
    transitions=(
        Transition("assign", _("Assign (交办)"), ("found",), "responding", OWNER, kind=Kind.ASSIGN),
        Transition(
            "respond", _("Respond (回应)"), ("responding",), "responded", HANDLER, kind=Kind.CLOSE
        ),
        Transition(
            "verify",
            _("Verify and close (核查销号)"),
            ("responded",),
            "closed",
            OWNER,
            kind=Kind.STRIKE_OFF,
        ),
    ),
    escalation=(
        Rung(1, _("Reminder"), before="1 小时", notify=("lead_unit",)),
        Rung(2, _("Supervision (督办)"), after="2 小时", notify=("lead_unit", "unit")),
        Rung(3, _("Public notice (通报)"), after="24 小时", notify=("lead_unit", "unit")),
    ),
)

registry.register(ORDER_TYPE)
registry.register(OPINION_TYPE)
