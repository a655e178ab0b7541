"""双减 (issue 20): the off-campus training registry, prepaid-fee supervision,
inspections and complaints, and schools' after-school services."""

from .afterschool import Programme
from .field import (
    DISGUISED,
    Complaint,
    ComplaintChannel,
    FieldRecord,
    Finding,
    FindingKind,
    InspectionPlan,
    PublicHit,
)
from .money import LineKind, StatementLine
from .registry import (
    Category,
    Course,
    Custody,
    Field,
    Institution,
    Qualification,
    Session,
    Staff,
    Status,
)

__all__ = [
    "DISGUISED",
    "Category",
    "Complaint",
    "ComplaintChannel",
    "Course",
    "Custody",
    "Field",
    "FieldRecord",
    "Finding",
    "FindingKind",
    "InspectionPlan",
    "Institution",
    "LineKind",
    "Programme",
    "PublicHit",
    "Qualification",
    "Session",
    "Staff",
    "StatementLine",
    "Status",
]
