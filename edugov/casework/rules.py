"""Who may do what to a case, as ``core.scoping`` actions derived from the registry.

``Case.actions`` is this mapping: for every registered type and move, the action
``"<type>:<move>"`` is the move's declared permission and relation, narrowed to the type,
the move's source states and the move kind's own condition (an extension decision needs
a pending request; a request, room under the cap; a 二次办理, room under its cap). So
``can(user, case, "hotline:sign")`` and ``Case.objects.visible_to(user, "hotline:sign")``
answer it like any other action, and nothing else in casework decides who may move.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from edugov.core.relations import InScope, Relation, Where
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
