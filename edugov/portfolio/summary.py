"""A student's term summary (综合素质评价学期报告) as a .docx in the 档案 layout, on the 公文
page (core/io/gongwen.py): the student named in full (it is handed to the family, so the
view needs the roll's full-data permission), school, class and term; the five dimensions
with grade, evidence and status; the term's practice hours and reading; and how the
objections raised during 公示 ended.

The document is Chinese only, as the school's 档案 is (like the other 公文 this platform
writes). It holds what the reader may read: records and activities through ``visible_to``.
"""

from __future__ import annotations

import io
from collections import Counter
from typing import Any

from django.contrib.contenttypes.models import ContentType

from edugov.core import clock
from edugov.core.io.gongwen import gongwen_document, paragraph, title

from . import selectors
from .models import ActivityKind, Dimension, PortfolioRecord

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# The 档案's words for the dimensions and statuses (the document is Chinese only).
DIMENSION_NAMES = {
    Dimension.MORAL: "思想品德",
    Dimension.ACADEMIC: "学业水平",
    Dimension.HEALTH: "身心健康",
    Dimension.ARTS: "艺术素养",
    Dimension.PRACTICE: "社会实践",
}
STATUS_NAMES = {"draft": "草稿", "notice": "公示中", "signed": "已确认"}


def term_records(user: Any, record: PortfolioRecord) -> dict[str, PortfolioRecord]:
    """The student's records of the record's term the user may read, by dimension."""
    rows = PortfolioRecord.objects.visible_to(user, "view").filter(
        student_id=record.student_id, school_year=record.school_year, term=record.term
    )
    return {r.dimension: r for r in rows}


def objection_outcomes(user: Any, records) -> Counter:
    """How many objections to these records ended in each state (成立, 不成立, open …),
    over the cases the user may read: one query."""
    from edugov.casework.models import Case

    from .casetypes import CODE

    cases = Case.objects.visible_to(user, "view").filter(
        case_type=CODE,
        subject_type=ContentType.objects.get_for_model(PortfolioRecord),
        subject_id__in=[r.pk for r in records],
    )
    return Counter(c.state_label for c in cases)


def summary_docx(user: Any, record: PortfolioRecord) -> bytes:
    student, school = record.student, record.school
    records = term_records(user, record)
    totals = selectors.activity_totals(user, record.student_id, record.school_year, record.term)
    term = "第一学期" if record.term == 1 else "第二学期"
    doc = gongwen_document(author=school.name)
    title(doc, "学生综合素质评价学期报告")
    paragraph(doc, f"学生：{student.name}    学校：{school.name}")
    paragraph(
        doc,
        f"年级班级：{student.grade}年级{student.class_name}    "
        f"学年学期：{record.school_year}—{record.school_year + 1}学年{term}",
    )
    doc.add_heading("一、五个维度", level=1)
    table = doc.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("维度", "等级", "写实记录", "状态"), strict=True):
        cell.text = text
    for dimension in Dimension:
        r = records.get(dimension)
        cells = (
            (DIMENSION_NAMES[dimension], r.grade, r.evidence, STATUS_NAMES[r.status])
            if r
            else (DIMENSION_NAMES[dimension], "—", "未录入", "—")
        )
        for cell, text in zip(table.add_row().cells, cells, strict=True):
            cell.text = text
    doc.add_heading("二、社会实践与智慧阅读", level=1)
    practice = totals.get(ActivityKind.PRACTICE, {"n": 0, "hours": 0})
    reading = totals.get(ActivityKind.READING, {"n": 0, "hours": 0})
    paragraph(doc, f"    本学期社会实践 {practice['n']} 次，共 {practice['hours']} 小时。")
    paragraph(doc, f"    本学期阅读图书 {reading['n']} 本，共 {reading['hours']} 小时。")
    doc.add_heading("三、公示异议", level=1)
    outcomes = objection_outcomes(user, records.values())
    if outcomes:
        parts = "，".join(f"{label} {n} 件" for label, n in sorted(outcomes.items()))
        paragraph(doc, f"    公示期间收到异议 {sum(outcomes.values())} 件：{parts}。")
    else:
        paragraph(doc, "    公示期间未收到异议。")
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    paragraph(doc, school.name, align=WD_ALIGN_PARAGRAPH.RIGHT)
    paragraph(doc, f"{clock.today():%Y年%m月%d日}", align=WD_ALIGN_PARAGRAPH.RIGHT)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
