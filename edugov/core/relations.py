"""The actor's relation to a row, as a query: the second half of every action's rule.

An action (view, change, review, approve, issue, close, 销号 …) is allowed when the actor
holds its permission *and* stands in the action's relation to the row. Each relation
compiles to a ``Q`` over the model for one user, so the same rule answers
``visible_to(user, action)`` for a list and ``can(user, obj, action)`` for one row, and a
service never compares units by hand.

Relations combine with ``|``, ``&`` and ``~``:

    Within("task__lead_unit") & ~Person("submitted_by")

reads "a member of the task's lead unit or of a unit above it, who did not submit it".
``Where(**lookups)`` is a condition on the row alone (a case's state), for rules that hold
only in some states. A path across a many-to-many (a case's 协办 units) compiles to a
``pk IN (subquery)``, so a relation never repeats a row.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q

#: Matches no row. ``~NOTHING`` matches every row, so negation stays correct.
NOTHING = Q(pk__in=[])


def _unit_field(model: Any, field: str | None) -> str | None:
    """The lookup path to the unit a relation looks at; ``""`` means the row is a Unit."""
    return model.scope_unit_field if field is None else field


def _under(field: str, path: str) -> Q:
    return Q(**{f"{field}__path__startswith" if field else "path__startswith": path})


def many_valued(model: Any, path: str | None) -> bool:
    """Does ``path`` cross a many-to-many or reverse foreign key (a case's 协办 units)?"""
    if not path:
        return False
    opts = model._meta
    for part in path.split("__"):
        try:
            f = opts.get_field(part)
        except FieldDoesNotExist:
            return False
        if f.many_to_many or f.one_to_many:
            return True
        if not f.is_relation:
            return False
        opts = f.related_model._meta
    return False


def _one_row(model: Any, path: str | None, q: Q) -> Q:
    """``q`` as ``pk IN (subquery)`` when ``path`` is many-valued: as a join, a condition
    on a many-to-many OR-ed with another repeats a row once per related unit, so a list
    would show a case with three 协办 units three times."""
    if many_valued(model, path):
        return Q(pk__in=model._base_manager.filter(q).values("pk"))
    return q


class Relation:
    """One condition on the actor and the row."""

    def q(self, user: Any, model: Any) -> Q:
        raise NotImplementedError

    def key(self) -> Hashable:
        """Equal keys compile to the same ``Q`` for every user: the class and its
        attributes (a relation's ``q`` reads nothing else of itself). What lets
        ``core.scoping`` factor ~100 moves that share a few actor relations."""
        return (type(self), tuple((k, _frozen(v)) for k, v in sorted(vars(self).items())))

    def __or__(self, other: Relation) -> Relation:
        return _Combined("|", self, other)

    def __and__(self, other: Relation) -> Relation:
        return _Combined("&", self, other)

    def __invert__(self) -> Relation:
        return _Not(self)


def _frozen(value: Any) -> Hashable:
    if isinstance(value, Relation):
        return value.key()
    if isinstance(value, list | tuple | set | frozenset):
        items = tuple(_frozen(v) for v in value)
        return items if isinstance(value, list | tuple) else frozenset(items)
    if isinstance(value, dict):
        return tuple(sorted((k, _frozen(v)) for k, v in value.items()))
    try:
        hash(value)
    except TypeError:
        return ("id", id(value))  # unknown and unhashable: equal to itself only
    return value


class _Combined(Relation):
    def __init__(self, op: str, left: Relation, right: Relation):
        self.op, self.left, self.right = op, left, right

    def q(self, user: Any, model: Any) -> Q:
        a, b = self.left.q(user, model), self.right.q(user, model)
        return a | b if self.op == "|" else a & b

    def __repr__(self) -> str:
        return f"({self.left!r} {self.op} {self.right!r})"


class _Not(Relation):
    def __init__(self, inner: Relation):
        self.inner = inner

    def q(self, user: Any, model: Any) -> Q:
        return ~self.inner.q(user, model)

    def __repr__(self) -> str:
        return f"~{self.inner!r}"


class InScope(Relation):
    """The unit at ``field`` lies in the actor's scope: their unit's subtree, or the whole
    city for a department. The rule of the five basic actions."""

    def __init__(self, field: str | None = None):
        self.field = field

    def q(self, user: Any, model: Any) -> Q:
        root = user.scope_root()
        if root is None:
            return NOTHING
        field = _unit_field(model, self.field)
        return _one_row(model, field, _under(field, root.path))

    def __repr__(self) -> str:
        return f"InScope({self.field or ''})"


class Below(Relation):
    """The unit at ``field`` lies in the actor's scope but is not the scope's own root:
    a district reviews its schools' figures, a school does not review its own."""

    def __init__(self, field: str | None = None):
        self.field = field

    def q(self, user: Any, model: Any) -> Q:
        root = user.scope_root()
        if root is None:
            return NOTHING
        field = _unit_field(model, self.field)
        return _one_row(model, field, _under(field, root.path) & ~Q(**{field or "pk": root.pk}))

    def __repr__(self) -> str:
        return f"Below({self.field or ''})"


class MemberOf(Relation):
    """The actor belongs to the unit at ``field`` itself (not a unit above it)."""

    def __init__(self, field: str):
        self.field = field

    def q(self, user: Any, model: Any) -> Q:
        if not user.unit_id:
            return NOTHING
        return _one_row(model, self.field, Q(**{self.field: user.unit_id}))

    def __repr__(self) -> str:
        return f"MemberOf({self.field})"


class Within(Relation):
    """The unit at ``field`` is the actor's own unit or lies below it: the lead unit, or
    the bureau over a department, but not a sibling department."""

    def __init__(self, field: str):
        self.field = field

    def q(self, user: Any, model: Any) -> Q:
        if not user.unit_id:
            return NOTHING
        return _one_row(model, self.field, _under(self.field, user.unit.path))

    def __repr__(self) -> str:
        return f"Within({self.field})"


class Person(Relation):
    """The actor is the user at ``field`` (a task's owner, a report's submitter)."""

    def __init__(self, field: str):
        self.field = field

    def q(self, user: Any, model: Any) -> Q:
        return _one_row(model, self.field, Q(**{self.field: user.pk}))

    def __repr__(self) -> str:
        return f"Person({self.field})"


class Supervises(Relation):
    """The actor's unit holds the supervising power (``Unit.supervises``: data the
    security admin edits, never a unit's name) and the unit at ``field`` lies in the
    actor's scope. A district bureau supervises its own subtree, not the city's."""

    def __init__(self, field: str | None = None):
        self.field = field

    def q(self, user: Any, model: Any) -> Q:
        if not user.unit_id or not user.unit.supervises:
            return NOTHING
        return InScope(self.field).q(user, model)

    def __repr__(self) -> str:
        return f"Supervises({self.field or ''})"


class Where(Relation):
    """A condition on the row alone, whoever the actor: a case's type and state, an open
    extension request. Combined with a relation on the actor, it makes a move's rule read
    "the lead unit, while the case is being handled":

        Where(case_type="hotline", state__in=["handling"]) & MemberOf("lead_unit")

    so that ``visible_to(user, move)`` lists exactly the cases on which the user may make
    that move now, and ``can`` answers for one case with the same rule."""

    def __init__(self, **lookups: Any):
        self.lookups = lookups

    def q(self, user: Any, model: Any) -> Q:
        return Q(**self.lookups)

    def __repr__(self) -> str:
        inner = ", ".join(f"{k}={v!r}" for k, v in sorted(self.lookups.items()))
        return f"Where({inner})"


def _and_leaves(relation: Relation) -> list[Relation]:
    if isinstance(relation, _Combined) and relation.op == "&":
        return _and_leaves(relation.left) + _and_leaves(relation.right)
    return [relation]


_STATE = ("state", "state__in")


def any_of(relations: list[Relation], user: Any, model: Any) -> Q:
    """The OR of ``relations``' queries, factored: a case's moves read
    ``Where(case_type, states) & actor``, ~100 of them over a handful of actors, and
    PostgreSQL spent 22 ms planning the flat OR of a home page's 待办 (16 kB of SQL) for
    5 ms of execution. Rules with the same actor (equal ``key()``) are grouped,
    (w1 & a) | (w2 & a) = (w1 | w2) & a, and row conditions that differ only in their
    states are merged into one ``state__in``. A rule of another shape is OR-ed as it is."""
    groups: dict[Hashable, tuple[Relation | None, list[dict[str, Any]]]] = {}
    parts: list[Q] = []
    for relation in relations:
        leaves = _and_leaves(relation)
        wheres = [leaf for leaf in leaves if isinstance(leaf, Where)]
        actors = [leaf for leaf in leaves if not isinstance(leaf, Where)]
        lookups: dict[str, Any] | None = {}
        for where in wheres:
            for name, value in where.lookups.items():
                if name in lookups and _frozen(lookups[name]) != _frozen(value):
                    lookups = None  # contradictory row conditions: keep the rule whole
                    break
                lookups[name] = value
            if lookups is None:
                break
        # ``state=None`` is IS NULL, which ``state__in=[None]`` is not: kept whole.
        if (
            not wheres
            or lookups is None
            or set(lookups) >= set(_STATE)
            or ("state" in lookups and lookups["state"] is None)
        ):
            parts.append(relation.q(user, model))
            continue
        actor = None
        for leaf in actors:
            actor = leaf if actor is None else actor & leaf
        key = actor.key() if actor is not None else None
        groups.setdefault(key, (actor, []))[1].append(lookups)
    for actor, rows in groups.values():
        rule = _rows_q(rows)
        parts.append(rule & actor.q(user, model) if actor is not None else rule)
    return _or(parts)


def _rows_q(rows: list[dict[str, Any]]) -> Q:
    """OR of row conditions; those equal but for the state become one ``state__in``."""
    merged: dict[Hashable, tuple[dict[str, Any], set[Any] | None]] = {}
    for lookups in rows:
        rest = {k: v for k, v in lookups.items() if k not in _STATE}
        if "state" in lookups:
            states: set[Any] | None = {lookups["state"]}
        elif "state__in" in lookups:
            states = set(lookups["state__in"])
        else:
            states = None  # any state
        key = _frozen(rest)
        if key in merged:
            known = merged[key][1]
            states = None if known is None or states is None else known | states
        merged[key] = (rest, states)
    return _or(
        [
            Q(**rest) if states is None else Q(**rest, state__in=sorted(states, key=str))
            for rest, states in merged.values()
        ]
    )


def _or(parts: list[Q]) -> Q:
    if not parts:
        return NOTHING
    q = parts[0]
    for part in parts[1:]:
        q |= part
    return q
