"""The hazard loop of 平安校园: 整改 (the school) → 复查 (the district) → 销号, on
casework's working-day deadlines and escalation ladder (排查 → 台账 → 整改 → 复查 → 销号).

A failed checklist item opens the case (``services.inspection_submit``). The owning unit
is the unit of whoever found it (the school in a self-check, the district in a spot
check), the 主办 unit the school, the 督办 unit the district above it.

The deadline follows the hazard's level (``attrs["level"]``). The national rules fix
none (DOMAIN-modules §4: UNCONFIRMED), so they are configuration,
``EDUGOV_SAFETY_HAZARD_DEADLINES``, with these defaults: 一般 5, 较大 10 and 重大 20
working days (a 重大 hazard is also 挂牌督办: the district and the city are told the
same day).
"""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from edugov.casework import registry
from edugov.casework.declarations import LEAD, CaseType, Field, Kind, Rung, State, Transition
from edugov.core.relations import Within

CODE = "safety_hazard"

DEFAULT_DEADLINES = {
    "general": "5 个工作日",
    "serious": "10 个工作日",
    "major": "20 个工作日",
}
# The district's re-check, once the school reports the fix: configuration as well.
DEFAULT_RECHECK = "5 个工作日"


def deadlines() -> dict[str, str]:
    return {**DEFAULT_DEADLINES, **getattr(settings, "EDUGOV_SAFETY_HAZARD_DEADLINES", {})}


def hazard_deadline(case) -> str:
    level = (case.attrs or {}).get("level", "general")
    return deadlines().get(level, DEFAULT_DEADLINES["general"])


# The district (or the city) over the school; never the school itself.
CHECKER = Within("supervising_unit")

HAZARD = registry.register(
    CaseType(
        code=CODE,
        label=_("Safety hazard (安全隐患)"),
        prefix="隐患",
        initial="rectifying",
        deadline=hazard_deadline,
        clock_starts="",
        max_extensions=1,
        max_reopen=0,
        states=(
            State("rectifying", _("Being rectified")),
            State(
                "reported",
                _("Rectified, to re-check"),
                deadline=getattr(settings, "EDUGOV_SAFETY_RECHECK_DEADLINE", DEFAULT_RECHECK),
            ),
            State("rechecked", _("Re-checked, to strike off")),
            State("closed", _("Struck off"), terminal=True),
        ),
        transitions=(
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
                CHECKER,
                kind=Kind.EXTEND_APPROVE,
            ),
            Transition(
                "refuse_extension",
                _("Refuse more time"),
                ("rectifying",),
                None,
                CHECKER,
                kind=Kind.EXTEND_REFUSE,
            ),
            Transition(
                "report",
                _("Report the rectification"),
                ("rectifying",),
                "reported",
                LEAD,
                kind=Kind.CLOSE,
                evidence=1,  # the photo after the fix
                fields=(Field("cost", _("funds spent (元)"), "int", required=False),),
            ),
            Transition(
                "recheck_fail",
                _("Re-check: not rectified"),
                ("reported",),
                "rectifying",
                CHECKER,
                kind=Kind.SEND_BACK,
            ),
            Transition(
                "recheck", _("Re-check: rectified (复查)"), ("reported",), "rechecked", CHECKER
            ),
            Transition(
                "strike_off",
                _("Strike off (销号)"),
                ("rechecked",),
                "closed",
                CHECKER,
                kind=Kind.STRIKE_OFF,
            ),
        ),
        escalation=(
            Rung(1, _("Reminder"), before="1 个工作日", notify=("lead_unit",)),
            Rung(2, _("约谈"), after="3 个工作日", notify=("lead_unit", "supervising_unit")),
            Rung(3, _("通报"), after="10 个工作日", notify=("unit", "supervising_unit")),
        ),
    )
)


# --- food incidents ----------------------------------------------------------------------

FOOD_CODE = "safety_food_incident"
# The school's handling report is due within this (configuration, like the hazards': the
# 2019 rules ask for an immediate report and say nothing of the follow-up's length).
DEFAULT_FOOD_DEADLINE = "3 个工作日"

FOOD_INCIDENT = registry.register(
    CaseType(
        code=FOOD_CODE,
        label=_("Food-safety incident (食品安全事件)"),
        prefix="食安",
        initial="handling",
        deadline=getattr(settings, "EDUGOV_SAFETY_FOOD_INCIDENT_DEADLINE", DEFAULT_FOOD_DEADLINE),
        clock_starts="",
        max_extensions=1,
        max_reopen=0,
        states=(
            State("handling", _("Being handled")),
            State(
                "reported",
                _("Handled, to review"),
                deadline=getattr(settings, "EDUGOV_SAFETY_RECHECK_DEADLINE", DEFAULT_RECHECK),
            ),
            State("closed", _("Settled and closed"), terminal=True),
        ),
        transitions=(
            Transition(
                "extend",
                _("Ask for more time"),
                ("handling",),
                None,
                LEAD,
                kind=Kind.EXTEND_REQUEST,
            ),
            Transition(
                "approve_extension",
                _("Grant more time"),
                ("handling",),
                None,
                CHECKER,
                kind=Kind.EXTEND_APPROVE,
            ),
            Transition(
                "refuse_extension",
                _("Refuse more time"),
                ("handling",),
                None,
                CHECKER,
                kind=Kind.EXTEND_REFUSE,
            ),
            Transition(
                "report",
                _("Report the handling"),
                ("handling",),
                "reported",
                LEAD,
                kind=Kind.CLOSE,
            ),
            Transition(
                "review_fail",
                _("Review: not settled"),
                ("reported",),
                "handling",
                CHECKER,
                kind=Kind.SEND_BACK,
            ),
            Transition("close", _("Review: settled, close"), ("reported",), "closed", CHECKER),
        ),
        escalation=(
            Rung(1, _("Reminder"), before="1 个工作日", notify=("lead_unit",)),
            Rung(2, _("约谈"), after="3 个工作日", notify=("lead_unit", "supervising_unit")),
        ),
    )
)
