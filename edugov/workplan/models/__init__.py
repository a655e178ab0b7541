"""The work plan's models, split by sub-domain: the plan document, tasks, reports, 督办单."""

from .notice import EscalationLevel, NoticeStatus, SupervisionNotice
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
    "EscalationLevel",
    "Evidence",
    "Kpi",
    "KpiActual",
    "KpiKind",
    "Milestone",
    "NoticeStatus",
    "Plan",
    "PlanStatus",
    "ProgressReport",
    "ReportStatus",
    "SupervisionNotice",
    "Target",
    "Task",
    "WorkPoint",
    "check_evidence",
    "kpi_figure",
    "plain_number",
]
