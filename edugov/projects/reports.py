"""The documents the bureau sends upward: the monthly city summary as .docx (the 公文 page
of ``core.io.gongwen``) and .xlsx, and the performance results report (.xlsx) that feeds
next year's budget proposal. Each download is one audit event."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _

from edugov.audit.services import audit_record
from edugov.core.io.gongwen import gongwen_document, paragraph, title

from .models import SOURCES
from .selectors import Summary

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _yuan(value: Decimal) -> str:
    return f"{value:,.2f}"


def _wan(value: Decimal) -> str:
    """万元 with two decimals, the unit of the bureau's summaries."""
    return f"{(value / 10000).quantize(Decimal('0.01')):,}"


def _response(data: bytes, content_type: str, filename: str) -> HttpResponse:
    from urllib.parse import quote

    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    response["Cache-Control"] = "no-store"
    return response


def _headers() -> list[str]:
    return [
        _("District"),
        _("projects"),
        _("reported"),
        _("behind schedule"),
        _("mean percent complete"),
        _("budget (万元)"),
        _("paid to date (万元)"),
        _("paid this month (万元)"),
        _("execution (%)"),
    ]


def _cells(row) -> list[str]:
    return [
        row.district,
        str(row.projects),
        str(row.reported),
        str(row.delayed),
        "—" if row.percent is None else f"{row.percent}%",
        _wan(row.budget),
        _wan(row.paid),
        _wan(row.paid_month),
        "—" if row.execution is None else f"{row.execution}%",
    ]


def summary_docx(summary: Summary, user: Any) -> HttpResponse:
    """The 月报 as a 公文: the title, one paragraph of totals, the table by district, and
    the projects behind schedule with their reasons."""
    month = summary.month
    doc = gongwen_document(author=user.unit.name if getattr(user, "unit_id", None) else "")
    title(doc, _("%(y)s年%(m)s月重大重点项目推进情况") % {"y": month.year, "m": month.month})
    t = summary.total
    paragraph(
        doc,
        _(
            "本月纳入调度项目%(n)s个，%(r)s个报送月报，其中进度滞后%(d)s个；总投资%(b)s万元，"
            "累计支付%(p)s万元，本月支付%(pm)s万元。"
        )
        % {
            "n": t.projects,
            "r": t.reported,
            "d": t.delayed,
            "b": _wan(t.budget),
            "p": _wan(t.paid),
            "pm": _wan(t.paid_month),
        },
    )
    doc.add_heading(_("一、分县区推进情况"), level=1)
    table = doc.add_table(rows=1, cols=len(_headers()))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, _headers(), strict=True):
        cell.text = text
    for row in [*summary.rows, summary.total]:
        for cell, text in zip(table.add_row().cells, _cells(row), strict=True):
            cell.text = text
    doc.add_heading(_("二、进度滞后项目"), level=1)
    if not summary.delayed:
        paragraph(doc, _("本月无进度滞后项目。"))
    for i, d in enumerate(summary.delayed, 1):
        paragraph(
            doc,
            f"{i}. {d['district']} {d['code']} {d['name']}（{d['unit']}，"
            f"{_('完成')}{d['percent']}%）：{d['reason']}",
        )
    out = io.BytesIO()
    doc.save(out)
    audit_record(
        "export",
        object_type="projects.progressreport",
        changes={"rows": t.projects, "format": "docx", "month": month.isoformat()},
    )
    return _response(out.getvalue(), DOCX, f"项目月报-{month:%Y-%m}.docx")


def summary_xlsx(summary: Summary, user: Any) -> HttpResponse:
    """The same summary as a sheet, with payments to date by funding source."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = f"{summary.month:%Y-%m}"
    ws.append([*_headers(), *[f"{_('paid')}: {label} (元)" for _s, label in SOURCES]])
    for row in [*summary.rows, summary.total]:
        ws.append([*_cells(row), *[float(row.by_source[s]) for s, _l in SOURCES]])
    delayed = wb.create_sheet(_("behind schedule"))
    delayed.append(
        [_("District"), _("project code"), _("project name"), _("percent complete"), _("reasons")]
    )
    for d in summary.delayed:
        delayed.append([d["district"], d["code"], d["name"], float(d["percent"]), d["reason"]])
    out = io.BytesIO()
    wb.save(out)
    audit_record(
        "export",
        object_type="projects.progressreport",
        changes={"rows": summary.total.projects, "format": "xlsx", "month": str(summary.month)},
    )
    return _response(out.getvalue(), XLSX, f"项目月报-{summary.month:%Y-%m}.xlsx")


def performance_xlsx(lines: list, monitors: dict, user: Any, year: int) -> HttpResponse:
    """The 绩效 results report: per line its budget, execution and flag (双监控), and per
    indicator its target, what was achieved and the 自评 score, with the line's total
    score — the input of next year's budget proposal."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = str(year)
    ws.append(
        [
            _("budget line code"),
            _("budget line"),
            _("budget (元)"),
            _("execution (%)"),
            _("time progress (%)"),
            _("flagged"),
            _("self-evaluation score"),
            _("out of"),
        ]
    )
    detail = wb.create_sheet(_("indicators"))
    detail.append(
        [
            _("budget line code"),
            _("category"),
            _("indicator"),
            _("target value"),
            _("achieved"),
            _("weight (points)"),
            _("self-evaluation score"),
        ]
    )
    for line in lines:
        mon = monitors.get(line.pk)
        indicators = list(line.indicators.all())
        score = sum((i.self_score or Decimal(0) for i in indicators), Decimal(0))
        weight = sum((i.weight for i in indicators), Decimal(0))
        ws.append(
            [
                line.code,
                line.name,
                float(line.amount),
                None if mon is None or mon.execution is None else float(mon.execution),
                None if mon is None else float(mon.progress),
                _("yes") if mon and mon.flag else "",
                float(score),
                float(weight),
            ]
        )
        for i in indicators:
            detail.append(
                [
                    line.code,
                    i.get_category_display(),
                    i.name,
                    i.target,
                    i.achieved,
                    float(i.weight),
                    None if i.self_score is None else float(i.self_score),
                ]
            )
    out = io.BytesIO()
    wb.save(out)
    audit_record(
        "export",
        object_type="projects.budgetline",
        changes={"rows": len(lines), "format": "xlsx", "year": year},
    )
    return _response(out.getvalue(), XLSX, f"预算绩效-{year}.xlsx")
