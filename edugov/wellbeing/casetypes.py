"""The module's two loops, declared on casework (docs/modules/casework.md):

- **危机预警** (``wb_crisis``): opened at once by a 红 sheet; a same-day response clock
  (``crisis_response``, default 8 hours), escalated to the district center from the start;
- **心理个案** (``wb_case``): opened by a 橙 sheet (or by a counselor); an interview within
  about a week (``case_interview``, default 168 hours).

Both: 待响应 ──响应/约谈──▶ 跟踪中 ──转介──▶ 已转介 ──回到跟踪──▶ 跟踪中 … ──结案──▶ 已结案;
上报区中心 and 转学移交 keep the state. Every move is the readers' (``readers.py``): the
assigned counselor, the school's lead counselor, the district center for escalated
cases; the types declare the same relation as their ``readers``, so casework's pages,
lists, API, statistics and notifications open these cases to nobody else. The notes of a
move are kept on the wellbeing page, encrypted: the casework moves carry no text.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from edugov.casework import registry
from edugov.casework.declarations import CaseType, Kind, Rung, State, Transition

from . import config
from .readers import readers

CARERS = readers("wellbeing_file")
OPEN = ("alert", "following", "referred")


def recipients(case):
    """Who is told of the case: its counselor, the school's lead counselor, and the
    district center's staff once it is escalated (each still filtered by the readers)."""
    from .models import CaseFile

    try:
        file = case.wellbeing_file
    except CaseFile.DoesNotExist:
        return []
    lead, center_staff = _school_people(file.school_id)
    users = [file.counselor, *([lead] if lead is not None else [])]
    if file.escalated:
        users.extend(center_staff)
    return users


def _school_people(school_id: int):
    """(lead counselor, the district center's staff) of a school, read once per request
    or ``acting`` block: a campaign's alerts ask for the same few schools many times."""
    from edugov.core import context
    from edugov.org.models import Unit

    from .models import Center, Staffing

    cache = context.current().cache
    key = ("wellbeing.school_people", school_id)
    if cache is not None and key in cache:
        return cache[key]
    staffing = Staffing.objects.filter(school_id=school_id).select_related("lead_counselor").first()
    parent = Unit.objects.filter(pk=school_id).values_list("parent_id", flat=True).first()
    center = Center.objects.filter(district_id=parent).first() if parent else None
    found = (
        staffing.lead_counselor if staffing is not None else None,
        list(center.staff.all()) if center is not None else [],
    )
    if cache is not None:
        cache[key] = found
    return found


def _declare(code: str, label, prefix: str, first_label, first_key: str, deadline_key: str):
    return CaseType(
        code=code,
        label=label,
        prefix=prefix,
        initial="alert",
        deadline=lambda case: config.get(deadline_key),
        readers=CARERS,
        recipients=recipients,
        states=(
            State("alert", first_label, deadline=config.get(first_key)),
            State("following", _("Being followed up")),
            State("referred", _("Referred to a hospital")),
            State("closed", _("Case closed"), terminal=True),
        ),
        transitions=(
            Transition("respond", _("Respond (interview)"), ("alert",), "following", CARERS),
            Transition(
                "refer", _("Refer to a hospital"), ("following", "referred"), "referred", CARERS
            ),
            Transition("follow", _("Back to follow-up"), ("referred",), "following", CARERS),
            Transition(
                "escalate", _("Escalate to the district center"), OPEN, None, CARERS, todo=False
            ),
            Transition(
                "transfer_school", _("Hand over to the new school"), OPEN, None, CARERS, todo=False
            ),
            Transition(
                "close",
                _("Close the case"),
                ("following", "referred"),
                "closed",
                CARERS,
                kind=Kind.CLOSE,
            ),
        ),
        escalation=(
            Rung(1, _("Reminder"), before="2 小时", notify=("lead_unit",)),
            Rung(2, _("Response overdue"), after="1 小时", notify=("lead_unit", "unit")),
        ),
    )


CRISIS = registry.register(
    _declare(
        "wb_crisis",
        _("Crisis alert (危机预警)"),
        "危机",
        _("Alert: respond today"),
        "crisis_response",
        "crisis_deadline",
    )
)
CASE = registry.register(
    _declare(
        "wb_case",
        _("Psychological case (心理个案)"),
        "个案",
        _("To interview"),
        "case_interview",
        "case_deadline",
    )
)
