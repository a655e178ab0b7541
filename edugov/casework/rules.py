"""Who may do what to a case, as ``core.scoping`` actions derived from the registry.

``Case.actions`` is this mapping: for every registered type and move, the action
``"<type>:<move>"`` is the move's declared permission and relation, narrowed to the type,
the move's source states and the move kind's own condition (an extension decision needs
a pending request; a request, room under the cap; a 二次办理, room under its cap). So
``can(user, case, "hotline:sign")`` and ``Case.objects.visible_to(user, "hotline:sign")``
answer it like any other action, and nothing else in casework decides who may move.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator, Mapping
from typing import Any

from django.db.models import Q

from edugov.core.relations import NOTHING, InScope, Relation, Where
from edugov.core.scoping import Action

from . import registry
from .declarations import CaseType, Kind, Transition

# Who may read a case: the owning unit's scope, and the scopes of its 主办, 协办 and
# 督办 units (``Case.scope_view_fields`` says the same to the basic view/export actions).
READERS: Relation = (
    InScope("unit") | InScope("lead_unit") | InScope("co_units") | InScope("supervising_unit")
)

STATIC = {
    # Anyone who may read the case and holds the change permission comments on it.
    "comment": Action("change", READERS),
}


def kind_condition(case_type: CaseType, move: Transition) -> Relation | None:
    """The row condition a move's kind adds to its rule."""
    if move.kind == Kind.EXTEND_REQUEST:
        return Where(extension_pending=False, extensions__lt=case_type.max_extensions)
    if move.kind in (Kind.EXTEND_APPROVE, Kind.EXTEND_REFUSE):
        return Where(extension_pending=True)
    if move.kind == Kind.REOPEN:
        return Where(reopened__lt=case_type.max_reopen)
    return None


def move_action(case_type: CaseType, move: Transition) -> Action:
    relation: Relation = Where(case_type=case_type.code, state__in=list(move.sources))
    extra = kind_condition(case_type, move)
    if extra is not None:
        relation = relation & extra
    return Action(move.permission, relation & move.by)


class CaseActions(Mapping):
    """``Case.actions``: the static actions plus one per registered move, rebuilt when
    the registry changes."""

    def __init__(self) -> None:
        self._built_for = -1
        self._table: dict[str, Action] = {}

    def _current(self) -> dict[str, Action]:
        if self._built_for != registry.version:
            table = dict(STATIC)
            for ct in registry.all_types():
                for move in ct.transitions:
                    table[ct.action(move.name)] = move_action(ct, move)
            self._table, self._built_for = table, registry.version
        return self._table

    def __getitem__(self, key: str) -> Action:
        return self._current()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._current())

    def __len__(self) -> int:
        return len(self._current())


class _TypeReaders(Relation):
    """The readers of each confined type, on its own cases: ``Where(case_type=…) &
    readers`` for every type that declares ``readers``."""

    def __init__(self, prefix: str = "") -> None:
        self.prefix = prefix

    def q(self, user: Any, model: Any) -> Q:
        from .models import Case

        # Types with equal readers (the two wellbeing types) share one condition: each
        # is a subquery, planned once per mention.
        groups: dict[Hashable, tuple[Relation, list[str]]] = {}
        for ct in registry.all_types():
            if ct.readers is not None:
                groups.setdefault(ct.readers.key(), (ct.readers, []))[1].append(ct.code)
        q = NOTHING
        for readers, codes in groups.values():
            q |= Q(case_type__in=codes) & readers.q(user, Case)
        if not self.prefix:
            return q
        # A case's timeline, comments and evidence: readable where the case is.
        return Q(**{f"{self.prefix}__in": Case._base_manager.filter(q).values("pk")})


class Confinement:
    """``Case.confinement`` (and its parts', with ``prefix="case"``): the rows of the
    types that declare ``readers``, and the relation that alone opens them.
    ``core.scoping.scope_filter`` applies it to every action of the model."""

    def __init__(self, prefix: str = "") -> None:
        self.prefix = prefix

    def __call__(self) -> tuple[Q, Relation] | None:
        codes = [ct.code for ct in registry.all_types() if ct.readers is not None]
        if not codes:
            return None
        field = f"{self.prefix}__case_type__in" if self.prefix else "case_type__in"
        return Q(**{field: codes}), _TypeReaders(self.prefix)


def confined(case_type: str) -> bool:
    """Does this type restrict its readers (``CaseType.readers``)?"""
    try:
        return registry.get(case_type).readers is not None
    except LookupError:
        return False
