"""The district evaluation report (.xlsx and .docx): 普及普惠 table, 优质均衡 indicator
and CV tables per stage, the failing schools with their gaps, the oversized schools.

Built from the same evaluation dicts as the pages; one ``export`` audit event each.
"""

from __future__ import annotations

import io
from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _

from edugov.audit.services import audit_record
from edugov.core.io.export import safe_cell

from .evaluations import (
    class_size_evaluation,
    kindergarten_evaluation,
    youzhi_evaluation,
    youzhi_for_year,
)
from .selectors import AreaData

STAGE_ZH = {"primary": "小学", "junior": "初中"}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _fmt(v: Any, places: int = 2) -> Any:
    if v is None:
        return "—"
    if isinstance(v, bool):
        return "是" if v else "否"
    if isinstance(v, float):
        return round(v, places)
    return v


def report_tables(data: AreaData, year: int) -> list[tuple[str, list[str], list[list[Any]]]]:
    """(title, header, rows) for every table of the report."""
    tables: list[tuple[str, list[str], list[list[Any]]]] = []
    kg = kindergarten_evaluation(data)
    rows, city = kg.for_year(year)
    header = ["区域", "幼儿园数", "公办园数", "新增公办园"]
    header += [f"{i['name_zh']}（{i['unit']}）" for i in kg.indicators]
    body = []
    for r in [*rows, *([{**city, "district": "合计"}] if city else [])]:
        body.append(
            [r["district"], r["n_kindergartens"], r["n_public"], r["n_new_public"]]
            + [_fmt(r["indicators"][i["code"]]["value"]) for i in kg.indicators]
        )
    tables.append((f"{year}年 学前教育普及普惠", header, body))

    yz = youzhi_for_year(youzhi_evaluation(data, school_year=year), year)
    inds = yz["indicators"]
    for stage in yz["stages"]:
        zh = STAGE_ZH[stage["level"]]
        header = ["区域", "学校数", "达标学校数"]
        for i in inds:
            header += [i["name_zh"], "差异系数", "达标后差异系数"]
        header += ["资源配置达标"]
        body = []
        for d in stage["districts"]:
            line = [d["district"], d["n_schools"], d["n_passing"]]
            for i in inds:
                e = d["indicators"][i["code"]]
                line += [_fmt(e["value"]), _fmt(e["cv"], 3), _fmt(e["cv_if_gaps_closed"], 3)]
            body.append(line + [_fmt(d["passes_resource_allocation"])])
        tables.append((f"{year}年 义务教育优质均衡（{zh}）", header, body))
        header = [
            "区域",
            "学校标识码",
            "学校",
            "学生数",
            "达标指标数",
            "指标",
            "差距（达标）",
            "差距（85%）",
        ]
        body = []
        names = {i["code"]: i["name_zh"] for i in inds}
        for s in stage["failing"]:
            for code, g in s["gaps"].items():
                body.append(
                    [
                        s["district"],
                        s["school_code"],
                        s["name"],
                        s["students"],
                        s["n_met"],
                        names[code],
                        f"{_fmt(g['school_total_to_standard'])} {g['unit']}",
                        f"{_fmt(g['to_85pct'])} {g['unit']}",
                    ]
                )
        tables.append((f"{year}年 未达标学校及差距（{zh}）", header, body))
    sizes = class_size_evaluation(data, year)
    header = ["区域", "学校标识码", "学校", "类型", "学生数", "规模上限", "超出"]
    body = [
        [
            o["district"],
            o["school_code"],
            o["name"],
            o["type"],
            o["students"],
            o["limit"],
            o["excess"],
        ]
        for o in sizes["oversized"]
    ]
    tables.append((f"{year}年 超规模学校（大校额）", header, body))
    return tables


def _audit(unit, year: int, fmt: str) -> None:
    audit_record(
        "export",
        object_type="registry.evaluation_report",
        object_id=unit.pk,
        object_repr=f"{unit.name} {year}",
        changes={"format": fmt, "year": year},
    )


def xlsx_response(*, unit, data: AreaData, year: int, user) -> HttpResponse:
    import xlsxwriter

    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False})
    bold = book.add_format({"bold": True})
    for n, (title, header, rows) in enumerate(report_tables(data, year), start=1):
        sheet = book.add_worksheet(f"{n}")
        sheet.write(0, 0, title, bold)
        sheet.write_row(1, 0, header, bold)
        for r, row in enumerate(rows, start=2):
            # School names are user data: text a spreadsheet would evaluate stays text.
            sheet.write_row(r, 0, [safe_cell(v) for v in row])
    book.set_properties({"title": f"{unit.name} {year} 评估报告", "author": user.username})
    book.close()
    _audit(unit, year, "xlsx")
    response = HttpResponse(buf.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="evaluation-{unit.code}-{year}.xlsx"'
    return response


def docx_response(*, unit, data: AreaData, year: int, user) -> HttpResponse:
    from docx import Document

    doc = Document()
    doc.core_properties.author = user.username
    doc.add_heading(f"{unit.name} {year}学年 督导评估报告", level=0)
    doc.add_paragraph(
        _("Computed from approved annual statistics by edugov; CVs are student-weighted.")
    )
    for title, header, rows in report_tables(data, year):
        doc.add_heading(title, level=1)
        if not rows:
            doc.add_paragraph("无")
            continue
        table = doc.add_table(rows=1, cols=len(header))
        table.style = "Table Grid"
        for c, h in enumerate(header):
            table.rows[0].cells[c].text = str(h)
        for row in rows:
            cells = table.add_row().cells
            for c, v in enumerate(row):
                cells[c].text = str(v)
    buf = io.BytesIO()
    doc.save(buf)
    _audit(unit, year, "docx")
    response = HttpResponse(buf.getvalue(), content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="evaluation-{unit.code}-{year}.docx"'
    return response
