"""Which stages of schooling a user's unit covers, for deciding whether a page is of use
to them (the menu's ``visible`` predicates).

A bureau (city, district, zone, department) oversees every stage, so every stage's pages
are relevant to it. A school covers only its own stages: a primary school has no 中考
candidates and sits no secondary exams, so those pages could only ever be empty there.
"""

from __future__ import annotations

from typing import Any

from .models import InstitutionType, UnitKind

# Schools whose pupils sit 中考 or whose intake comes from it, and whose exams the
# academic analytics cover (junior and senior secondary).
SECONDARY_TYPES = frozenset(
    {
        InstitutionType.JUNIOR,
        InstitutionType.NINE_YEAR,
        InstitutionType.COMPLETE_SECONDARY,
        InstitutionType.SENIOR,
    }
)


def takes_part_in_secondary_exams(user: Any) -> bool:
    """True for a bureau user, or a school user whose school is a secondary school."""
    unit = getattr(user, "unit", None)
    if unit is None:
        return False
    if unit.kind != UnitKind.SCHOOL:
        return True
    return unit.institution_type in SECONDARY_TYPES
