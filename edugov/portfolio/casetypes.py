"""公示异议: an objection to a portfolio record raised during its public notice, answered by
the school on casework's working-day deadline. The school upholds it (the record is
withdrawn to a draft, to be corrected and put on notice again) or dismisses it with its
reasons (the close's outcome, shown to whoever relayed it); while one is open the record cannot be signed off (``services``)."""

from django.utils.translation import gettext_lazy as _

from edugov.casework import registry
from edugov.casework.declarations import LEAD, CaseType, Kind, State, Transition

from . import config

CODE = "portfolio_objection"


def objection_deadline(case) -> str:
    return f"{int(config.get('objection_workdays'))} 个工作日"


OBJECTION = registry.register(
    CaseType(
        code=CODE,
        label=_("Portfolio objection (公示异议)"),
        prefix="异议",
        initial="open",
        deadline=objection_deadline,
        max_extensions=0,
        max_reopen=0,
        states=(
            State("open", _("Being reviewed by the school")),
            State("upheld", _("Upheld: the record is corrected"), terminal=True),
            State("dismissed", _("Dismissed"), terminal=True),
        ),
        transitions=(
            Transition(
                "uphold",
                _("Uphold"),
                ("open",),
                "upheld",
                LEAD,
                kind=Kind.CLOSE,
            ),
            Transition(
                "dismiss",
                _("Dismiss"),
                ("open",),
                "dismissed",
                LEAD,
                kind=Kind.CLOSE,
            ),
        ),
    )
)
