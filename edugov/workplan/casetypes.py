"""督办单 as a casework case type: the work plan's supervision notices run on the one
closed-loop mechanism (issue 16 §3).

A unit holding the supervising power (``Unit.supervises``: data, so renaming the 督导室
changes nothing) issues a 督办单 on a lagging or overdue task (``services.notices``); the
task's owner or its lead unit answers with measures and a new completion date (办结: the
answer is what the notice asks for, so 按时办结率 here is the share answered by the
response date); the issuing unit verifies and strikes it off (销号). An unanswered notice
escalates: reminded as soon as its response date has passed, the bureau leadership a
week after it, the bureau's briefing two weeks after it.

The case: ``unit`` is the bureau whose series numbers it (a department issues in its
bureau's one 督办 series), ``supervising_unit`` the issuing unit, ``lead_unit`` the task's
lead unit, ``co_units`` its co-operating units (who read it), ``subject`` the task.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from edugov.casework import registry
from edugov.casework.declarations import (
    LEAD,
    SUPERVISOR,
    CaseType,
    Field,
    Kind,
    Rung,
    State,
    Transition,
)
from edugov.core.relations import Person

CODE = "duban"
# The task's owner answers too: Task.cases (a GenericRelation) lets the rule reach her.
OWNER_OF_TASK = Person("workplan_task__owner")


def number(case_type: CaseType, unit: Any, year: int, seq: int) -> str:
    """督办〔2023〕3号 in the city bureau's series; 东湖区教育体育局督办〔2023〕1号 in a
    district bureau's (the style the work plan used before casework)."""
    prefix = "督办" if unit is None or unit.parent_id is None else f"{unit.name}督办"
    return f"{prefix}〔{year}〕{seq}号"


def response_deadline(case: Any) -> str:
    """The issuer sets the response date: the deadline is the days from the opening to it
    (ending at 23:59:59 of that date, as every date deadline does)."""
    opened = timezone.localtime(case.opened_at).date()
    days = (dt.date.fromisoformat(case.attrs["response_due"]) - opened).days
    return f"{max(days, 0)} 个自然日"


DUBAN = registry.register(
    CaseType(
        code=CODE,
        label=_("Supervision notice (督办单)"),
        prefix="督办",
        number_format=number,
        initial="issued",
        deadline=response_deadline,
        max_extensions=0,
        max_reopen=0,
        states=(
            State("issued", _("Awaiting response")),
            State("responded", _("Responded")),
            State("closed", _("Closed (销号)"), terminal=True),
        ),
        transitions=(
            Transition(
                "respond",
                _("Respond"),
                ("issued",),
                "responded",
                OWNER_OF_TASK | LEAD,
                kind=Kind.CLOSE,
                fields=(Field("new_due_date", _("new completion date"), "date"),),
                notify=("supervising_unit",),
            ),
            Transition(
                "close",
                _("Close (销号)"),
                ("responded",),
                "closed",
                SUPERVISOR,
                kind=Kind.STRIKE_OFF,
            ),
        ),
        # Thresholds as before casework (1, 7 and 14 days past the response date): the
        # deadline ends at 23:59:59 of that date, so "a day late" is reached within the
        # hour after it, "a week late" 6 days after it.
        escalation=(
            Rung(1, _("Overdue: reminded"), after="1 小时", notify=("lead_unit",)),
            Rung(
                2,
                _("Escalated to the bureau leadership"),
                after="6 个自然日",
                notify=("lead_unit", "supervising_unit"),
            ),
            Rung(
                3,
                _("Named in the bureau's briefing"),
                after="13 个自然日",
                notify=("unit", "lead_unit", "supervising_unit"),
            ),
        ),
    )
)
