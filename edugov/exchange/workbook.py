"""Reading a 教育统计 workbook through its declared layout (``layouts.py``).

The reader finds every value by anchors — the sheet named by the table code, the
numbering row (甲, 乙, 1, 2 …) for columns, the code (or 指标名称) column for rows — never
by fixed cells, checks the header text of each declared column and row, the 合计 the
form carries and the cells the registry has no place for, and returns the registry's
field values with every problem named by sheet, row and column. It holds no database
and writes nothing: the statistics importer (``importers.py``) decides.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from edugov.core.io.readers import column_letter

from .layouts import Bands, StatisticsLayout, Table, statistics_layout_for, statistics_layouts

Sheets = dict[str, list[list[Any]]]

#: The registry's stage enrolments, for the largest-class rule of a size-band table.
STUDENT_SUMS = {
    "children": ("k1", "k2", "k3"),
    "students_primary": tuple(f"g{i}" for i in range(1, 7)),
    "students_junior": ("g7", "g8", "g9"),
}
# What a form prints around a label: an enumeration ("一、", "（二）", "3."), "#" and
# "其中：" for a part, brackets, spaces. The enumerations come first: at the start of a
# label they must go whole, before their brackets go one by one.
_STRIP = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[.、])"
    r"|[\s#＃:：()（）]|其中"
)
_YEAR = re.compile(r"(20\d\d|19\d\d)")
_TABLE_SHEET = re.compile(r"^(?P<code>\D+?\d{3,4}续?)(?:_(?P<type>.+))?$")


def _norm(value: Any) -> str:
    return _STRIP.sub("", str(value or ""))


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def at(where: str, message: str) -> str:
    """ "<where>: <message>", with the colon of the user's language."""
    return _("%(where)s: %(message)s") % {"where": where, "message": message}


def labelled(where: str, label: str) -> str:
    return _("%(where)s (%(label)s)") % {"where": where, "label": label}


def cell_name(sheet: str, row: int, col: int) -> str:
    """ "教基3112_小学 第 6 行 第 I 列": how a user finds a cell in Excel."""
    return _("%(sheet)s, row %(row)s, column %(col)s") % {
        "sheet": sheet,
        "row": row + 1,
        "col": column_letter(col),
    }


@dataclass
class Reading:
    """What a workbook gave: the school and year on its cover, the registry's field
    values, where each came from (for messages), and every problem found."""

    school_code: str = ""
    year: int | None = None
    layout: StatisticsLayout | None = None
    values: dict[str, Decimal] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    cover_cells: dict[str, str] = field(default_factory=dict)


def _labelled_value(rows: list[list[Any]], label: str) -> tuple[Any, int, int] | None:
    """The first non-empty cell right of the cell whose text is ``label``."""
    want = _norm(label)
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            if _norm(cell) == want:
                for c2 in range(c + 1, len(row)):
                    if _text(row[c2]):
                        return row[c2], r, c2
                return None, r, c
    return None


def read_cover(sheets: Sheets) -> Reading:
    """The school's 学校标识码 and the 学年 from the cover; the layout that year uses."""
    reading = Reading()
    layouts = statistics_layouts()
    cover = layouts[-1].cover  # every layout so far has the same cover
    rows = sheets.get(cover.sheet)
    if rows is None:
        reading.errors.append(_("The workbook has no sheet “%(sheet)s”.") % {"sheet": cover.sheet})
        return reading
    found = _labelled_value(rows, cover.school_code)
    if found is None or not _text(found[0]):
        reading.errors.append(
            _("%(sheet)s: no “%(label)s” with a value beside it.")
            % {"sheet": cover.sheet, "label": cover.school_code}
        )
    else:
        value, r, c = found
        code = _text(value)
        where = cell_name(cover.sheet, r, c)
        reading.cover_cells["school_code"] = where
        if not (code.isdigit() and len(code) == 10):
            # Excel turned the code into a number, or the cell holds a count.
            reading.errors.append(
                _(
                    "%(cell)s (%(label)s): expected a 10-digit school identification code, found “%(found)s”"
                )
                % {"cell": where, "label": cover.school_code, "found": code[:20]}
            )
        else:
            reading.school_code = code
    found = _labelled_value(rows, cover.year)
    match = _YEAR.search(_text(found[0])) if found else None
    if found is None or match is None:
        reading.errors.append(
            _("%(sheet)s: no “%(label)s” with a school year beside it.")
            % {"sheet": cover.sheet, "label": cover.year}
        )
        return reading
    reading.year = int(match.group(1))
    reading.cover_cells["year"] = cell_name(cover.sheet, found[1], found[2])
    reading.layout = statistics_layout_for(reading.year)
    if reading.layout is None:
        reading.errors.append(
            _("%(cell)s: no layout is declared for the %(year)s school year.")
            % {"cell": reading.cover_cells["year"], "year": reading.year}
        )
    return reading


class _Grid:
    """One table's sheet with its anchors found: the numbering row and the rows' codes."""

    def __init__(self, name: str, rows: list[list[Any]], table: Table):
        self.name, self.rows, self.table = name, rows, table
        self.numbers: dict[str, int] = {}
        self.header_row = -1
        for r, row in enumerate(rows):
            cells = [_text(c) for c in row]
            if table.letters[0] in cells and table.letters[1] in cells:
                self.header_row = r
                for c, text in enumerate(cells):
                    if text:
                        self.numbers[text] = c
                break

    def header_text(self, col: int) -> str:
        above = self.rows[max(self.header_row - 3, 0) : self.header_row]
        return "".join(_norm(row[col]) for row in above if col < len(row))

    def body(self):
        for r in range(self.header_row + 1, len(self.rows)):
            yield r, self.rows[r]

    def cell(self, r: int, c: int) -> Any:
        row = self.rows[r]
        return row[c] if c < len(row) else None


def _label_matches(found: str, label: str) -> bool:
    want = _norm(label)
    return found == want or found.startswith(want)


class StatisticsReader:
    """The registry's figures from one workbook, through the layout of its 学年."""

    def __init__(self, sheets: Sheets, reading: Reading, itype: str, amount_fields: set[str]):
        self.sheets = sheets
        self.reading = reading
        self.itype = itype
        self.amount_fields = amount_fields
        self.errors = reading.errors

    def read(self) -> Reading:
        layout = self.reading.layout
        assert layout is not None
        suffix = layout.types.get(self.itype)
        if suffix is None:
            self.errors.append(
                _("The %(layout)s layout has no tables for this type of school.")
                % {"layout": layout.title}
            )
            return self.reading
        self._foreign_sheets(layout, suffix)
        values: dict[str, Decimal] = {}
        bands: list[tuple[str, _Grid, Bands, dict, dict, dict]] = []
        for table in layout.tables_for(self.itype):
            name = table.sheet_name(layout.sheet, suffix)
            rows = self.sheets.get(name)
            if rows is None:
                self.errors.append(
                    _("The table %(sheet)s (%(title)s) is missing.")
                    % {"sheet": name, "title": table.title}
                )
                continue
            grid = _Grid(name, rows, table)
            located = self._locate(grid)
            if located is None:
                continue
            cols, rws = located
            cells = self._cells(grid, cols, rws)
            self._check(grid, cells, cols, rws)
            for target, (refs, scale) in table.fields.items():
                total = sum((cells[ref][0] for ref in refs), Decimal(0))
                if scale != 1:
                    total *= Decimal(str(scale))
                values[target] = values.get(target, Decimal(0)) + total
                self.reading.sources.setdefault(target, self._where(grid, refs[0], cols, rws))
            for target, spec in table.bands.items():
                bands.append((target, grid, spec, cells, cols, rws))
        # After every table: the largest class needs the stage's enrolment and classes.
        for target, grid, spec, cells, cols, rws in bands:
            values[target] = Decimal(self._largest(spec, cells, values))
            if spec.rows:
                ref = f"{spec.rows[-1][0]}.{spec.column}"
                self.reading.sources[target] = self._where(grid, ref, cols, rws)
        for target, value in values.items():
            if target not in self.amount_fields and value != value.to_integral():
                self.errors.append(
                    at(
                        self.reading.sources.get(target, target),
                        _("expected a whole number, found %(found)s") % {"found": _plain(value)},
                    )
                )
        self.reading.values = values
        return self.reading

    # Anchors -----------------------------------------------------------------------

    def _foreign_sheets(self, layout: StatisticsLayout, suffix: str) -> None:
        """Refuse tables of another school type or another 学年's codes, by name."""
        for name in self.sheets:
            m = _TABLE_SHEET.match(name)
            if m is None:
                continue
            code, kind = m.group("code"), m.group("type")
            # Tables this layout does not read are left alone (教基1001, 4149 …); a
            # table of another era's codes means another 学年's workbook.
            other = {p for p in _prefixes() if p != layout.code_prefix}
            if any(code.startswith(p) for p in other) and not code.startswith(layout.code_prefix):
                self.errors.append(
                    _(
                        "The table %(code)s is not part of the %(year)s school year's layout "
                        "(%(layout)s): is the workbook of another school year?"
                    )
                    % {"code": name, "year": self.reading.year, "layout": layout.title}
                )
            elif kind and kind != suffix:
                self.errors.append(
                    _("The table %(code)s is for a %(kind)s; this school is a %(own)s.")
                    % {"code": name, "kind": kind, "own": suffix}
                )

    def _locate(self, grid: _Grid):
        table = grid.table
        if grid.header_row < 0:
            self.errors.append(
                _("%(sheet)s: no numbering row (%(letters)s, 1, 2 …) was found.")
                % {"sheet": grid.name, "letters": "、".join(table.letters)}
            )
            return None
        cols: dict[str, int] = {}
        ok = True
        for key, ref in table.columns.items():
            c = grid.numbers.get(ref.number)
            if c is None:
                self.errors.append(
                    _("%(sheet)s: the numbering row has no column %(number)s (%(label)s).")
                    % {"sheet": grid.name, "number": ref.number, "label": ref.label}
                )
                ok = False
                continue
            cols[key] = c
            found = grid.header_text(c)
            if ref.label and _norm(ref.label) not in found:
                self.errors.append(self._mismatch(grid, grid.header_row, c, ref, found))
                ok = False
        code_col = grid.numbers.get(table.code_column)
        name_col = grid.numbers.get(table.name_column, 0)
        rws: dict[str, int] = {}
        for key, ref in table.rows.items():
            r = self._find_row(grid, ref, code_col, name_col)
            if r is None:
                self.errors.append(
                    _("%(sheet)s: no row with code “%(code)s” (%(label)s).")
                    % {"sheet": grid.name, "code": ref.code, "label": ref.label}
                    if ref.code
                    else _("%(sheet)s: no row “%(label)s”.")
                    % {"sheet": grid.name, "label": ref.label}
                )
                ok = False
                continue
            rws[key] = r
            found = _norm(grid.cell(r, name_col))
            if ref.code and ref.label and not _label_matches(found, ref.label):
                self.errors.append(self._mismatch(grid, r, name_col, ref, found))
                ok = False
        return (cols, rws) if ok else None

    def _find_row(self, grid: _Grid, ref, code_col: int | None, name_col: int) -> int | None:
        for r, row in grid.body():
            if ref.code:
                if code_col is None or code_col >= len(row):
                    continue
                if _code(row[code_col], len(ref.code)) == ref.code:
                    return r
            elif name_col < len(row) and _label_matches(_norm(row[name_col]), ref.label):
                return r
        return None

    def _mismatch(self, grid: _Grid, r: int, c: int, ref, found: str) -> str:
        message = _("expected “%(label)s”, found “%(found)s”") % {
            "label": ref.label,
            "found": found[:40] or _("nothing"),
        }
        if ref.unconfirmed or grid.table.unconfirmed:
            message += _(" (this part of the layout is unconfirmed)")
        return at(cell_name(grid.name, r, c), message)

    # Values ------------------------------------------------------------------------

    def _cells(self, grid: _Grid, cols, rws) -> dict[str, tuple[Decimal, int, int]]:
        """Every cell the table's fields, checks and bands name: (value, row, col)."""
        table = grid.table
        refs = {r for cells, _s in table.fields.values() for r in cells}
        refs |= {r for c in table.checks for r in (c.total, *c.parts)} | set(table.zero)
        refs |= {f"{r}.{b.column}" for b in table.bands.values() for r, _lo, _hi in b.rows}
        out = {}
        for ref in sorted(refs):
            row_key, _dot, col_key = ref.partition(".")
            r, c = rws[row_key], cols[col_key]
            out[ref] = (self._number(grid, r, c, table.columns[col_key].label), r, c)
        for ref in table.zero:
            value, r, c = out[ref]
            if value:
                message = _("%(value)s here has no place in the registry's statistics")
                self.errors.append(
                    at(cell_name(grid.name, r, c), message % {"value": _plain(value)})
                )
        return out

    def _number(self, grid: _Grid, r: int, c: int, label: str) -> Decimal:
        value = grid.cell(r, c)
        if value is None or (isinstance(value, str) and not value.strip()):
            return Decimal(0)
        try:
            number = Decimal(str(value).strip().replace(",", ""))
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite() or number < 0:
            message = _("expected a number, found “%(found)s”") % {"found": str(value)[:20]}
            self.errors.append(at(labelled(cell_name(grid.name, r, c), label), message))
            return Decimal(0)
        return number

    def _check(self, grid: _Grid, cells, cols, rws) -> None:
        for check in grid.table.checks:
            total, r, c = cells[check.total]
            parts = sum((cells[p][0] for p in check.parts), Decimal(0))
            if check.at_least and total < parts:
                self.errors.append(
                    at(cell_name(grid.name, r, c), "")
                    + _("the total %(total)s is less than its part %(parts)s (%(names)s)")
                    % {
                        "total": _plain(total),
                        "parts": _plain(parts),
                        "names": self._names(grid, check.parts),
                    }
                )
            elif not check.at_least and total != parts:
                self.errors.append(
                    at(cell_name(grid.name, r, c), "")
                    + _(
                        "the total %(total)s does not equal the sum of its parts %(parts)s (%(names)s)"
                    )
                    % {
                        "total": _plain(total),
                        "parts": _plain(parts),
                        "names": self._names(grid, check.parts),
                    }
                )

    def _names(self, grid: _Grid, refs) -> str:
        table = grid.table
        names = []
        for ref in refs:
            row_key, _dot, col_key = ref.partition(".")
            row, col = table.rows[row_key], table.columns[col_key]
            names.append(col.label if len({r.partition(".")[0] for r in refs}) == 1 else row.label)
        return "、".join(names[:12])

    def _where(self, grid: _Grid, ref: str, cols, rws) -> str:
        """ "教基3112_小学, row 6, column Q (总计 一年级)": a field's source, for messages."""
        row_key, _dot, col_key = ref.partition(".")
        table = grid.table
        where = cell_name(grid.name, rws[row_key], cols[col_key])
        return labelled(where, f"{table.rows[row_key].label} {table.columns[col_key].label}")

    def _largest(self, spec: Bands, cells, values: dict[str, Decimal]) -> int:
        """The largest class from the size bands: the upper end of the highest band
        that holds a class; in the open band (66 and over) at least its lower end and
        at least what the enrolment needs. Without bands, the smallest largest class
        the counts allow."""
        students = int(
            sum((values.get(g, Decimal(0)) for g in STUDENT_SUMS[spec.students]), Decimal(0))
        )
        classes_field = {
            "students_primary": "classes_primary",
            "students_junior": "classes_junior",
            "children": "classes_kg",
        }[spec.students]
        classes = int(values.get(classes_field, 0))
        need = math.ceil(students / classes) if classes else 0
        for row_key, lower, upper in reversed(spec.rows):
            if cells[f"{row_key}.{spec.column}"][0]:
                return upper if upper is not None else max(lower, need)
        return need


def _code(value: Any, width: int) -> str:
    """A row code as written ("01"), whether the cell holds text or the number 1."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(int(value)).zfill(width)
    return _text(value)


def _plain(value: Decimal) -> str:
    return format(value.normalize(), "f") if value == value.to_integral() else str(value)


def _prefixes() -> set[str]:
    return {lay.code_prefix for lay in statistics_layouts()}
