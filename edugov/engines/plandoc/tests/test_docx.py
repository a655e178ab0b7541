"""The .docx reader: a document built with python-docx parses like its text form."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import docx.opc.constants
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from edugov.engines.plandoc import PlanReadError, parse_docx, parse_path, parse_text

from .conftest import FIXTURES


def markdown_to_docx(text: str) -> bytes:
    """Lay out Markdown the way a bureau's Word file is: heading styles for # lines and
    bold runs where the text has **…**, with no Markdown characters left in."""
    document = docx.Document()
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("#"):
            level = len(stripped) - len(stripped.lstrip("#"))
            document.add_heading(stripped.lstrip("#").strip().replace("**", ""), level=level)
            continue
        paragraph = document.add_paragraph()
        for i, piece in enumerate(stripped.split("**")):
            if piece:
                paragraph.add_run(piece).bold = i % 2 == 1
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _without_markdown(document_bytes: bytes) -> str:
    return "\n".join(p.text for p in docx.Document(io.BytesIO(document_bytes)).paragraphs)


@pytest.mark.parametrize("name", ["jiujiang-2024-annotated.md", "shangrao-2024-plain.txt"])
def test_a_generated_docx_parses_the_same_as_its_text(name: str) -> None:
    text = (FIXTURES / name).read_text(encoding="utf-8")
    data = markdown_to_docx(text)
    assert "**" not in _without_markdown(data)
    assert parse_docx(data).to_dict() == parse_text(text).to_dict()


def test_the_nanchang_plan_as_docx_parses_the_same_as_its_text(nanchang_file: Path) -> None:
    text = nanchang_file.read_text(encoding="utf-8")
    from_docx = parse_docx(markdown_to_docx(text))
    assert from_docx.to_dict() == parse_text(text).to_dict()
    assert len(list(from_docx.points())) == 28


def test_it_reads_a_docx_from_a_path_bytes_or_file_object(tmp_path: Path) -> None:
    data = markdown_to_docx((FIXTURES / "jiujiang-2024-annotated.md").read_text(encoding="utf-8"))
    path = tmp_path / "plan.docx"
    path.write_bytes(data)
    renamed = tmp_path / "upload.bin"  # uploads arrive renamed; the content decides
    renamed.write_bytes(data)
    expected = parse_docx(data).to_dict()
    assert parse_docx(path).to_dict() == expected
    assert parse_docx(str(path)).to_dict() == expected
    assert parse_docx(io.BytesIO(data)).to_dict() == expected
    assert parse_path(path).to_dict() == expected
    assert parse_path(renamed).to_dict() == expected


def test_bold_point_titles_need_no_punctuation_in_word() -> None:
    document = docx.Document()
    document.add_paragraph("一、教育保障")
    paragraph = document.add_paragraph()
    paragraph.add_run("1. ")
    paragraph.add_run("加大经费投入").bold = True
    paragraph.add_run("安排专项资金5000万元，")
    # A page break mid-sentence leaves the rest in a new paragraph.
    document.add_paragraph("支持学校改造30所。")
    buffer = io.BytesIO()
    document.save(buffer)
    point = next(parse_docx(buffer.getvalue()).points())
    assert point.title == "加大经费投入"
    assert point.body == "安排专项资金5000万元，支持学校改造30所。"
    assert [(t.subject, t.normalised_value) for t in point.targets] == [
        ("专项资金", 50000000),
        ("支持学校改造", 30),
    ]


def _use_chinese_counting(document, style_name: str) -> None:
    """Switch the list behind ``style_name`` to 一、二、 numbering, as Chinese Word does."""
    num_id = document.styles[style_name].element.pPr.find(qn("w:numPr")).find(qn("w:numId"))
    numbering = document.part.numbering_part.element
    num = next(
        n for n in numbering.findall(qn("w:num")) if n.get(qn("w:numId")) == num_id.get(qn("w:val"))
    )
    abstract_id = num.find(qn("w:abstractNumId")).get(qn("w:val"))
    abstract = next(
        a
        for a in numbering.findall(qn("w:abstractNum"))
        if a.get(qn("w:abstractNumId")) == abstract_id
    )
    level = abstract.find(qn("w:lvl"))
    level.find(qn("w:numFmt")).set(qn("w:val"), "chineseCounting")
    level.find(qn("w:lvlText")).set(qn("w:val"), "%1、")


def test_word_automatic_list_numbers_are_read_as_markers() -> None:
    document = docx.Document()
    _use_chinese_counting(document, "List Number")
    document.add_paragraph("某区教育局2024年工作要点", style="Title")
    for area, points in (
        ("加强党的建设", ["理论学习", "基层党建"]),
        ("发展基础教育", ["学前教育"]),
    ):
        document.add_paragraph(area, style="List Number")
        for title in points:
            paragraph = document.add_paragraph(style="List Number 2")
            paragraph.add_run(title + "。").bold = True
            paragraph.add_run("全年开展活动12场。")
    buffer = io.BytesIO()
    document.save(buffer)
    plan = parse_docx(buffer.getvalue())
    assert plan.title == "某区教育局2024年工作要点"
    assert [(a.number, a.title) for a in plan.areas] == [(1, "加强党的建设"), (2, "发展基础教育")]
    assert [(p.number, p.title) for p in plan.points()] == [
        (1, "理论学习"),
        (2, "基层党建"),
        (3, "学前教育"),
    ]
    assert all(p.targets[0].normalised_value == 12 for p in plan.points())


def test_a_soft_line_break_inside_a_word_paragraph_splits_it() -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("一、安全稳定")
    paragraph.add_run().add_break()
    paragraph.add_run("1、校园安全。全面排查隐患。")
    buffer = io.BytesIO()
    document.save(buffer)
    plan = parse_docx(buffer.getvalue())
    assert [a.title for a in plan.areas] == ["安全稳定"]
    assert [p.title for p in plan.points()] == ["校园安全"]


def test_a_corrupt_docx_raises_a_read_error(tmp_path: Path) -> None:
    with pytest.raises(PlanReadError):
        parse_docx(b"PK\x03\x04 not really a zip")
    other_zip = io.BytesIO()
    with zipfile.ZipFile(other_zip, "w") as archive:
        archive.writestr("notes.txt", "一、不是计划")
    with pytest.raises(PlanReadError, match="Content_Types"):
        parse_docx(other_zip.getvalue())
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"this is plain text pretending to be a docx")
    with pytest.raises(PlanReadError, match="bad.docx"):
        parse_path(bad)


def test_a_legacy_doc_file_is_refused_with_advice(tmp_path: Path) -> None:
    old = tmp_path / "plan.doc"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(PlanReadError, match="另存为 .docx"):
        parse_path(old)


def test_text_inside_a_hyperlink_is_kept() -> None:
    document = docx.Document()
    document.add_paragraph("一、信息化")
    paragraph = document.add_paragraph("1. 建设平台。接入")
    # python-docx has no API for hyperlinks; build the XML Word writes.
    rel_id = document.part.relate_to(
        "https://example.org", docx.opc.constants.RELATIONSHIP_TYPE.HYPERLINK, is_external=True
    )
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel_id)
    run, text = OxmlElement("w:r"), OxmlElement("w:t")
    text.text = "智慧教育平台"
    run.append(text)
    link.append(run)
    paragraph._p.append(link)
    paragraph.add_run("的学校达到200所。")
    buffer = io.BytesIO()
    document.save(buffer)
    point = next(parse_docx(buffer.getvalue()).points())
    assert point.body == "接入智慧教育平台的学校达到200所。"
    assert [(t.subject, t.normalised_value) for t in point.targets] == [
        ("接入智慧教育平台的学校", 200)
    ]
