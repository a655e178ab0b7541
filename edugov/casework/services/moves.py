"""``case_move``: every move of every case type, checked against its declaration.

In order, each refused with a Chinese message and nothing changed:

1. the type has the move, and the case is in one of its source states;
2. the move kind's own condition (a pending extension request to decide; room under the
   type's cap for another extension or a 二次办理);
3. the actor may make it: ``can(user, case, "<type>:<move>")``, the declared permission
   and relation (the unit whose move it is), answered by ``core.scoping``;
4. the fields the kind and the declaration require, and the evidence files.

Then, in one transaction with the case row locked: the kind's effect, the new state and
its deadlines, the timeline row, the evidence, the audit event and the notifications.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from edugov.audit.services import audit_record
from edugov.core import clock
from edugov.core.scoping import can
from edugov.org.models import Unit

from ..calendar import current_calendar
from ..deadlines import due, schedule
from ..declarations import CaseType, Field, Kind, Transition
from ..models import Case, CaseTransition, EntryKind, Satisfaction
from ..notify import notify
from .cases import check_parties, discard, store_evidence

# Labels of the kinds' own fields, for the messages naming a missing one.
FIELD_LABELS = {
    "lead_unit": gettext_lazy("lead unit (主办)"),
    "co_units": gettext_lazy("co-operating units (协办)"),
    "supervising_unit": gettext_lazy("supervising unit (督办)"),
    "until": gettext_lazy("extend until"),
    "reason": pgettext_lazy("case", "note"),
    "outcome": pgettext_lazy("case", "outcome"),
    "satisfaction": gettext_lazy("satisfaction"),
}


def field_label(name: str, move: Transition) -> str:
    for f in move.fields:
        if f.name == name:
            return str(f.label)
    return str(FIELD_LABELS.get(name, name))


def _present(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, list | tuple | set):
        return bool(value)
    return True


def _clean_declared(f: Field, value: Any) -> Any:
    """A declared field's value as JSON can hold it, or a ValidationError naming it."""
    if f.kind in ("text", "textarea"):
        return str(value).strip()
    if f.kind == "int":
        try:
            return int(value)
        except (TypeError, ValueError):
            raise ValidationError(_("%(field)s must be a whole number.") % {"field": f.label})
    if f.kind == "date":
        if isinstance(value, dt.date):
            return value.isoformat()
        try:
            return dt.date.fromisoformat(str(value)).isoformat()
        except ValueError:
            raise ValidationError(_("%(field)s must be a date.") % {"field": f.label})
    if f.kind == "choice":
        if str(value) not in {str(code) for code, _label in f.choices}:
            raise ValidationError(_("%(field)s: choose one of the options.") % {"field": f.label})
        return str(value)
    return value


def clean_data(move: Transition, data: dict[str, Any], case: Case | None = None) -> dict[str, Any]:
    """The move's fields: none unknown, every required one present, each of its type,
    and each declared field's own check (``Field.clean``) on ``case``."""
    # A form's many-to-many choice is a queryset: as a list, an empty one is "not given".
    data = {k: list(v) if isinstance(v, QuerySet) else v for k, v in data.items()}
    known = {name for name, _req in move.field_names()}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ValidationError(
            _("The move %(move)s takes no field %(fields)s.")
            % {"move": move.label, "fields": "、".join(unknown)}
        )
    missing = [
        field_label(name, move)
        for name, required in move.field_names()
        if required and not _present(data.get(name))
    ]
    if missing:
        raise ValidationError(
            _("%(move)s needs: %(fields)s.") % {"move": move.label, "fields": "、".join(missing)}
        )
    cleaned = {k: v for k, v in data.items() if _present(v)}
    for f in move.fields:
        if f.name in cleaned:
            cleaned[f.name] = _clean_declared(f, cleaned[f.name])
            if f.clean is not None:
                cleaned[f.name] = f.clean(cleaned[f.name], case)
    for name in ("lead_unit", "supervising_unit"):
        if name in cleaned and not isinstance(cleaned[name], Unit):
            cleaned[name] = Unit.objects.filter(pk=cleaned[name]).first()
            if cleaned[name] is None:
                raise ValidationError(_("No such unit."))
    if "co_units" in cleaned:
        units = cleaned["co_units"]
        if not all(isinstance(u, Unit) for u in units):
            units = list(Unit.objects.filter(pk__in=list(units)))
        cleaned["co_units"] = list(units)
    if "satisfaction" in cleaned and cleaned["satisfaction"] not in Satisfaction.values:
        raise ValidationError(_("Satisfaction must be 满意, 基本满意 or 不满意."))
    if "until" in cleaned and not isinstance(cleaned["until"], dt.date):
        try:
            cleaned["until"] = dt.date.fromisoformat(str(cleaned["until"]))
        except ValueError:
            raise ValidationError(_("The extension date is not a date."))
    for text in ("reason", "outcome"):
        if text in cleaned:
            cleaned[text] = str(cleaned[text]).strip()
    return cleaned


def check_state(case: Case, ct: CaseType, move: Transition) -> None:
    if case.state not in move.sources:
        raise ValidationError(
            _("A case in state %(state)s cannot take the step %(move)s.")
            % {"state": case.state_label, "move": move.label}
        )
    if move.kind == Kind.EXTEND_REQUEST:
        if case.extension_pending:
            raise ValidationError(_("An extension request is already waiting for a decision."))
        if case.extensions >= ct.max_extensions:
            raise ValidationError(
                _("This case has had its %(n)d extension(s): no further extension.")
                % {"n": ct.max_extensions}
            )
    if move.kind in (Kind.EXTEND_APPROVE, Kind.EXTEND_REFUSE) and not case.extension_pending:
        raise ValidationError(_("There is no extension request to decide."))
    if move.kind == Kind.REOPEN and case.reopened >= ct.max_reopen:
        raise ValidationError(
            _(
                "This case has already been handled a second time (二次办理); it cannot be reopened again."
            )
        )


def _current_due(case: Case) -> dt.datetime | None:
    return case.due_at if case.due_at is not None else case.state_due_at


def _jsonable(value: Any) -> Any:
    if isinstance(value, Unit):
        return {"id": value.pk, "name": value.name}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def case_move(
    *,
    user: Any,
    case: Case,
    transition: str,
    files: Iterable[Any] = (),
    now: dt.datetime | None = None,
    **data: Any,
) -> Case:
    """Make the move ``transition`` of ``case``'s type, with the move's fields as keyword
    arguments (``lead_unit=``, ``reason=``, ``outcome=``, ``satisfaction=``, ``until=``, or
    the declared ones). Returns the case as saved."""
    ct = case.type
    if not ct.has_transition(transition):
        raise ValidationError(
            _("A %(type)s has no step %(move)s.") % {"type": ct.label, "move": transition}
        )
    move = ct.transition(transition)
    now = now or clock.now()
    files = list(files)
    stored: list[tuple[Any, str]] = []
    try:
        with transaction.atomic():
            # The row as it stands, locked: two people answering at once take turns, and
            # the second sees the first one's state.
            case = Case.objects.select_for_update().get(pk=case.pk)
            check_state(case, ct, move)
            if not can(user, case, ct.action(move.name)):
                raise PermissionDenied(
                    _("The step %(move)s is not yours to take on this case.") % {"move": move.label}
                )
            cleaned = clean_data(move, data, case)
            if move.check is not None:
                move.check(case, cleaned)
            if len(files) < move.evidence:
                raise ValidationError(
                    _("%(move)s needs at least %(n)d evidence file(s).")
                    % {"move": move.label, "n": move.evidence}
                )
            before_state = case.state
            target = _apply(case, ct, move, cleaned, user=user, now=now)
            step = CaseTransition.objects.create(
                case=case,
                kind=EntryKind.MOVE,
                move=move.name,
                label=str(move.label),
                from_state=before_state,
                to_state=case.state,
                actor=user,
                actor_unit=user.unit,
                reason=cleaned.get("reason", "") or cleaned.get("outcome", ""),
                data={k: _jsonable(v) for k, v in cleaned.items() if k != "reason"},
                at=now,
            )
            kept = store_evidence(
                case=case, files=files, user=user, now=now, step=step, stored=stored
            )
            audit_record(
                "casework.move",
                obj=case,
                changes={
                    "move": move.name,
                    "state": [before_state, case.state],
                    **{k: _jsonable(v) for k, v in cleaned.items()},
                    "files": [e.sha256 for e in kept],
                },
            )
            units = target.notify_units
            if units:
                notify(
                    case=case,
                    units=units,
                    subject=_("%(number)s: %(move)s") % {"number": case.number, "move": move.label},
                    body=f"{case.title}\n{cleaned.get('reason', '')}".strip(),
                    now=now,
                    exclude=user,
                )
    except BaseException:
        discard(stored)
        raise
    return case


class _Outcome:
    def __init__(self, notify_units: Sequence[str]):
        self.notify_units = tuple(notify_units)


def _apply(
    case: Case,
    ct: CaseType,
    move: Transition,
    data: dict[str, Any],
    *,
    user: Any,
    now: dt.datetime,
    persist: bool = True,
    calendar: Any = None,
) -> _Outcome:
    """The kind's effect, the new state and the deadlines; saves the case. ``persist``
    False (the bulk load of past cases, ``services.bulk``): the same effects on the
    unsaved case in memory, without the parties' queries (the loader checks them)."""
    calendar = calendar or current_calendar()
    notify_units = move.notified()
    target = move.target
    restart = move.restarts_clock or ct.clock_starts == move.name
    kind = move.kind
    if kind in (Kind.ASSIGN, Kind.TRANSFER):
        lead = data["lead_unit"]
        co = data.get("co_units", [] if kind == Kind.ASSIGN else None)
        if kind == Kind.TRANSFER and lead.pk == case.lead_unit_id:
            raise ValidationError(_("A transfer names another lead unit."))
        if persist:
            check_parties(
                user,
                lead_unit=lead,
                co_units=co or [],
                supervising_unit=data.get("supervising_unit"),
            )
            if co is None and case.co_units.filter(pk=lead.pk).exists():
                raise ValidationError(_("The lead unit cannot also be a co-operating unit."))
        case.lead_unit = lead
        if data.get("supervising_unit") is not None:
            case.supervising_unit = data["supervising_unit"]
        if co is not None and persist:
            case.co_units.set(co)
    elif kind == Kind.EXTEND_REQUEST:
        current = _current_due(case)
        if current is None:
            raise ValidationError(_("This case has no deadline to extend."))
        if data["until"] <= timezone.localdate(current):
            raise ValidationError(_("The new date must be after the current deadline."))
        case.extension_pending = True
        case.extension_until = data["until"]
    elif kind == Kind.EXTEND_APPROVE:
        until = case.extension_until
        if case.due_at is not None:
            case.due_at = _on_day(case.due_at, until)
        elif case.state_due_at is not None:
            case.state_due_at = _on_day(case.state_due_at, until)
        case.extensions += 1
        case.extension_pending = False
        case.extension_until = None
    elif kind == Kind.EXTEND_REFUSE:
        case.extension_pending = False
        case.extension_until = None
    elif kind == Kind.CLOSE:
        case.outcome = data["outcome"]
        case.closed_at = now
        started = case.clock_started_at or case.opened_at
        case.working_days = calendar.workdays_between(
            timezone.localdate(started), timezone.localdate(now)
        )
        case.on_time = case.due_at is None or now <= case.due_at
    elif kind == Kind.REVIEW:
        case.satisfaction = data["satisfaction"]
        if case.satisfaction == Satisfaction.DISSATISFIED and case.reopened < ct.max_reopen:
            target = move.reopen_to
            notify_units = ("lead_unit",)
            _reopen(case)
            restart = True
    elif kind == Kind.REOPEN:
        _reopen(case)
        restart = True
    for f in move.fields:
        if f.name in data:
            case.attrs[f.name] = data[f.name]
    if target is not None:
        state = ct.state(target)
        case.state = target
        case.state_entered_at = now
        case.state_due_at = due(state.deadline, now, calendar)
        if state.terminal:
            case.is_open = False
            case.extension_pending = False
    if restart:
        case.clock_started_at = now
        case.due_at = due(ct.deadline_rule(case), now, calendar)
    schedule(case, ct, calendar)
    if persist:
        case.save()
    return _Outcome(notify_units)


def _reopen(case: Case) -> None:
    """二次办理: the case is handled again (once per the type's cap)."""
    case.reopened += 1
    case.closed_at = None
    case.working_days = None
    case.on_time = None


def _on_day(moment: dt.datetime, day: dt.date) -> dt.datetime:
    local = timezone.localtime(moment)
    return local.replace(year=day.year, month=day.month, day=day.day)
