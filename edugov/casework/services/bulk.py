"""Loading past cases in bulk: a demo's year of orders, or a migration of an old system's
records — cases whose moves were made elsewhere and are recorded here as history.

``cases_bulk_load`` replays each case's moves through the same declaration checks and
effects as ``case_move`` (``check_state``, ``clean_data``, ``_apply``): the states,
deadlines, 办结 figures, 不满意 reopening and the escalation schedule come out exactly as
if the moves had been made one by one. What it does not do, and why:

- it does not ask, per move, whether the named actor may make it (``can``): the moves
  are history, not requests; the loader must be allowed to open cases for every owning
  unit (``can(user, case, "add")``, asked once per unit), and the parties named by an
  assignment must lie in the loader's scope (one query for all of them);
- no notifications (nobody is to be told of a move made last year), no evidence files,
  no 协办 units (the parties' many-to-many is left for ``case_move``);
- one audit event for the load (``casework.bulk_load``: type, count, numbers), not one
  per case and move.

Numbers are taken in blocks from the same counters as ``case_open`` (locked), so a load
and live openings share one gapless series. A few statements per thousand cases.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from edugov.audit.services import audit_record
from edugov.core.io.bulk import bulk_insert, bulk_update_rows, rows_preparer
from edugov.core.scoping import can
from edugov.org.models import Unit

from ..calendar import current_calendar
from ..deadlines import due, schedule
from ..models import Case, CaseCounter, CaseTransition, EntryKind
from .cases import case_type_for, number_for
from .moves import _apply, _jsonable, check_state, clean_data


@dataclass
class PastMove:
    """One move made at ``at`` by ``actor`` with the move's fields in ``data``."""

    move: str
    at: dt.datetime
    actor: Any
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class PastCase:
    """A case opened at ``opened_at`` by ``opened_by`` for ``unit``, and its moves."""

    title: str
    unit: Unit
    opened_at: dt.datetime
    opened_by: Any
    moves: list[PastMove] = field(default_factory=list)
    description: str = ""
    school: Unit | None = None
    lead_unit: Unit | None = None
    supervising_unit: Unit | None = None
    subject_label: str = ""
    attrs: dict[str, Any] = field(default_factory=dict)


def _reserve(case_type: str, wanted: dict[tuple[int, int], int]) -> dict[tuple[int, int], int]:
    """The first of ``count`` consecutive numbers of each (year, unit) series in
    ``wanted`` ({(year, unit pk): count}), their counters locked until the transaction
    ends. Four statements whatever the number of series: a load of a year of school
    self-checks numbers ~1,500 series (one per school), and a get-lock-save per series
    took 64 s of a 124 s demo load under this machine's load."""
    CaseCounter.objects.bulk_create(
        [CaseCounter(case_type=case_type, year=y, unit_id=u) for y, u in wanted],
        ignore_conflicts=True,
    )
    counters = {
        (c.year, c.unit_id): c
        for c in CaseCounter.objects.select_for_update()
        .filter(
            case_type=case_type,
            year__in={y for y, _u in wanted},
            unit_id__in={u for _y, u in wanted},
        )
        .order_by("pk")  # one lock order for every loader: no deadlock between two
    }
    first = {}
    for key, count in wanted.items():
        first[key] = counters[key].last + 1
        counters[key].last += count
    bulk_update_rows(CaseCounter, ["last"], [((counters[k].last,), counters[k].pk) for k in wanted])
    return first


def cases_bulk_load(
    *, user: Any, case_type: str, cases: Sequence[PastCase], batch_size: int = 1000
) -> list[Case]:
    """Save ``cases`` of ``case_type`` with their moves replayed (see the module's note).
    All or nothing: a case whose move its state or fields refuse stops the load with the
    case's title and the reason."""
    ct = case_type_for(case_type)
    calendar = current_calendar()
    probes: dict[int, bool] = {}
    built: list[tuple[Case, list[CaseTransition]]] = []
    parties: set[int] = set()
    for past in cases:
        case = Case(
            case_type=ct.code,
            unit=past.unit,
            title=past.title[:200],
            description=past.description,
            state=ct.initial,
            lead_unit=past.lead_unit,
            supervising_unit=past.supervising_unit,
            school=past.school,
            opened_by=past.opened_by,
            opened_at=past.opened_at,
            state_entered_at=past.opened_at,
            attrs=dict(past.attrs),
            year=past.opened_at.year,
            seq=0,
            number="",
            subject_label=past.subject_label[:200],
        )
        if past.unit.pk not in probes:
            probes[past.unit.pk] = can(user, case, "add")
        if not probes[past.unit.pk]:
            raise PermissionDenied(
                _("You cannot open cases for %(unit)s.") % {"unit": past.unit.name}
            )
        case.state_due_at = due(ct.state(ct.initial).deadline, past.opened_at, calendar)
        if not ct.clock_starts:
            case.clock_started_at = past.opened_at
            case.due_at = due(ct.deadline_rule(case), past.opened_at, calendar)
        schedule(case, ct, calendar)
        steps = [
            CaseTransition(
                kind=EntryKind.OPEN,
                to_state=case.state,
                actor=past.opened_by,
                actor_unit=past.opened_by.unit,
                at=past.opened_at,
            )
        ]
        for pm in past.moves:
            if not ct.has_transition(pm.move):
                raise ValidationError(
                    _("A %(type)s has no step %(move)s.") % {"type": ct.label, "move": pm.move}
                )
            move = ct.transition(pm.move)
            try:
                check_state(case, ct, move)
                cleaned = clean_data(move, dict(pm.data), case)
                if cleaned.get("co_units"):
                    raise ValidationError(_("A bulk load records no co-operating units."))
                before = case.state
                _apply(
                    case,
                    ct,
                    move,
                    cleaned,
                    user=pm.actor,
                    now=pm.at,
                    persist=False,
                    calendar=calendar,
                )
            except ValidationError as exc:
                raise ValidationError(f"{past.title}：{'；'.join(exc.messages)}") from None
            for name in ("lead_unit", "supervising_unit"):
                if isinstance(cleaned.get(name), Unit):
                    parties.add(cleaned[name].pk)
            steps.append(
                CaseTransition(
                    kind=EntryKind.MOVE,
                    move=move.name,
                    label=str(move.label),
                    from_state=before,
                    to_state=case.state,
                    actor=pm.actor,
                    actor_unit=pm.actor.unit,
                    reason=cleaned.get("reason", "") or cleaned.get("outcome", ""),
                    data={k: _jsonable(v) for k, v in cleaned.items() if k != "reason"},
                    at=pm.at,
                )
            )
        for unit in (past.lead_unit, past.supervising_unit):
            if unit is not None:
                parties.add(unit.pk)
        built.append((case, steps))
    if parties:
        # The parties' rule of case_open / 交办, for all of them at once: in the loader's
        # scope (a 督办 unit also holds the supervising power, checked on the flag).
        visible = set(
            Unit.objects.visible_to(user, "view")
            .filter(pk__in=parties)
            .values_list("pk", flat=True)
        )
        outside = Unit.objects.filter(pk__in=parties - visible).values_list("name", flat=True)
        names = list(outside[:3])
        if names:
            raise ValidationError(
                _("The unit %(unit)s is outside your scope and cannot be given this case.")
                % {"unit": "、".join(names)}
            )
    groups: dict[tuple[int, int], list[Case]] = defaultdict(list)
    for case, _steps in built:
        groups[(case.year, case.unit_id)].append(case)
    with transaction.atomic():
        firsts = _reserve(ct.code, {key: len(members) for key, members in groups.items()})
        for (year, unit_pk), members in groups.items():
            first = firsts[(year, unit_pk)]
            for offset, case in enumerate(sorted(members, key=lambda c: c.opened_at)):
                case.seq = first + offset
                case.number = number_for(ct, year, case.seq)
        cases_out = Case.objects.bulk_create([c for c, _s in built], batch_size=batch_size)
        rows = []
        for case, steps in built:
            for step in steps:
                step.case = case
                rows.append(step)
        # The timeline's rows need no pk back: the importer's fast path (COPY on
        # PostgreSQL), prepared as the ORM's save would prepare them.
        fields = [f for f in CaseTransition._meta.concrete_fields if not f.primary_key]
        prepare = rows_preparer(fields, add=True)
        for start in range(0, len(rows), batch_size):
            bulk_insert(
                CaseTransition, [f.name for f in fields], prepare(rows[start : start + batch_size])
            )
        audit_record(
            "casework.bulk_load",
            object_type="casework.case",
            object_repr=str(ct.label),
            changes={"type": ct.code, "cases": len(cases_out), "moves": len(rows) - len(cases_out)},
        )
    return cases_out
