"""Case types, declared in code: states, moves, who makes each move, deadlines, escalation.

A case type is data, like a model: one ``CaseType(...)`` per type, registered with
``casework.registry.register`` (in a module's ``casetypes.py``, found at start-up). One
mechanism then runs every type: ``services.case_open`` / ``services.case_move`` check a
move against its declaration, ``core.scoping`` answers who may make it, ``escalation.scan``
chases the deadlines. See docs/modules/casework.md for the recipe.

Who makes a move is a ``core.scoping.Action`` (a permission plus the actor's relation to
the case, from ``core.relations``): the module writes ``by=LEAD`` and the mechanism adds
the type and the source states, so that ``visible_to(user, "<type>:<move>")`` lists the
cases on which the user may make that move now.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import Promise

from edugov.core.relations import MemberOf, Relation
from edugov.engines.workdays import DeadlineRule

# The actor's relation to a case, for ``Transition.by``. Strict membership: the unit whose
# move it is, not a unit above it (a declaration that wants the district to act for its
# schools writes ``Within("lead_unit")``).
OWNER = MemberOf("unit")  # the owning (issuing) unit, whose scope the case is in
LEAD = MemberOf("lead_unit")  # 主办
CO = MemberOf("co_units")  # 协办
SUPERVISOR = MemberOf("supervising_unit")  # 督办

# The case's unit fields a notification or an escalation may address.
UNIT_FIELDS = ("unit", "lead_unit", "co_units", "supervising_unit")

Label = str | Promise


class Kind:
    """What a move does beyond changing the state. The service reads each kind's fields
    and applies its effect; a plain ``STEP`` only records its declared fields."""

    STEP = "step"
    ASSIGN = "assign"  # 交办: sets the 主办 (and 协办, 督办) units
    TRANSFER = "transfer"  # 转办: a new 主办 unit, with a reason
    SEND_BACK = "send_back"  # 退回, with a reason
    EXTEND_REQUEST = "extend_request"  # 延期申请: a new date and a reason; the state stays
    EXTEND_APPROVE = "extend_approve"  # 延期批准: the due date moves (capped per type)
    EXTEND_REFUSE = "extend_refuse"  # 延期不批准, with a reason
    CLOSE = "close"  # 办结, with the outcome
    REVIEW = "review"  # 回访: 满意/基本满意/不满意; 不满意 reopens once
    REOPEN = "reopen"  # 二次办理 on request (capped like 不满意)
    STRIKE_OFF = "strike_off"  # 销号

    ALL = (
        STEP,
        ASSIGN,
        TRANSFER,
        SEND_BACK,
        EXTEND_REQUEST,
        EXTEND_APPROVE,
        EXTEND_REFUSE,
        CLOSE,
        REVIEW,
        REOPEN,
        STRIKE_OFF,
    )
    # Moves that leave the state as it is (a request waits for its decision).
    STAYING = (EXTEND_REQUEST, EXTEND_APPROVE, EXTEND_REFUSE)

    # The fields each kind takes, (name, required). The form offers them; the service
    # refuses a move without a required one.
    FIELDS: dict[str, tuple[tuple[str, bool], ...]] = {
        STEP: (("reason", False),),
        ASSIGN: (("lead_unit", True), ("co_units", False), ("supervising_unit", False)),
        TRANSFER: (("lead_unit", True), ("co_units", False), ("reason", True)),
        SEND_BACK: (("reason", True),),
        EXTEND_REQUEST: (("until", True), ("reason", True)),
        EXTEND_APPROVE: (("reason", False),),
        EXTEND_REFUSE: (("reason", True),),
        CLOSE: (("outcome", True),),
        REVIEW: (("satisfaction", True), ("reason", False)),
        REOPEN: (("reason", True),),
        STRIKE_OFF: (("reason", False),),
    }
    # Whether a case waiting for the move is in the actor's 待办 by default: the moves that
    # carry the loop on. Those one may make but need not (转办, 退回, 延期申请, 二次办理)
    # and a step that keeps the state (an opinion, made once or more) are not.
    TODO: dict[str, bool] = {
        STEP: True,
        ASSIGN: True,
        TRANSFER: False,
        SEND_BACK: False,
        EXTEND_REQUEST: False,
        EXTEND_APPROVE: True,
        EXTEND_REFUSE: True,
        CLOSE: True,
        REVIEW: True,
        REOPEN: False,
        STRIKE_OFF: True,
    }
    # Whom a move tells by default (the case's unit fields); ``Transition.notify`` overrides.
    NOTIFY: dict[str, tuple[str, ...]] = {
        STEP: (),
        ASSIGN: ("lead_unit", "co_units"),
        TRANSFER: ("lead_unit", "co_units"),
        SEND_BACK: ("unit",),
        EXTEND_REQUEST: ("unit", "supervising_unit"),
        EXTEND_APPROVE: ("lead_unit",),
        EXTEND_REFUSE: ("lead_unit",),
        CLOSE: ("unit", "supervising_unit"),
        REVIEW: (),
        REOPEN: ("lead_unit",),
        STRIKE_OFF: ("lead_unit",),
    }


BUILTIN_FIELDS = {name for fields in Kind.FIELDS.values() for name, _req in fields}
FIELD_KINDS = ("text", "textarea", "date", "choice", "int")


@dataclass(frozen=True)
class Field:
    """A field a move records beyond its kind's own (a 答复 text, a result class A/B/C).
    Stored in the timeline row's ``data`` and in the case's ``attrs``."""

    name: str
    label: Label
    kind: str = "text"
    required: bool = True
    choices: tuple[tuple[str, Label], ...] = ()
    # A module's own check of the value, given the case (a main order's number that must
    # name another stored order): returns the value to record, or raises ValidationError.
    clean: Callable[[Any, Any], Any] | None = None


@dataclass(frozen=True)
class State:
    """One state. ``deadline`` (a DeadlineRule text: "1 个工作日") is the time allowed to
    leave it, counted from entering it; a terminal state ends the case."""

    code: str
    label: Label
    deadline: str = ""
    terminal: bool = False


@dataclass(frozen=True)
class Transition:
    """One move: from any of ``sources`` to ``target`` (None: the state stays).

    ``by`` is the actor's relation to the case and ``permission`` the permission the move
    needs (a basic action of ``casework.Case`` such as "change", or a full permission
    name such as "safety.change_hazard"). ``evidence`` is the number of files the move
    requires. ``restarts_clock``: the case's overall deadline starts again from this move
    (转办 where the type says so). ``reopen_to``: for a REVIEW, the state 不满意 sends the
    case back to (once per ``CaseType.max_reopen``); for a REOPEN move it is ``target``.
    ``todo``: a case waiting for this move is in the actor's 待办 (None: the kind's
    default, ``Kind.TODO``; a STEP that keeps the state is not).
    ``check``: ``f(case, cleaned_data)`` raising ``ValidationError`` for a rule across the
    move's fields that a field alone cannot state (a reason required for result class C);
    run by ``case_move`` after the fields are cleaned, so every page making the move
    obeys it.
    """

    name: str
    label: Label
    sources: tuple[str, ...]
    target: str | None
    by: Relation
    kind: str = Kind.STEP
    permission: str = "change"
    fields: tuple[Field, ...] = ()
    evidence: int = 0
    restarts_clock: bool = False
    reopen_to: str | None = None
    notify: tuple[str, ...] | None = None
    todo: bool | None = None
    check: Callable[[Any, dict[str, Any]], None] | None = None

    def in_todo(self) -> bool:
        if self.todo is not None:
            return self.todo
        if self.kind == Kind.STEP and self.target is None:
            return False
        return Kind.TODO[self.kind]

    def field_names(self) -> list[tuple[str, bool]]:
        return [*Kind.FIELDS[self.kind], *((f.name, f.required) for f in self.fields)]

    def notified(self) -> tuple[str, ...]:
        return Kind.NOTIFY[self.kind] if self.notify is None else self.notify


@dataclass(frozen=True)
class Rung:
    """One step of the escalation ladder, reached ``before`` the deadline (a reminder:
    "1 个工作日") or ``after`` it (约谈: "3 个工作日"; 通报: "10 个工作日"). Reaching it
    tells the units at ``notify`` once per deadline."""

    level: int
    label: Label
    before: str = ""
    after: str = ""
    notify: tuple[str, ...] = ("lead_unit",)


@dataclass(frozen=True)
class CaseType:
    """A case type. ``deadline`` is the overall time limit (a DeadlineRule text, or a
    function of the case returning one, for limits that depend on what the case is: a
    complaint 13 working days, a question 3), counted from the clock's start: the opening,
    or the move named in ``clock_starts`` (交办), and again from a move that
    ``restarts_clock``. ``max_extensions`` caps approved extensions, ``max_reopen`` the
    二次办理 (不满意 reopens while the count is under it)."""

    code: str
    label: Label
    prefix: str
    states: tuple[State, ...]
    transitions: tuple[Transition, ...]
    initial: str
    deadline: str | Callable[[Any], str] = ""
    clock_starts: str = ""
    escalation: tuple[Rung, ...] = ()
    max_extensions: int = 1
    max_reopen: int = 1
    description: Label = ""
    # The number as the issuing unit writes it, when the default (热线〔2023〕第12号) is
    # not its style: f(case_type, unit, year, seq) -> "督办〔2023〕3号". The series stays
    # one per type, year and owning unit (``services.cases.next_seq``).
    number_format: Callable[[Any, Any, int, int], str] | None = None
    # Need-to-know: when set, the type's cases (and their timeline, comments and
    # evidence) are read and acted on only by the users this relation admits, instead of
    # every holder of casework's permissions whose scope covers the case's units (a
    # crisis case: the assigned counselor, not the principal). ``recipients(case)`` names
    # whom a notification of such a case tells beyond the readers of its units; every
    # recipient is still filtered by the readers. ``rules.Confinement``.
    readers: Relation | None = None
    recipients: Callable[[Any], Any] | None = None
    # A type the public opens for itself (a parent's enrolment application): the action
    # ("app_label.Model", "action") whose holders, users without a unit, open a case of
    # this type for a named owning unit, with no other parties (``core.scoping.may``).
    # Empty: only members of a unit holding ``add`` on cases open one
    # (``services.cases.case_open``).
    public_opener: tuple[str, str] | tuple[()] = ()
    _states: dict[str, State] = field(default_factory=dict, init=False, repr=False, compare=False)
    _moves: dict[str, Transition] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        self._states.update({s.code: s for s in self.states})
        self._moves.update({t.name: t for t in self.transitions})

    def state(self, code: str) -> State:
        return self._states[code]

    def transition(self, name: str) -> Transition:
        return self._moves[name]

    def has_transition(self, name: str) -> bool:
        return name in self._moves

    def action(self, move: str) -> str:
        """The scoping action of a move: ``"<type>:<move>"``."""
        return f"{self.code}:{move}"

    def actions(self) -> list[str]:
        return [self.action(t.name) for t in self.transitions]

    def todo_actions(self) -> list[str]:
        """The moves that put a case in the actor's 待办 (``Transition.in_todo``)."""
        return [self.action(t.name) for t in self.transitions if t.in_todo()]

    def state_choices(self) -> list[tuple[str, Label]]:
        return [(s.code, s.label) for s in self.states]

    def terminal_states(self) -> list[str]:
        return [s.code for s in self.states if s.terminal]

    def deadline_rule(self, case: Any) -> DeadlineRule | None:
        text = self.deadline(case) if callable(self.deadline) else self.deadline
        return DeadlineRule.parse(text) if text else None

    def check(self) -> None:
        """Refuse a declaration that cannot run, naming what is wrong (at start-up, like a
        model check), rather than a case that cannot move in production."""
        problems = list(_problems(self))
        if problems:
            raise ImproperlyConfigured(f"case type {self.code!r}: " + "; ".join(problems))


def _rule_problem(text: str, where: str) -> str | None:
    try:
        DeadlineRule.parse(text)
    except ValueError as exc:
        return f"{where}: {exc}"
    return None


def _problems(ct: CaseType):
    if not ct.code or not ct.code.replace("_", "").isalnum() or ":" in ct.code:
        yield "the code must be letters, digits and underscores"
    if not ct.prefix:
        yield "a number prefix is required"
    if len(ct._states) != len(ct.states):
        yield "state codes must be unique"
    if len(ct._moves) != len(ct.transitions):
        yield "move names must be unique"
    if ct.initial not in ct._states:
        yield f"the initial state {ct.initial!r} is not declared"
    elif ct._states[ct.initial].terminal:
        yield "the initial state cannot be terminal"
    if not any(s.terminal for s in ct.states):
        yield "no terminal state: a case could never end"
    if ct.clock_starts and ct.clock_starts not in ct._moves:
        yield f"clock_starts names no move: {ct.clock_starts!r}"
    if ct.max_extensions < 0 or ct.max_reopen < 0:
        yield "caps cannot be negative"
    if isinstance(ct.deadline, str) and ct.deadline:
        problem = _rule_problem(ct.deadline, "deadline")
        if problem:
            yield problem
    for s in ct.states:
        if s.deadline:
            problem = _rule_problem(s.deadline, f"state {s.code}")
            if problem:
                yield problem
    for t in ct.transitions:
        where = f"move {t.name}"
        if t.kind not in Kind.ALL:
            yield f"{where}: unknown kind {t.kind!r}"
            continue
        if not isinstance(t.by, Relation):
            yield f"{where}: 'by' must be a relation from core.relations"
        unknown = [s for s in t.sources if s not in ct._states]
        if unknown or not t.sources:
            yield f"{where}: unknown or no source states {unknown}"
        if any(ct._states[s].terminal for s in t.sources if s in ct._states):
            yield f"{where}: a terminal state has no moves out of it"
        if t.kind in Kind.STAYING:
            if t.target is not None:
                yield f"{where}: a {t.kind} move keeps the state (target=None)"
        elif t.target is None and t.kind != Kind.STEP:
            yield f"{where}: a {t.kind} move needs a target state"
        elif t.target is not None and t.target not in ct._states:
            yield f"{where}: unknown target {t.target!r}"
        if t.kind == Kind.REVIEW and t.reopen_to not in ct._states:
            yield f"{where}: a review names the state 不满意 reopens to (reopen_to)"
        if t.kind != Kind.REVIEW and t.reopen_to is not None:
            yield f"{where}: only a review reopens to a state"
        if (
            t.kind == Kind.STRIKE_OFF
            and t.target in ct._states
            and not ct._states[t.target].terminal
        ):
            yield f"{where}: 销号 ends the case: its target must be terminal"
        for f in t.fields:
            if f.name in BUILTIN_FIELDS:
                yield f"{where}: field {f.name!r} is one of the kinds' own fields"
            if f.kind not in FIELD_KINDS:
                yield f"{where}: field {f.name!r} has unknown kind {f.kind!r}"
            if f.kind == "choice" and not f.choices:
                yield f"{where}: choice field {f.name!r} has no choices"
        bad_notify = [u for u in t.notified() if u not in UNIT_FIELDS]
        if bad_notify:
            yield f"{where}: notify names unknown unit fields {bad_notify}"
        if t.evidence < 0:
            yield f"{where}: evidence cannot be negative"
    levels = [r.level for r in ct.escalation]
    if levels != sorted(set(levels)) or any(level < 1 for level in levels):
        yield "escalation levels must be distinct, ascending and from 1"
    for r in ct.escalation:
        if bool(r.before) == bool(r.after):
            yield f"escalation level {r.level}: give exactly one of before / after"
        problem = _rule_problem(r.before or r.after, f"escalation level {r.level}")
        if problem:
            yield problem
        bad = [u for u in r.notify if u not in UNIT_FIELDS]
        if bad:
            yield f"escalation level {r.level}: unknown unit fields {bad}"
