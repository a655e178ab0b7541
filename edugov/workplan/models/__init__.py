"""The work plan's models, split by sub-domain: the plan document, tasks, reports.

Its 督办单 are casework cases (``workplan.casetypes``)."""

from .notice import DubanCase
from .plan import Area, Plan, PlanStatus, Target, WorkPoint, kpi_figure, plain_number
from .report import (
    EVIDENCE_MAX_BYTES,
    Evidence,
    KpiActual,
    ProgressReport,
    ReportStatus,
    check_evidence,
)
from .task import Kpi, KpiKind, Milestone, Task

__all__ = [
    "EVIDENCE_MAX_BYTES",
    "Area",
    "DubanCase",
    "Evidence",
    "Kpi",
    "KpiActual",
    "KpiKind",
    "Milestone",
    "Plan",
    "PlanStatus",
    "ProgressReport",
    "ReportStatus",
    "Target",
    "Task",
    "WorkPoint",
    "check_evidence",
    "kpi_figure",
    "plain_number",
]
