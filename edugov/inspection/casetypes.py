"""The rectification loop of 督导: 下达整改 → 整改 (the school) → 复查 (the bureau that
issued it) → 销号, on casework's working-day deadlines and escalation ladder.

A visit's finding or a campaign's result opens the case (``services``); the owning unit
is the bureau whose officer opened it, the 主办 unit the school (or the evaluated county).
The deadline is the one written into the 整改通知书 (``attrs["deadline"]``), else
``EDUGOV_INSPECTION_RECTIFY_DEADLINE``; the national rules fix none (UNCONFIRMED), so it
is configuration with the default of 20 working days.
"""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from edugov.casework import registry
from edugov.casework.declarations import (
    LEAD,
    OWNER,
    CaseType,
    Kind,
    Rung,
    State,
    Transition,
)

CODE = "inspection_rectify"


def rectify_deadline(case) -> str:
    return (case.attrs or {}).get("deadline") or getattr(
        settings, "EDUGOV_INSPECTION_RECTIFY_DEADLINE", "20 个工作日"
    )


RECTIFY = registry.register(
    CaseType(
        code=CODE,
        label=_("Rectification (督导整改)"),
        prefix="督改",
        initial="issued",
        deadline=rectify_deadline,
        clock_starts="",
        max_extensions=1,
        max_reopen=0,
        states=(
            State("issued", _("Issued, to sign"), deadline="2 个工作日"),
            State("rectifying", _("Being rectified")),
            State("reported", _("Reported, to re-check")),
            State("rechecked", _("Re-checked")),
            State("closed", _("Struck off"), terminal=True),
        ),
        transitions=(
            Transition("sign", _("Sign the notice"), ("issued",), "rectifying", LEAD),
            Transition(
                "extend",
                _("Ask for more time"),
                ("rectifying",),
                None,
                LEAD,
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
                "refuse_extension",
                _("Refuse more time"),
                ("rectifying",),
                None,
                OWNER,
                kind=Kind.EXTEND_REFUSE,
            ),
            Transition(
                "report",
                _("Report the rectification"),
                ("rectifying",),
                "reported",
                LEAD,
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
                "recheck", _("Re-check: rectified (复查)"), ("reported",), "rechecked", OWNER
            ),
            Transition(
                "strike_off",
                _("Strike off (销号)"),
                ("rechecked",),
                "closed",
                OWNER,
                kind=Kind.STRIKE_OFF,
            ),
        ),
        escalation=(
            Rung(1, _("Reminder"), before="2 个工作日", notify=("lead_unit",)),
            Rung(2, _("约谈"), after="3 个工作日", notify=("lead_unit", "unit")),
            Rung(3, _("督导通报"), after="10 个工作日", notify=("lead_unit", "unit")),
        ),
    )
)
