"""The private-school loops on casework: approvals (审批), 年检 rectifications and risk
disposal (风险处置). Each has a deadline, so each is a case type, not a loop of its own.

- 审批: 受理 (the bureau registers the application with its documents) → 审查 → 批准 or
  不予批准, within the statutory time of the kind (``config``). A closure (终止) cannot be
  approved while any enrolled student has no recorded placement.
- 年检整改: 下达 → 签收 (the school) → 整改 → 报告 (evidence) → 复查 → 销号.
- 风险处置: opened when a school's tier changes to 橙 or 红 → 决定措施 (约谈, 限期整改,
  暂停招生 …) → the school reports → 核查销号.
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

APPROVAL = "private_approval"
RECTIFY = "private_rectify"
DISPOSAL = "private_disposal"
# The school (主办), or the bureau above it acting for it.
SCHOOL = Within("lead_unit")


def approval_deadline(case) -> str:
    kinds = config.approval_kinds()
    return kinds.get((case.attrs or {}).get("kind", ""), kinds["establish"])["deadline"]


def unplaced_students(school) -> tuple[int, int]:
    """(enrolled, placed) for a closing school: its enrolment and the placed students."""
    from django.db.models import Sum

    from .models import Placement

    placed = Placement.objects.filter(file__school=school).aggregate(n=Sum("students"))["n"] or 0
    return school.enrolment, placed


def check_approval(case, data) -> None:
    """A closure is approved only once every enrolled student's placement is recorded."""
    if (case.attrs or {}).get("kind") != "closure" or case.school is None:
        return
    enrolled, placed = unplaced_students(case.school)
    if placed < enrolled:
        raise ValidationError(
            gettext(
                "The closure cannot be approved: %(n)s of the %(total)s enrolled students "
                "have no recorded placement."
            )
            % {"n": enrolled - placed, "total": enrolled}
        )


APPROVAL_TYPE = registry.register(
    CaseType(
        code=APPROVAL,
        label=_("Private school approval (审批)"),
        prefix="民审",
        initial="received",
        deadline=approval_deadline,
        max_extensions=0,
        max_reopen=0,
        states=(
            State("received", _("Received (受理)")),
            State("reviewing", _("Under review (审查)")),
            State("approved", _("Approved"), terminal=True),
            State("refused", _("Refused"), terminal=True),
        ),
        transitions=(
            Transition("review", _("Start the review"), ("received",), "reviewing", OWNER),
            Transition(
                "approve",
                _("Approve"),
                ("reviewing",),
                "approved",
                OWNER,
                kind=Kind.CLOSE,
                check=check_approval,
            ),
            Transition("refuse", _("Refuse"), ("reviewing",), "refused", OWNER, kind=Kind.CLOSE),
        ),
        escalation=(
            Rung(1, _("Reminder"), before="5 个工作日", notify=("unit",)),
            Rung(2, _("Overdue"), after="1 个工作日", notify=("unit",)),
        ),
    )
)


def rectify_deadline(case) -> str:
    return (case.attrs or {}).get("deadline") or config.get("rectify_deadline")


RECTIFY_TYPE = registry.register(
    CaseType(
        code=RECTIFY,
        label=_("Annual inspection rectification (年检整改)"),
        prefix="年检改",
        initial="issued",
        deadline=rectify_deadline,
        max_extensions=1,
        max_reopen=0,
        states=(
            State("issued", _("Issued, to sign"), deadline="2 个工作日"),
            State("rectifying", _("Being rectified")),
            State("reported", _("Reported, to re-check")),
            State("closed", _("Struck off"), terminal=True),
        ),
        transitions=(
            Transition("sign", _("Sign the notice"), ("issued",), "rectifying", SCHOOL),
            Transition(
                "extend",
                _("Ask for more time"),
                ("rectifying",),
                None,
                SCHOOL,
                kind=Kind.EXTEND_REQUEST,
            ),
            Transition(
                "approve_extension",
                _("Grant more time"),
                ("rectifying",),
                None,
                OWNER,
                kind=Kind.EXTEND_APPROVE,
            ),
            Transition(
                "report",
                _("Report the rectification"),
                ("rectifying",),
                "reported",
                SCHOOL,
                kind=Kind.CLOSE,
                evidence=1,
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
                _("Re-check and strike off (销号)"),
                ("reported",),
                "closed",
                OWNER,
                kind=Kind.STRIKE_OFF,
            ),
        ),
        escalation=(
            Rung(1, _("Reminder"), before="5 个工作日", notify=("lead_unit",)),
            Rung(2, _("约谈"), after="5 个工作日", notify=("lead_unit", "unit")),
        ),
    )
)


def _measure_choices():
    return tuple((m, m) for m in config.get("measures"))


DISPOSAL_TYPE = registry.register(
    CaseType(
        code=DISPOSAL,
        label=_("Risk disposal (风险处置)"),
        prefix="民险",
        initial="opened",
        deadline=lambda case: config.get("disposal_deadline"),
        max_extensions=1,
        max_reopen=0,
        states=(
            State("opened", _("Measures to decide"), deadline="10 个工作日"),
            State("acting", _("School acting on the measures")),
            State("reported", _("Reported, to check")),
            State("closed", _("Struck off"), terminal=True),
        ),
        transitions=(
            Transition(
                "decide",
                _("Decide the measures"),
                ("opened",),
                "acting",
                OWNER,
                fields=(Field("measure", _("measure"), "choice", choices=_measure_choices()),),
            ),
            Transition(
                "report",
                _("Report what was done"),
                ("acting",),
                "reported",
                SCHOOL,
                kind=Kind.CLOSE,
            ),
            Transition(
                "check_fail",
                _("Check: not enough"),
                ("reported",),
                "acting",
                OWNER,
                kind=Kind.SEND_BACK,
            ),
            Transition(
                "strike_off",
                _("Check and strike off (销号)"),
                ("reported",),
                "closed",
                OWNER,
                kind=Kind.STRIKE_OFF,
            ),
        ),
        escalation=(
            Rung(1, _("Reminder"), before="3 个工作日", notify=("lead_unit", "unit")),
            Rung(2, _("约谈"), after="5 个工作日", notify=("lead_unit", "unit")),
        ),
    )
)
