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

    def __or__(self, other: Relation) -> Relation:
        return _Combined("|", self, other)

    def __and__(self, other: Relation) -> Relation:
        return _Combined("&", self, other)

    def __invert__(self) -> Relation:
        return _Not(self)


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
