"""The exchange layouts, declared once as data (``layouts/*.toml``), one file per layout.

A national form changes by 学年: a table is renumbered (基础基312 → 教基3112), a subject
column is added (信息科技, 劳动 in 2022). Each change is a new declaration, never a code
branch: the reader (``workbook.py``) knows only sheets, row codes and column numbers.

A statistics layout names, per table, the sheet it is on, the columns it reads (by the
number of the 甲/乙/1/2… row, with the header text expected above it), the rows (by the
code in the 代码/编号 column, or by the text of the 指标名称 column), the 合计 checks the
form carries, and which registry field each cell feeds. An item marked ``unconfirmed``
is one the sources in DATA-EXCHANGE.md do not settle: the reader checks its header text
and, when it differs, says what it expected and what it found.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

LAYOUT_DIR = Path(__file__).with_name("layouts")


class LayoutError(Exception):
    """A declaration that cannot be used (a programming error, caught by the tests)."""


@dataclass(frozen=True)
class ColumnRef:
    """A column, found by its number in the numbering row (甲, 乙, 1, 2 …)."""

    number: str
    label: str
    unconfirmed: bool = False


@dataclass(frozen=True)
class RowRef:
    """A row, found by its code in the code column or, without one, by its label."""

    code: str
    label: str
    unconfirmed: bool = False


@dataclass(frozen=True)
class Check:
    """A 合计 the form carries: ``total`` equals the sum of ``parts`` (cell references
    ``row.column``), or is at least it (``at_least``: a #其中 row)."""

    total: str
    parts: tuple[str, ...]
    at_least: bool = False


@dataclass(frozen=True)
class Bands:
    """Classes by size band: the largest class is the upper end of the highest band
    that holds a class (an open band: at least its lower end)."""

    column: str
    rows: tuple[tuple[str, int, int | None], ...]  # (row, lower, upper or None)
    students: str  # the registry field holding the stage's enrolment


@dataclass(frozen=True)
class Table:
    code: str
    title: str
    types: tuple[str, ...]
    columns: dict[str, ColumnRef]
    rows: dict[str, RowRef]
    checks: tuple[Check, ...] = ()
    fields: dict[str, tuple[tuple[str, ...], float]] = field(default_factory=dict)
    bands: dict[str, Bands] = field(default_factory=dict)
    zero: tuple[str, ...] = ()  # cells the registry has no place for: must be empty
    source: str = ""
    unconfirmed: bool = False
    code_column: str = "乙"
    name_column: str = "甲"
    #: The lettered columns before the numbered ones (甲 名称, 乙 代码, 丙 计量单位 …).
    letters: tuple[str, ...] = ("甲", "乙")

    def sheet_name(self, pattern: str, suffix: str) -> str:
        return pattern.format(code=self.code, type=suffix)


@dataclass(frozen=True)
class Cover:
    sheet: str
    school_code: str
    year: str
    unconfirmed: bool = False


@dataclass(frozen=True)
class StatisticsLayout:
    """One 学年 range's 教育统计 workbook."""

    id: str
    title: str
    first_year: int
    last_year: int
    code_prefix: str
    sheet: str  # the sheet name pattern, "{code}_{type}"
    source: str
    cover: Cover
    types: dict[str, str]  # org.InstitutionType value → the sheet suffix
    tables: tuple[Table, ...]

    def covers(self, year: int) -> bool:
        return self.first_year <= year <= self.last_year

    def tables_for(self, itype: str) -> list[Table]:
        return [t for t in self.tables if itype in t.types]


def _column(value) -> ColumnRef:
    if isinstance(value, list):
        return ColumnRef(str(value[0]), value[1])
    return ColumnRef(str(value["n"]), value.get("label", ""), value.get("unconfirmed", False))


def _row(value) -> RowRef:
    if isinstance(value, list):
        return RowRef(str(value[0]), value[1])
    return RowRef(
        str(value.get("code", "")), value.get("label", ""), value.get("unconfirmed", False)
    )


def _table(raw: dict) -> Table:
    columns = {k: _column(v) for k, v in raw.get("columns", {}).items()}
    rows = {k: _row(v) for k, v in raw.get("rows", {}).items()}
    table = Table(
        code=raw["code"],
        title=raw["title"],
        types=tuple(raw["types"]),
        columns=columns,
        rows=rows,
        checks=tuple(
            Check(c["total"], tuple(c["parts"]), c.get("at_least", False))
            for c in raw.get("checks", [])
        ),
        fields={
            name: (tuple(v), 1.0) if isinstance(v, list) else (tuple(v["cells"]), v["scale"])
            for name, v in raw.get("fields", {}).items()
        },
        bands={
            name: Bands(
                v["column"],
                tuple((r, lo, hi or None) for r, lo, hi in v["rows"]),
                v["students"],
            )
            for name, v in raw.get("bands", {}).items()
        },
        zero=tuple(raw.get("zero", [])),
        source=raw.get("source", ""),
        unconfirmed=raw.get("unconfirmed", False),
        code_column=raw.get("code_column", "乙"),
        name_column=raw.get("name_column", "甲"),
        letters=tuple(raw.get("letters", ("甲", "乙"))),
    )
    _check_refs(table)
    return table


def _check_refs(table: Table) -> None:
    """Every ``row.column`` a declaration names exists in it: a typo in a layout is a
    test failure, not a 0 read at an import."""
    refs = [r for cells, _scale in table.fields.values() for r in cells]
    refs += [r for c in table.checks for r in (c.total, *c.parts)] + list(table.zero)
    refs += [f"{r}.{b.column}" for b in table.bands.values() for r, _lo, _hi in b.rows]
    for ref in refs:
        row, _, col = ref.partition(".")
        if row not in table.rows or col not in table.columns:
            raise LayoutError(f"{table.code}: unknown cell {ref}")


def parse_layout(raw: dict) -> StatisticsLayout:
    return StatisticsLayout(
        id=raw["id"],
        title=raw["title"],
        first_year=raw["first_year"],
        last_year=raw.get("last_year", 2100),
        code_prefix=raw["code_prefix"],
        sheet=raw["sheet"],
        source=raw.get("source", ""),
        cover=Cover(**raw["cover"]),
        types=dict(raw["types"]),
        tables=tuple(_table(t) for t in raw["tables"]),
    )


@cache
def statistics_layouts() -> tuple[StatisticsLayout, ...]:
    """Every declared 教育统计 layout, oldest first."""
    layouts = []
    for path in sorted(LAYOUT_DIR.glob("statistics-*.toml")):
        with path.open("rb") as fh:
            layouts.append(parse_layout(tomllib.load(fh)))
    layouts.sort(key=lambda lay: lay.first_year)
    for older, newer in zip(layouts, layouts[1:], strict=False):
        if older.last_year >= newer.first_year:
            raise LayoutError(f"{older.id} and {newer.id} both cover {newer.first_year}")
    return tuple(layouts)


def statistics_layout_for(year: int) -> StatisticsLayout | None:
    return next((lay for lay in statistics_layouts() if lay.covers(year)), None)
