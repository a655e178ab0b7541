"""Writes of the work plan: typed functions that validate, save and audit in one transaction."""

from .notices import (
    can_issue,
    escalation_label,
    escalation_level,
    notice_close,
    notice_issue,
    notice_respond,
    notices,
    notices_of,
)
from .plans import plan_configure, plan_confirm, plan_revise, plan_upload, read_plan_file
from .reports import report_review, report_submit, reporting_unit_for, task_units
from .tasks import (
    kpi_from_target,
    kpi_save,
    milestone_save,
    task_close,
    task_complete,
    task_save,
)

__all__ = [
    "can_issue",
    "escalation_level",
    "kpi_from_target",
    "kpi_save",
    "milestone_save",
    "notice_close",
    "notices",
    "notices_of",
    "escalation_label",
    "notice_issue",
    "notice_respond",
    "plan_configure",
    "plan_confirm",
    "plan_revise",
    "plan_upload",
    "read_plan_file",
    "report_review",
    "report_submit",
    "reporting_unit_for",
    "task_close",
    "task_complete",
    "task_save",
    "task_units",
]
