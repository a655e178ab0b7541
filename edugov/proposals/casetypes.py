"""The two case types: 人大代表建议 (``npc_suggestion``) and 政协委员提案
(``cppcc_proposal``), one loop declared once and registered under each code.

接收 (imported) → 交办 (主办 + 协办; the clock starts) → 面商 with the proposer, recorded
(date, way, people, content; more than one allowed) → 答复 with the result class (A/B/C;
C needs the reason) — 办结 in casework's sense: on time or late against the limit →
the proposer's 满意 / 基本满意 / 不满意 (不满意 sends it back to 办理 once, with the redo
limit) → 办结 (struck off). Beside the loop: 协办意见 from a 协办 unit, 退回 of a wrongly
assigned item by the 主办 unit, 延期 asked by the 主办 unit and decided by the owner.

Domain facts (DOMAIN-modules.md §8, provincial rules): answer within 3 months of 交办,
extendable (to 6 months: one extension); an answer found 不满意 is redone within 1 month.
Result classes vary by place: configuration (``EDUGOV_PROPOSALS_CLASSES``).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from edugov.casework import registry
from edugov.casework.declarations import (
    CO,
    LEAD,
    OWNER,
    CaseType,
    Field,
    Kind,
    Rung,
    State,
    Transition,
)

# Defaults; a deployment overrides them in settings (UNCONFIRMED locally: see the doc).
DEFAULT_CLASSES = (
    ("A", "已解决或采纳"),
    ("B", "正在解决或列入计划"),
    ("C", "因条件限制暂不能解决"),
)
DEFAULT_REASON_CLASSES = ("C",)
CONSULT_WAYS = (
    ("当面", "当面"),
    ("电话", "电话"),
    ("座谈", "座谈会"),
    ("调研", "实地调研"),
    ("书面", "书面"),
)


def result_classes() -> tuple[tuple[str, str], ...]:
    return tuple(getattr(settings, "EDUGOV_PROPOSALS_CLASSES", DEFAULT_CLASSES))


def reason_classes() -> tuple[str, ...]:
    return tuple(getattr(settings, "EDUGOV_PROPOSALS_REASON_CLASSES", DEFAULT_REASON_CLASSES))


def class_label(code: str) -> str:
    return dict(result_classes()).get(code, code)


def deadline(case: Any) -> str:
    """3 months from 交办; a 不满意 answer is redone within 1 month."""
    if case.reopened:
        return getattr(settings, "EDUGOV_PROPOSALS_REDO_DEADLINE", "1 个月")
    return getattr(settings, "EDUGOV_PROPOSALS_DEADLINE", "3 个月")


def check_reply(case: Any, data: dict[str, Any]) -> None:
    """Class C (the classes in EDUGOV_PROPOSALS_REASON_CLASSES) states why it cannot be
    solved now."""
    if data.get("classification") in reason_classes() and not data.get("limitation"):
        raise ValidationError(
            gettext("Result class %(cls)s needs the reason it cannot be solved now.")
            % {"cls": data["classification"]}
        )


def _declare(code: str, label: Any, prefix: str) -> CaseType:
    return CaseType(
        code=code,
        label=label,
        prefix=prefix,
        initial="received",
        deadline=deadline,
        clock_starts="assign",
        max_extensions=1,
        max_reopen=1,
        states=(
            State("received", _("Received")),
            State("handling", _("Being handled")),
            State("consulted", _("Consulted with the proposer")),
            State("replied", _("Answered")),
            State("rated", _("Rated by the proposer")),
            State("closed", _("Concluded"), terminal=True),
        ),
        transitions=(
            Transition(
                "assign", _("Assign (交办)"), ("received",), "handling", OWNER, kind=Kind.ASSIGN
            ),
            Transition(
                "send_back",
                _("Send back as wrongly assigned"),
                ("handling",),
                "received",
                LEAD,
                kind=Kind.SEND_BACK,
            ),
            Transition(
                "co_opinion",
                _("Co-operating unit's opinion"),
                ("handling", "consulted"),
                None,
                CO,
                fields=(Field("opinion", _("opinion"), "textarea"),),
            ),
            Transition(
                "consult",
                _("Consult the proposer (面商)"),
                ("handling", "consulted"),
                "consulted",
                LEAD,
                todo=True,
                fields=(
                    Field("consult_date", _("date of the consultation"), "date"),
                    Field("consult_way", _("way"), "choice", choices=CONSULT_WAYS),
                    Field("consult_people", _("people present")),
                    Field("consult_content", _("what was discussed"), "textarea"),
                ),
            ),
            Transition(
                "extend",
                _("Ask for more time"),
                ("handling", "consulted"),
                None,
                LEAD,
                kind=Kind.EXTEND_REQUEST,
            ),
            Transition(
                "approve_extension",
                _("Grant more time"),
                ("handling", "consulted"),
                None,
                OWNER,
                kind=Kind.EXTEND_APPROVE,
            ),
            Transition(
                "refuse_extension",
                _("Refuse more time"),
                ("handling", "consulted"),
                None,
                OWNER,
                kind=Kind.EXTEND_REFUSE,
            ),
            Transition(
                "reply",
                _("Answer (答复)"),
                ("consulted",),
                "replied",
                LEAD,
                kind=Kind.CLOSE,
                check=check_reply,
                fields=(
                    Field("classification", _("result class"), "choice", choices=result_classes()),
                    Field(
                        "limitation",
                        _("reason it cannot be solved now"),
                        "textarea",
                        required=False,
                    ),
                    Field("doc_number", _("document number (文号)")),
                    Field("contact", _("contact person")),
                    Field("phone", _("contact telephone")),
                ),
            ),
            Transition(
                "review",
                _("Record the proposer's rating"),
                ("replied",),
                "rated",
                OWNER,
                kind=Kind.REVIEW,
                reopen_to="handling",
            ),
            Transition(
                "finish", _("Conclude (办结)"), ("rated",), "closed", OWNER, kind=Kind.STRIKE_OFF
            ),
        ),
        escalation=(
            Rung(1, _("Reminder"), before="10 个工作日"),
            Rung(2, _("Overdue: supervised"), after="1 个工作日", notify=("lead_unit", "unit")),
        ),
    )


NPC = registry.register(_declare("npc_suggestion", _("NPC deputy's suggestion"), "人大建议"))
CPPCC = registry.register(_declare("cppcc_proposal", _("CPPCC member's proposal"), "政协提案"))
