"""The 公文 page and fonts for generated Word documents (python-docx), shared by every
module that writes one (the work plan's progress report, a proposal's 答复).

GB/T 9704-2012 (党政机关公文格式): A4, 天头 37 mm, 订口 28 mm; body 三号仿宋, 一级标题
黑体, 二级标题 楷体, the title 二号小标宋 centred.
"""

from __future__ import annotations

from typing import Any


def east_asian(target: Any, font: str, size: float | None = None) -> None:
    """Set a style's or a run's font for Chinese text too: Word takes a Chinese glyph's
    font from rFonts/eastAsia, not from font.name."""
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    target.font.name = font
    target.font.color.rgb = RGBColor(0, 0, 0)  # the template's headings are blue
    if size:
        target.font.size = Pt(size)
    element = target.element if hasattr(target, "element") else target._element
    element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)


def gongwen_document(*, author: str = "") -> Any:
    """A new python-docx ``Document`` on the 公文 page with the 公文 fonts."""
    from docx import Document
    from docx.shared import Mm

    doc = Document()
    # python-docx starts from US Letter (issue 15, defect 3).
    for section in doc.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)
    east_asian(doc.styles["Normal"], "仿宋_GB2312", 16)  # 三号仿宋, the 公文 body
    east_asian(doc.styles["Heading 1"], "黑体", 16)  # 一级标题 黑体
    east_asian(doc.styles["Heading 2"], "楷体_GB2312", 16)  # 二级标题 楷体
    for name in ("Heading 1", "Heading 2"):
        doc.styles[name].font.bold = False
    props = doc.core_properties  # python-docx's own "python-docx" author is English
    props.author = author
    props.comments = ""
    return doc


def title(doc: Any, text: str) -> Any:
    """The title: 二号小标宋, centred; a plain paragraph, since the template's Title style
    adds a blue rule a 公文 does not have."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    heading = doc.add_paragraph()
    east_asian(heading.add_run(text), "方正小标宋简体", 22)
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.core_properties.title = text
    return heading


def paragraph(doc: Any, text: str, *, align: Any = None) -> Any:
    p = doc.add_paragraph()
    p.add_run(text)
    if align is not None:
        p.alignment = align
    return p
