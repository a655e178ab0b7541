"""Documents of the proposals: a 答复 (.docx, 公文 layout) and the year's summary
(.xlsx and .docx). The page and fonts are ``core.io.gongwen``'s, shared with the work
plan's report; the figures are ``selectors.summary``'s, the page's own."""

from __future__ import annotations

import io
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from edugov.casework.models import CaseTransition
from edugov.core import clock
from edugov.core.io.export import safe_cell
from edugov.core.io.gongwen import gongwen_document, paragraph, title

from .casetypes import class_label
from .models import Proposal, ProposalKind


def reply_step(proposal: Proposal) -> CaseTransition | None:
    """The latest 答复 on the proposal's case (a redone answer replaces the first)."""
    if proposal.case_id is None:
        return None
    return (
        CaseTransition.objects.filter(case_id=proposal.case_id, move="reply")
        .order_by("-at", "-pk")
        .first()
    )


def consultations(proposal: Proposal) -> list[CaseTransition]:
    """The 面商 records, oldest first."""
    if proposal.case_id is None:
        return []
    return list(
        CaseTransition.objects.filter(case_id=proposal.case_id, move="consult")
        .select_related("actor", "actor_unit")
        .order_by("at", "pk")
    )


def _cn_date(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def build_reply_docx(proposal: Proposal, step: CaseTransition) -> bytes:
    """The 答复 to the proposer: 文号, title, addressee, the answer, its result class
    (and for class C the reason), the department's contact, the issuing unit and date."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    data = step.data or {}
    case = proposal.case
    unit = proposal.unit
    doc = gongwen_document(author=unit.name)
    paragraph(doc, data.get("doc_number", ""), align=WD_ALIGN_PARAGRAPH.RIGHT)
    noun = _("suggestion (建议)") if proposal.kind == ProposalKind.NPC else _("proposal (提案)")
    title(
        doc,
        _("%(unit)s's answer to %(noun)s No. %(number)s of %(year)s")
        % {"unit": unit.name, "noun": noun, "number": proposal.number, "year": proposal.year},
    )
    honorific = _("deputy (代表)") if proposal.kind == ProposalKind.NPC else _("member (委员)")
    paragraph(doc, f"{proposal.proposer}{honorific}：")
    paragraph(
        doc,
        "　　"
        + _("Your %(noun)s “%(title)s” has been received. Our answer follows.")
        % {"noun": noun, "title": proposal.title},
    )
    for line in (case.outcome or step.reason or "").splitlines():
        if line.strip():
            paragraph(doc, "　　" + line.strip())
    code = data.get("classification", "")
    paragraph(
        doc,
        "　　"
        + _("Result: class %(code)s (%(label)s).") % {"code": code, "label": class_label(code)},
    )
    if data.get("limitation"):
        paragraph(
            doc, "　　" + _("Why it cannot be solved now: %(why)s") % {"why": data["limitation"]}
        )
    paragraph(doc, "　　" + _("Thank you for your concern for education in our city."))
    lead = case.lead_unit.name if case.lead_unit_id else ""
    paragraph(
        doc,
        _("Contact: %(unit)s, %(person)s, telephone %(phone)s")
        % {"unit": lead, "person": data.get("contact", ""), "phone": data.get("phone", "")},
    )
    day = timezone.localdate(step.at) if step.at else clock.today()
    paragraph(doc, unit.name, align=WD_ALIGN_PARAGRAPH.RIGHT)
    paragraph(doc, _cn_date(day), align=WD_ALIGN_PARAGRAPH.RIGHT)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _headers(classes) -> list[str]:
    return [
        _("lead unit (主办单位)"),
        _("proposals"),
        _("answered"),
        _("answered on time"),
        _("on-time rate (%)"),
        *[_("class %(code)s") % {"code": code} for code, _label in classes],
        *[_("class %(code)s share (%%)") % {"code": code} for code, _label in classes],
        _("rated"),
        _("satisfied or basically satisfied"),
        _("satisfaction rate (%)"),
        _("overdue"),
    ]


def _values(name: str, row: dict[str, Any]) -> list[Any]:
    return [
        name,
        row["total"],
        row["closed"],
        row["on_time"],
        row["on_time_rate"],
        *[c["count"] for c in row["classes"]],
        *[c["share"] for c in row["classes"]],
        row["rated"],
        row["satisfied"],
        row["satisfaction_rate"],
        row["overdue"],
    ]


def summary_rows(data: dict[str, Any]) -> tuple[list[str], list[list[Any]]]:
    """The table both downloads write: one row per 主办 department, then the total."""
    rows = [_values(r["lead_unit__name"], r) for r in data["by_unit"]]
    rows.append(_values(_("Total"), data["overall"]))
    return _headers(data["classes"]), rows


def build_summary_xlsx(data: dict[str, Any]) -> bytes:
    """Numbers as numbers (a rate is a number of per cent, empty where nothing counts);
    the header stays in view and every column filters."""
    import xlsxwriter

    headers, rows = summary_rows(data)
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet(str(data["year"]))
    bold = book.add_format({"bold": True})
    for col, h in enumerate(headers):
        sheet.write(0, col, h, bold)
    for i, values in enumerate(rows, start=1):
        for col, v in enumerate(values):
            if v is None:
                sheet.write_blank(i, col, None)
            elif isinstance(v, int | float):
                sheet.write_number(i, col, v)
            else:
                sheet.write(i, col, safe_cell(v))
    sheet.freeze_panes(1, 1)
    sheet.autofilter(0, 0, len(rows), len(headers) - 1)
    sheet.set_column(0, 0, 22)
    sheet.set_column(1, len(headers) - 1, 12)
    book.close()
    return out.getvalue()


def build_summary_docx(data: dict[str, Any], *, unit_name: str) -> bytes:
    """The summary as a 公文-layout report: the year's figures in words, then the table."""
    doc = gongwen_document(author=unit_name)
    title(
        doc,
        _("Handling of the NPC suggestions and CPPCC proposals of %(year)s")
        % {"year": data["year"]},
    )
    o = data["overall"]
    shares = "，".join(
        f"{c['code']}类{c['count']}件" + (f"（{c['share']}%）" if c["share"] is not None else "")
        for c in o["classes"]
    )
    paragraph(
        doc,
        "　　"
        + _(
            "%(total)s received, %(closed)s answered, %(on_time)s of them on time "
            "(on-time rate %(rate)s%%); by result: %(shares)s; satisfaction rate %(sat)s%%; "
            "%(overdue)s overdue."
        )
        % {
            "total": o["total"],
            "closed": o["closed"],
            "on_time": o["on_time"],
            "rate": "—" if o["on_time_rate"] is None else o["on_time_rate"],
            "shares": shares or "—",
            "sat": "—" if o["satisfaction_rate"] is None else o["satisfaction_rate"],
            "overdue": o["overdue"],
        },
    )
    headers, rows = summary_rows(data)
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, h in zip(table.rows[0].cells, headers, strict=True):
        cell.text = h
    for values in rows:
        cells = table.add_row().cells
        for cell, v in zip(cells, values, strict=True):
            cell.text = "" if v is None else str(v)
    paragraph(doc, _cn_date(clock.today()))
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
