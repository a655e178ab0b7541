"""Need-to-know, as one relation: who reads a student's results and case notes.

Only (issue 18 §5):
- the counselor assigned to the case;
- the school's lead counselor (``Staffing.lead_counselor``, data per school);
- the district center's staff (``Center.staff``), for cases escalated to them.

Every wellbeing model holding individual data, and the casework types of this module,
are confined to this relation (``core.scoping`` ``confinement``): a scope that merely
covers the school (a principal, a district officer, the city) opens none of them.
``prefix`` is the path from the model to the case file (``""`` on the file itself).
"""

from __future__ import annotations

from django.db.models import Q

from edugov.core.relations import Person, Relation, Where


def readers(file: str = "", school: str | None = None) -> Relation:
    """The readers of rows whose case file is at ``file`` ("" = the row is the file) and
    whose school is at ``school`` (default: the file's school)."""
    f = f"{file}__" if file else ""
    s = school if school is not None else f"{f}school"
    escalated = Where(**{f"{f}escalated": True})
    return (
        Person(f"{f}counselor")
        | Person(f"{s}__wb_staffing__lead_counselor")
        | (escalated & Person(f"{s}__parent__wb_center__staff"))
    )


def every_row() -> Q:
    """The rows a confinement covers when all of a model's rows are individual data."""
    return Q(pk__isnull=False)


def confined_to(relation: Relation):
    """A model's ``confinement``: every row, opened by ``relation`` alone."""

    def confinement():
        return every_row(), relation

    return confinement
