"""A relation of the scoping mechanism (``core.relations``) this module needs: a checklist
or a plan issued by the city or a district is used by every school below it."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from edugov.core.relations import NOTHING, Relation


class Above(Relation):
    """The unit at ``field`` is the actor's own unit or one of its ancestors (the city
    over a district, the district over a school): the opposite direction of ``Within``."""

    def __init__(self, field: str):
        self.field = field

    def q(self, user: Any, model: Any) -> Q:
        if not user.unit_id:
            return NOTHING
        return Q(**{f"{self.field}__in": user.unit.ancestor_ids()})

    def __repr__(self) -> str:
        return f"Above({self.field})"
