"""Document review of an enrolment application as a casework loop: the school reviews
within its limit; "ask for more" hands the application back to the parent with a reason
and a limit of their own; the parent's addition returns it to the school. Opened by the
parent (``public_opener``), owned and led by the school applied to."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from edugov.casework import registry
from edugov.casework.declarations import LEAD, CaseType, Kind, State, Transition
from edugov.core.relations import Person

from . import config

REVIEW = "enrolment_review"
PARENT = Person("opened_by")

REVIEW_TYPE = registry.register(
    CaseType(
        code=REVIEW,
        label=_("Enrolment document review"),
        prefix="入学",
        initial="submitted",
        public_opener=("enrolment.Application", "own"),
        states=(
            State("submitted", _("Being reviewed"), deadline=config.get("review_deadline")),
            State(
                "more_requested",
                _("Waiting for the parent's documents"),
                deadline=config.get("supplement_deadline"),
            ),
            State("approved", _("Approved"), terminal=True),
            State("refused", _("Refused"), terminal=True),
        ),
        transitions=(
            Transition(
                "ask_more",
                _("Ask for more documents"),
                ("submitted",),
                "more_requested",
                LEAD,
                kind=Kind.SEND_BACK,
                notify=(),
            ),
            Transition(
                "supplement",
                _("Add the documents asked for"),
                ("more_requested",),
                "submitted",
                PARENT,
                permission="enrolment.apply_application",
                notify=("lead_unit",),
            ),
            Transition(
                "approve",
                _("Approve the documents"),
                ("submitted",),
                "approved",
                LEAD,
                kind=Kind.CLOSE,
                notify=(),
            ),
            Transition(
                "refuse",
                _("Refuse the application"),
                ("submitted",),
                "refused",
                LEAD,
                kind=Kind.CLOSE,
                notify=(),
            ),
        ),
    )
)
