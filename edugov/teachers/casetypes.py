"""师德 cases: a violation is investigated and decided by the district over the school
(the school reports what happened), then struck off. The one-vote veto (一票否决) is the
case's ``attrs["veto"]`` and the ``EthicsRecord.veto`` flag the registry's services read
(no title promotion, no award that year)."""

from django.utils.translation import gettext_lazy as _

from edugov.casework import registry
from edugov.casework.declarations import LEAD, CaseType, Kind, State, Transition
from edugov.core.relations import Within

CODE = "teacher_ethics"
# The district (or the city) over the school; never the school itself.
CHECKER = Within("supervising_unit")

ETHICS = registry.register(
    CaseType(
        code=CODE,
        label=_("Professional ethics case (师德)"),
        prefix="师德",
        initial="investigating",
        deadline="30 个工作日",
        states=(
            State("investigating", _("Being investigated")),
            State("reported", _("School's report in")),
            State("decided", _("Handling decided")),
            State("closed", _("Struck off"), terminal=True),
        ),
        transitions=(
            Transition(
                "report",
                _("Report the facts"),
                ("investigating",),
                "reported",
                LEAD,
                kind=Kind.CLOSE,
            ),
            Transition(
                "send_back",
                _("Send back"),
                ("reported",),
                "investigating",
                CHECKER,
                kind=Kind.SEND_BACK,
            ),
            Transition("decide", _("Decide the handling"), ("reported",), "decided", CHECKER),
            Transition(
                "strike_off",
                _("Strike off (销号)"),
                ("decided",),
                "closed",
                CHECKER,
                kind=Kind.STRIKE_OFF,
            ),
        ),
    )
)
