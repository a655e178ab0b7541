"""The referral letter (转介函) to a hospital, on the 公文 page (core/io/gongwen.py).

It carries what the hospital needs to receive the student — the name, school, grade,
the reason the counselor wrote and the counselor's contact — and nothing of the
screening answers: the hospital assesses for itself."""

from __future__ import annotations

import io

from edugov.core import clock
from edugov.core.io.gongwen import gongwen_document, paragraph, title

from .models import Referral


def referral_letter(referral: Referral) -> bytes:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    file = referral.case_file
    school = file.school
    doc = gongwen_document(author=school.name)
    title(doc, "学生心理健康转介函")
    hospital = referral.hospital
    paragraph(doc, f"{hospital.name}{hospital.department}：")
    student = file.student
    paragraph(
        doc,
        f"    我校{student.grade}年级学生{student.name}（{student.get_sex_display() or '—'}），"
        f"经学校心理辅导老师评估，建议转介贵院进一步评估诊治。转介原因：{referral.reason}",
    )
    paragraph(
        doc, f"    个案编号：{file.case.number}。转介日期：{referral.referred_on:%Y年%m月%d日}。"
    )
    paragraph(
        doc,
        f"    联系人：{referral.by.display_name or referral.by.username}（{school.name}心理辅导室）。"
        "请在接诊后将就诊情况反馈学校，以便做好后续跟踪（医校协同）。",
    )
    paragraph(doc, school.name, align=WD_ALIGN_PARAGRAPH.RIGHT)
    paragraph(doc, f"{clock.today():%Y年%m月%d日}", align=WD_ALIGN_PARAGRAPH.RIGHT)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
