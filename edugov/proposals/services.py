"""Writes of proposals: the list's rows (imported) and the case each new one opens.

The handling itself (交办, 面商, 答复, rating, 办结) is ``casework.services.case_move`` on
the proposal's case; nothing here repeats it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from edugov.audit.services import audit_record, diff, snapshot
from edugov.casework.services import case_move, case_open
from edugov.core.scoping import can
from edugov.org.models import Unit, UnitKind

from .models import CASE_TYPE, Proposal

SEPARATORS = "、,，;；/ \n"


def bureau_departments(unit: Unit) -> Any:
    """The departments (科室) of the bureau ``unit`` belongs to: a department's parent, or
    the city unit itself."""
    bureau = unit.parent if unit.kind == UnitKind.DEPARTMENT and unit.parent_id else unit
    return Unit.objects.filter(parent=bureau, kind=UnitKind.DEPARTMENT)


def split_names(text: str) -> list[str]:
    names, word = [], ""
    for ch in text or "":
        if ch in SEPARATORS:
            if word:
                names.append(word)
            word = ""
        else:
            word += ch
    if word:
        names.append(word)
    return names


def listed_co_units(proposal: Proposal) -> list[Unit]:
    names = split_names(proposal.listed_co)
    if not names:
        return []
    found = {u.name: u for u in bureau_departments(proposal.unit).filter(name__in=names)}
    return [found[n] for n in names if n in found]


def proposal_save(
    *, user: Any, proposal: Proposal, audit: bool = True, now: dt.datetime | None = None
) -> Proposal:
    """Save a proposal of the list; a new one opens its case and, when the list names
    its 主办 unit, is handed to it (交办) at once, with the 协办 units."""
    created = proposal.pk is None
    if not can(user, proposal, "add" if created else "change"):
        raise PermissionDenied(_("You cannot record proposals for this unit."))
    proposal.full_clean()
    before = {} if created else snapshot(Proposal.objects.get(pk=proposal.pk))
    with transaction.atomic():
        proposal.save()
        if created:
            case = case_open(
                user=user,
                case_type=CASE_TYPE[proposal.kind],
                title=f"{proposal.number} {proposal.title}",
                unit=proposal.unit,
                subject=proposal,
                subject_label=f"{proposal.year}年第{proposal.number}号 {proposal.proposer}",
                attrs={"category": proposal.category},
                now=now,
            )
            if proposal.listed_lead_id:
                case = case_move(
                    user=user,
                    case=case,
                    transition="assign",
                    lead_unit=proposal.listed_lead,
                    co_units=[
                        u for u in listed_co_units(proposal) if u.pk != proposal.listed_lead_id
                    ],
                    now=now,
                )
            proposal.case = case
            proposal.save(update_fields=["case"])
        if audit:
            audit_record(
                "create" if created else "update",
                obj=proposal,
                changes=diff(before, snapshot(proposal), Proposal.personal_fields),
            )
    return proposal
