"""The delay loop of the project ledger: a milestone late by more than the configured
days (``config.late_days``) opens a ``project_delay`` case, 主办 the project's unit, 督办
the district above it. The unit reports its catch-up measures (整改措施); the district
checks them and strikes the case off, or sends it back.

Deadlines have no national rule (the bureau's monthly 调度): configuration,
``EDUGOV_PROJECTS_DELAY_DEADLINE``, 15 working days by default.
"""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from edugov.casework import registry
from edugov.casework.declarations import LEAD, CaseType, Kind, Rung, State, Transition
from edugov.core.relations import Within

CODE = "project_delay"

CHECKER = Within("supervising_unit")

DELAY = registry.register(
    CaseType(
        code=CODE,
        label=_("Project milestone delay (项目进度滞后)"),
        prefix="项目滞后",
        initial="catching_up",
        deadline=getattr(settings, "EDUGOV_PROJECTS_DELAY_DEADLINE", "15 个工作日"),
        clock_starts="",
        max_extensions=1,
        max_reopen=0,
        states=(
            State("catching_up", _("Catching up")),
            State("reported", _("Measures reported, to check")),
            State("closed", _("Struck off"), terminal=True),
        ),
        transitions=(
            Transition(
                "extend",
                _("Ask for more time"),
                ("catching_up",),
                None,
                LEAD | CHECKER,
                kind=Kind.EXTEND_REQUEST,
            ),
            Transition(
                "approve_extension",
                _("Grant more time"),
                ("catching_up",),
                None,
                CHECKER,
                kind=Kind.EXTEND_APPROVE,
            ),
            Transition(
                "refuse_extension",
                _("Refuse more time"),
                ("catching_up",),
                None,
                CHECKER,
                kind=Kind.EXTEND_REFUSE,
            ),
            Transition(
                "report",
                _("Report the catch-up measures"),
                ("catching_up",),
                "reported",
                LEAD | CHECKER,
                kind=Kind.CLOSE,
            ),
            Transition(
                "send_back",
                _("Send back: not enough"),
                ("reported",),
                "catching_up",
                CHECKER,
                kind=Kind.SEND_BACK,
            ),
            Transition(
                "strike_off",
                _("Strike off (销号)"),
                ("reported",),
                "closed",
                CHECKER,
                kind=Kind.STRIKE_OFF,
            ),
        ),
        escalation=(
            Rung(1, _("Reminder"), before="2 个工作日", notify=("lead_unit",)),
            Rung(2, _("约谈"), after="5 个工作日", notify=("lead_unit", "supervising_unit")),
        ),
    )
)


# An asset's disposal (报废、出售、报损) needs the approval of the unit above the school
# (the district); the school asks, the district approves or refuses. Its time limit has
# no national rule: 20 working days by default (``EDUGOV_PROJECTS_DISPOSAL_DEADLINE``).
DISPOSAL_CODE = "asset_disposal"

DISPOSAL = registry.register(
    CaseType(
        code=DISPOSAL_CODE,
        label=_("Asset disposal (资产处置)"),
        prefix="资产处置",
        initial="requested",
        deadline=getattr(settings, "EDUGOV_PROJECTS_DISPOSAL_DEADLINE", "20 个工作日"),
        clock_starts="",
        max_extensions=0,
        max_reopen=0,
        states=(
            State("requested", _("Requested, to approve")),
            State("approved", _("Approved"), terminal=True),
            State("refused", _("Refused"), terminal=True),
        ),
        transitions=(
            Transition(
                "approve",
                _("Approve the disposal"),
                ("requested",),
                "approved",
                CHECKER,
                kind=Kind.STRIKE_OFF,
            ),
            Transition(
                "refuse",
                _("Refuse the disposal"),
                ("requested",),
                "refused",
                CHECKER,
                kind=Kind.STRIKE_OFF,
            ),
        ),
        escalation=(Rung(1, _("Reminder"), before="2 个工作日", notify=("supervising_unit",)),),
    )
)
