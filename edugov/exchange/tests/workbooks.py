"""Test workbooks, built from a layout declaration and a school's facts — never copied
from a real school's export.

Each table is laid out as the hand-off format describes it (DATA-EXCHANGE.md §1): a
title row, header rows ending in the numbering row 甲/乙/1/2/…, one row per code. The
cell values are worked out from the facts so that every 合计 the form carries holds; a
test then breaks one cell on purpose.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

import xlsxwriter

from edugov.exchange.layouts import StatisticsLayout, Table, statistics_layout_for

BANDS = [(25, "b25"), (30, "b30"), (35, "b35"), (40, "b40"), (45, "b45")]
BANDS += [(50, "b50"), (55, "b55"), (60, "b60"), (65, "b65"), (10_000, "b66")]


@dataclass
class Facts:
    """One school's figures as the registry template holds them."""

    school_code: str
    itype: str
    year: int = 2023
    grades: dict[str, int] = field(default_factory=dict)  # g1…g9, k1…k3
    class_sizes: dict[str, list[int]] = field(default_factory=dict)  # primary/junior/kg
    teachers: dict[str, int] = field(default_factory=dict)  # primary/junior/kg totals
    postgraduate: int = 0
    bachelor: int = 0
    associate: int = 0
    pe: int = 0
    music: int = 0
    art: int = 0
    backbone: int = 0
    floor_area: float = 0
    sports_hall_area: float = 0
    sports_ground_area: float = 0
    equipment_value: float = 0  # 元
    multimedia: int = 0


def _bands(sizes: list[int]) -> dict[str, int]:
    out = dict.fromkeys((k for _u, k in BANDS), 0)
    for s in sizes:
        out[next(k for upper, k in BANDS if s <= upper)] += 1
    return out


def _spread(total: int, keys: list[str]) -> dict[str, int]:
    base, extra = divmod(total, len(keys))
    return {k: base + (1 if i < extra else 0) for i, k in enumerate(keys)}


def table_cells(table: Table, facts: Facts, stage: str) -> dict[str, Any]:
    """``{"row.column": value}`` for one table, every 合计 holding."""
    g = facts.grades
    code = KIND[table.code]
    cells: dict[str, Any] = {}
    if code == "3112":
        grades = [g.get(f"g{i}", 0) for i in range(1, 7)]
        for i, n in enumerate(grades, start=1):
            cells[f"total.g{i}"] = n
            cells[f"female.g{i}"] = n // 2
        cells["total.enrolled"] = sum(grades)
        cells["female.enrolled"] = sum(n // 2 for n in grades)
        cells["total.girls"] = cells["female.enrolled"]
        cells["total.admitted"] = cells["total.pre_three"] = grades[0]
        cells["total.graduates"] = grades[5]
    elif code == "3115":
        grades = [g.get(f"g{i}", 0) for i in (7, 8, 9)]
        for key, n in zip(("g7", "g8", "g9"), grades, strict=True):
            cells[f"total.{key}"] = n
            cells[f"female.{key}"] = n // 2
        cells["total.enrolled"] = sum(grades)
        cells["female.enrolled"] = sum(n // 2 for n in grades)
        cells["total.girls"] = cells["female.enrolled"]
        cells["total.admitted"] = grades[0]
    elif code == "213":
        sizes = facts.class_sizes.get(stage, [])
        cells["all.total"] = cells["all.junior"] = len(sizes)
        for key, n in _bands(sizes).items():
            cells[f"{key}.junior"] = n
        for key, n in _spread(len(sizes), ["g7", "g8", "g9"]).items():
            cells[f"all.{key}"] = n
    elif code == "423":
        total = facts.teachers.get(stage, 0)
        share = _share(facts, stage)
        pg, bach, assoc = share(facts.postgraduate), share(facts.bachelor), share(facts.associate)
        cells.update({"total.total": total, "total.pg": pg, "total.bachelor": bach})
        cells.update({"total.associate": assoc, "total.senior": total - pg - bach - assoc})
        cells["pe.total"] = cells["pe.bachelor"] = share(facts.pe)
        cells["music.total"], cells["art.total"] = share(facts.music), share(facts.art)
    elif code == "522":
        cells["all.ground"] = facts.sports_ground_area
        cells["all.multimedia"] = facts.multimedia
        cells["all.equipment"] = facts.equipment_value / 10000
    elif code in ("2106", "2107"):
        sizes = facts.class_sizes.get(stage, [])
        cells["all.total"] = len(sizes)
        for key, n in _bands(sizes).items():
            cells[f"{key}.total"] = n
        grade_cols = [k for k in table.columns if k.startswith("g")][: 6 if code == "2106" else 3]
        for key, n in _spread(len(sizes), grade_cols).items():
            cells[f"all.{key}"] = n
    elif code in ("4155", "4156"):
        total = facts.teachers.get(stage, 0)
        share = _share(facts, stage)
        pg = share(facts.postgraduate)
        bach, assoc = share(facts.bachelor), share(facts.associate)
        cells["all.total"] = total
        cells["all.women"] = total // 2
        cells["master.total"] = pg
        cells["bachelor.total"], cells["associate.total"] = bach, assoc
        cells["senior.total"] = total - pg - bach - assoc
        pe, music, art = share(facts.pe), share(facts.music), share(facts.art)
        pe_key = "pe"
        cells[f"all.{pe_key}"], cells["all.music"], cells["all.fine_art"] = pe, music, art
        cells["all.chinese"] = total - pe - music - art
    elif code == "1102":
        cells["backbone.value"] = facts.backbone
    elif code == "5170":
        cells["teaching.total"] = facts.floor_area
        cells["public.total"] = cells["hall.total"] = facts.sports_hall_area
        cells["classroom.total"] = facts.floor_area - facts.sports_hall_area
    elif code == "5176":
        cells["ground.value"] = facts.sports_ground_area
        cells["multimedia.value"] = facts.multimedia
        cells["equipment.value"] = facts.equipment_value / 10000
    elif code == "2105":
        sizes = facts.class_sizes.get("kg", [])
        kids = [g.get(k, 0) for k in ("k1", "k2", "k3")]
        classes = _spread(len(sizes), ["small", "middle", "large"])
        for key, n in classes.items():
            cells[f"classes.{key}"] = n
        cells["classes.total"] = len(sizes)
        for key, n in zip(("small", "middle", "large"), kids, strict=True):
            cells[f"children.{key}"] = n
        cells["children.total"] = sum(kids)
    elif code == "4159":
        cells["teachers.total"] = facts.teachers.get("kg", 0)
    return cells


def _share(facts: Facts, stage: str):
    """A nine-year school's one count split between its two teacher tables."""
    stages = [s for s in ("primary", "junior") if facts.teachers.get(s)]
    if len(stages) < 2:
        return lambda n: n
    return lambda n: (n - n // 2) if stage == "primary" else n // 2


#: Which builder fills a table, and for which stage: the 基础基 tables that hold the
#: same figures as a 教基 one in the same shape share its builder.
KIND = {
    "教基3112": "3112", "基础基312": "3112", "教基3115": "3115", "基础基313": "3115",
    "教基2106": "2106", "基础基212": "2106", "教基2107": "2107", "基础基213": "213",
    "教基4155": "4155", "教基4156": "4156", "基础基423": "423", "基础基424": "423",
    "教基1102续": "1102", "基础基112": "1102", "教基5170": "5170", "基础基512": "5170",
    "教基5176": "5176", "基础基522": "522", "教基2105": "2105", "教基4159": "4159",
}  # fmt: skip
_STAGE = {
    "教基3112": "primary", "基础基312": "primary", "教基2106": "primary",
    "基础基212": "primary", "教基4155": "primary", "基础基423": "primary",
    "教基3115": "junior", "基础基313": "junior", "教基2107": "junior", "基础基213": "junior",
    "教基4156": "junior", "基础基424": "junior", "教基2105": "kg", "教基4159": "kg",
}  # fmt: skip


def write_table(
    book, name: str, table: Table, cells: dict[str, Any], labels: dict[str, str] | None = None
) -> None:
    ws = book.add_worksheet(name)
    numbers = sorted(int(c.number) for c in table.columns.values())
    width = len(table.letters) + max(numbers)
    ws.write(0, 0, f"{table.code}  {table.title}")
    ws.write(1, 0, "单位：人、个")
    relabel = labels or {}
    labels = {"甲": "指标名称", "乙": "代码", "丙": "计量单位"}
    col_of: dict[str, int] = {}
    for i, letter in enumerate(table.letters):
        ws.write(3, i, labels[letter])
        ws.write(4, i, letter)
        col_of[letter] = i
    for n in range(1, max(numbers) + 1):
        col_of[str(n)] = len(table.letters) + n - 1
        ws.write(4, col_of[str(n)], n)
    for ref in table.columns.values():
        text = ("#" if ref.label == "女" else "") + ref.label
        ws.write(3, col_of[ref.number], relabel.get(ref.label, text))
    for r, (key, ref) in enumerate(table.rows.items(), start=5):
        text = ("#" if ref.label == "女" else "") + ref.label
        ws.write(r, col_of["甲"], relabel.get(ref.label, text))
        ws.write_string(r, col_of["乙"], ref.code or f"{r - 4:02d}")
        for ckey, cref in table.columns.items():
            value = cells.get(f"{key}.{ckey}", 0)
            if value != "":
                ws.write(r, col_of[cref.number], value)
    ws.set_column(0, width, 10)


def build_workbook(facts: Facts, *, layout: StatisticsLayout | None = None, **override) -> bytes:
    """The school's workbook: 封面, 目录, one sheet per table of its type. ``override``
    maps ``"<table code>:<row>.<column>"`` to a value, ``"drop:<table code>"`` to
    leave a table out, ``"cover:<label>"`` to replace a cover value,
    ``"label:<table code>:<label>"`` to print another header text, and
    ``extra_sheets`` to add sheets ``{name: rows}``."""
    layout = layout or statistics_layout_for(facts.year)
    assert layout is not None
    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"in_memory": True})
    cover = book.add_worksheet(layout.cover.sheet)
    cover.write(0, 0, "基础教育统计报表")
    cover.write(2, 0, layout.cover.school_code)
    code = override.get(f"cover:{layout.cover.school_code}", facts.school_code)
    if isinstance(code, str):
        cover.write_string(2, 1, code)
    else:
        cover.write(2, 1, code)
    cover.write(3, 0, layout.cover.year)
    cover.write(
        3, 1, override.get(f"cover:{layout.cover.year}", f"{facts.year}-{facts.year + 1}学年初")
    )
    suffix = layout.types[facts.itype]
    tables = layout.tables_for(facts.itype)
    toc = book.add_worksheet("目录")
    for i, table in enumerate(tables):
        toc.write(i, 0, table.code)
        toc.write(i, 1, table.title)
    for table in tables:
        if override.get(f"drop:{table.code}"):
            continue
        stage = _STAGE.get(table.code, "")
        cells = table_cells(table, facts, stage)
        for key, value in override.items():
            prefix, _colon, ref = key.partition(":")
            if prefix == table.code:
                cells[ref] = value
        relabel = {
            key.split(":", 2)[2]: value
            for key, value in override.items()
            if key.startswith(f"label:{table.code}:")
        }
        write_table(book, table.sheet_name(layout.sheet, suffix), table, cells, relabel)
    for name, rows in override.get("extra_sheets", {}).items():
        ws = book.add_worksheet(name)
        for r, row in enumerate(rows):
            ws.write_row(r, 0, row)
    book.close()
    return buf.getvalue()


def template_row(facts: Facts) -> dict[str, str]:
    """The same facts as one row of the registry's own statistics template."""
    row: dict[str, Any] = {"school_code": facts.school_code, "year": str(facts.year)}
    row.update({k: str(v) for k, v in facts.grades.items()})
    for stage in ("primary", "junior", "kg"):
        sizes = facts.class_sizes.get(stage, [])
        if sizes:
            # The class's real size: the workbook gives only its band, so a test that
            # compares the two picks classes at a band's upper end (docs/modules/exchange.md).
            row[f"classes_{stage}"] = str(len(sizes))
            row[f"max_class_size_{stage}"] = str(max(sizes))
    row["teachers"] = str(sum(facts.teachers.values()))
    row["teachers_postgraduate"] = str(facts.postgraduate)
    row["teachers_bachelor"] = str(facts.bachelor)
    row["teachers_associate"] = str(facts.associate)
    row["teachers_pe"] = str(facts.pe)
    row["teachers_music"] = str(facts.music)
    row["teachers_art"] = str(facts.art)
    row["backbone_county"] = str(facts.backbone)
    row["floor_area"] = str(facts.floor_area)
    row["sports_hall_area"] = str(facts.sports_hall_area)
    row["sports_ground_area"] = str(facts.sports_ground_area)
    row["equipment_value"] = str(facts.equipment_value)
    row["multimedia_classrooms"] = str(facts.multimedia)
    return row
