"""Generated documents, built in the background (``jobs``) with progress:

- the period progress report (.docx) in 公文 layout: red-free plain title, a 文号
  placeholder, one section per area (黑体 headings), each point with its progress text
  and KPI values, then the lagging items with their reasons;
- the 工作台账 (.xlsx): every task with units, dates, percent, status and KPIs.

The job owner's scope decides what goes in, through ``visible_to`` and nothing else: a
district officer's report covers the tasks her district works on, the areas and points
she may open, and only report texts she may open herself.
"""

from __future__ import annotations

import datetime as dt
import io
from collections import defaultdict
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _

from edugov.audit.services import audit_record
from edugov.core.io.export import safe_cell
from edugov.jobs.models import Job
from edugov.jobs.services import JobFailed, Progress, register

from .models import Area, Plan, PlanStatus, WorkPoint
from .selectors import TaskRow, task_rows, visible_tasks
from .status import Status


def _load(job: Job) -> tuple[Plan, dt.date, list[TaskRow]]:
    plan = Plan.objects.visible_to(job.owner, "export").filter(pk=job.params["plan"]).first()
    if plan is None or plan.status != PlanStatus.CONFIRMED:
        raise JobFailed([_("The plan is not available.")])
    today = dt.date.fromisoformat(job.params["today"])
    rows = task_rows(
        visible_tasks(job.owner).filter(point__area__plan=plan), today, reader=job.owner
    )
    return plan, today, rows


def _kpi_text(row: TaskRow) -> str:
    parts = []
    for k in row.kpis:
        # The same figure, comparator and verdict as the gauge and the home page (KpiRow).
        actual = f"{k.actual_text}{k.kpi.unit}" if k.actual is not None else _("no data")
        verdict = f"，{k.verdict.label}" if k.verdict.has_value else ""
        parts.append(
            f"{k.kpi.name}：{actual}（{_('target')} {k.target_text}{k.kpi.unit}{verdict}）"
        )
    return "；".join(parts)


def _save(job: Job, data: bytes, suffix: str, filename: str) -> dict[str, Any]:
    name = default_storage.save(f"workplan/reports/job-{job.pk}.{suffix}", ContentFile(data))
    audit_record(
        "export",
        object_type="workplan.plan",
        object_id=job.params["plan"],
        changes={"format": suffix, "job": job.pk},
    )
    return {"file": name, "filename": filename}


def build_docx(
    plan: Plan, today: dt.date, rows: list[TaskRow], progress: Progress, *, reader: Any
) -> bytes:
    """The period progress report as a .docx (python-docx) in 公文 layout, for ``reader``:
    ``rows`` must come from ``task_rows(..., reader=reader)``."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    from edugov.core.io.gongwen import gongwen_document, paragraph, title

    doc = gongwen_document(author=plan.unit.name if plan.unit_id else "")

    def para(text: str, *, align=None):
        return paragraph(doc, text, align=align)

    # The 文号 is assigned when the report is signed: its issuing prefix, a blank number.
    prefix = plan.doc_number.split("〔")[0] if "〔" in plan.doc_number else ""
    para(f"{prefix}〔{today.year}〕    号", align=WD_ALIGN_PARAGRAPH.CENTER)
    heading_text = _("Progress of %(plan)s as of %(date)s") % {
        "plan": plan.title,
        "date": f"{today.year}年{today.month}月{today.day}日",
    }
    title(doc, heading_text)
    counts = defaultdict(int)
    for r in rows:
        counts[r.status] += 1
    para(
        _("%(total)s tasks: %(summary)s.")
        % {
            "total": len(rows),
            "summary": "，".join(f"{s.label}{counts[s]}项" for s in Status if counts[s]),
        }
    )
    by_point: dict[int, list[TaskRow]] = defaultdict(list)
    for r in rows:
        by_point[r.task.point_id].append(r)
    points: dict[int, list[WorkPoint]] = defaultdict(list)
    for p in WorkPoint.objects.visible_to(reader).filter(area__plan=plan).order_by("number"):
        points[p.area_id].append(p)
    areas = list(Area.objects.visible_to(reader).filter(plan=plan).order_by("number"))
    for i, area in enumerate(areas, start=1):
        doc.add_heading(str(area), level=1)
        for point in points[area.pk]:
            doc.add_heading(f"（{point.number}）{point.title}", level=2)
            point_rows = by_point.get(point.pk, [])
            if not point_rows:
                para(_("No task assigned yet."))
            for r in point_rows:
                line = f"{r.task.title}（{r.task.lead_unit.name}，{r.status.label}"
                if r.percent is not None:
                    line += "，" + _("%(percent)s%% complete") % {"percent": r.percent}
                line += "）。"
                if r.last_text:
                    line += r.last_text
                para(line)
                if r.kpis:
                    para(_kpi_text(r))
        progress(i, len(areas) + 1, _("Writing areas"))
    doc.add_heading(_("Lagging items"), level=1)
    lagging = [
        r for r in rows if r.status in (Status.LAGGING, Status.OVERDUE, Status.REPORT_MISSING)
    ]
    if not lagging:
        para(_("None."))
    for r in lagging:
        reasons = "；".join(r.verdict.reasons)
        para(
            f"{r.task.point.number}. {r.task.title}（{r.task.lead_unit.name}）："
            f"{r.status.label}。{reasons}"
        )
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def build_xlsx(plan: Plan, today: dt.date, rows: list[TaskRow]) -> bytes:
    """The 工作台账: one row per task."""
    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False})
    sheet = book.add_worksheet(_("Task ledger"))
    bold = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    headers = [
        _("area"),
        _("work point"),
        _("task"),
        _("lead unit"),
        _("owner"),
        _("start date"),
        _("due date"),
        _("percent complete"),
        _("status"),
        _("reasons"),
        _("KPIs"),
        _("open notices"),
        _("latest progress"),
    ]
    sheet.write_row(0, 0, [str(h) for h in headers], bold)
    # Dates are date cells (sortable, filterable), not text (issue 15, defect 3).
    date_format = book.add_format({"num_format": "yyyy-mm-dd"})
    for i, r in enumerate(rows, start=1):
        t = r.task
        values = [
            str(t.point.area),
            f"{t.point.number}. {t.point.title}",
            t.title,
            t.lead_unit.name,
            str(t.owner or ""),
            t.start_date,
            t.due_date,
            "" if r.percent is None else r.percent,
            str(r.status.label),
            "；".join(r.verdict.reasons),
            _kpi_text(r),
            r.open_notices,
            r.last_text,
        ]
        # Text a spreadsheet would evaluate is written as text (formula injection).
        for col, v in enumerate(values):
            if isinstance(v, dt.date):
                sheet.write_datetime(i, col, v, date_format)
            else:
                sheet.write(i, col, safe_cell(v))
    # The header stays in view and every column filters, as a ledger is read.
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(rows), 1), len(headers) - 1)
    sheet.set_column(0, 1, 24)
    sheet.set_column(2, 2, 36)
    sheet.set_column(3, 11, 14)
    sheet.set_column(12, 12, 60)
    book.close()
    return out.getvalue()


@register("workplan.docx")
def docx_job(job: Job, progress: Progress) -> dict[str, Any]:
    plan, today, rows = _load(job)
    data = build_docx(plan, today, rows, progress, reader=job.owner)
    return {
        **_save(job, data, "docx", f"progress-{plan.year}-{today:%Y%m%d}.docx"),
        "tasks": len(rows),
    }


@register("workplan.xlsx")
def xlsx_job(job: Job, progress: Progress) -> dict[str, Any]:
    plan, today, rows = _load(job)
    progress(0, 1, _("Writing tasks"))
    data = build_xlsx(plan, today, rows)
    return {
        **_save(job, data, "xlsx", f"ledger-{plan.year}-{today:%Y%m%d}.xlsx"),
        "tasks": len(rows),
    }
