"""Read a 优质均衡 statistics CSV into a columnar table, with row/column errors.

Rows are numbered as a spreadsheet shows them: the header is row 1, the first school is
row 2. Every error names the row and the column so a school can fix its own line.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ._columns import Columns, StatsError
from .split import LEVELS, PART_FIELDS

TEXT_COLUMNS: tuple[str, ...] = ("district", "school_code", "name", "type")
REQUIRED: tuple[str, ...] = (
    "district",
    "school_code",
    "type",
    "students_primary",
    "students_junior",
)
NUMERIC_COLUMNS: tuple[str, ...] = (
    "year",
    *(f"students_{lv}" for lv in LEVELS),
    *PART_FIELDS,
    *(f"{f}_{lv}" for f in PART_FIELDS for lv in LEVELS),
    "max_class_size_primary",
    "max_class_size_junior",
)
HEADER_ROW = 1


class CsvError(ValueError):
    """A bad statistics file; ``str()`` is the message shown to the user."""


def _where(path: Path, row: int | None, column: str | None) -> str:
    parts = [str(path)]
    if row is not None:
        parts.append(f"row {row}")
    if column is not None:
        parts.append(f"column {column}")
    return ", ".join(parts)


@dataclass(frozen=True)
class StatsFile:
    """Parsed columns plus the spreadsheet row number of each data row."""

    path: Path
    columns: Columns
    row_numbers: list[int]

    def error_message(self, exc: StatsError) -> str:
        """An engine error (0-based data row) in the file's own row numbering."""
        row = None if exc.row is None else self.row_numbers[exc.row]
        return f"{_where(self.path, row, exc.column)}: {exc.detail}"


def read_stats_csv(path: str | Path) -> StatsFile:
    """Parse the statistics CSV (UTF-8, optional BOM) into columns.

    Blank numeric cells become NaN ("not reported"); the engine decides whether a blank
    is allowed (e.g. ``students_junior`` of a primary school). Unknown columns are
    rejected so a misspelt header cannot silently drop data.
    """
    path = Path(path)
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.reader(fh)
            try:
                header = [h.strip() for h in next(reader)]
            except StopIteration:
                raise CsvError(f"{path}: the file is empty") from None
            body = list(reader)
    except OSError as exc:
        raise CsvError(f"{path}: cannot read the file: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise CsvError(f"{path}: the file is not UTF-8 text") from None

    allowed = set(TEXT_COLUMNS) | set(NUMERIC_COLUMNS)
    for name in header:
        if name not in allowed:
            raise CsvError(f"{_where(path, HEADER_ROW, name)}: unknown column")
    if len(set(header)) != len(header):
        dup = next(h for h in header if header.count(h) > 1)
        raise CsvError(f"{_where(path, HEADER_ROW, dup)}: the column appears twice")
    for name in REQUIRED:
        if name not in header:
            raise CsvError(f"{_where(path, HEADER_ROW, name)}: required column is missing")

    # Keep spreadsheet numbering across skipped blank rows: row numbers in messages must
    # match what the user sees when they open the file.
    numbered = [
        (r, rec) for r, rec in enumerate(body, start=HEADER_ROW + 1) if any(c.strip() for c in rec)
    ]
    if not numbered:
        raise CsvError(f"{path}: no school rows after the header")
    cols: dict[str, list] = {name: [] for name in header}
    for r, record in numbered:
        if len(record) != len(header):
            raise CsvError(
                f"{_where(path, r, None)}: {len(record)} cells, the header has {len(header)}"
            )
        for name, raw in zip(header, record, strict=True):
            cell = raw.strip()
            if name in TEXT_COLUMNS:
                if not cell and name != "name":
                    raise CsvError(f"{_where(path, r, name)}: must not be blank")
                cols[name].append(cell)
                continue
            if not cell:
                cols[name].append(math.nan)
                continue
            try:
                value = float(cell)
            except ValueError:
                raise CsvError(f"{_where(path, r, name)}: {cell!r} is not a number") from None
            if not math.isfinite(value):
                raise CsvError(f"{_where(path, r, name)}: {cell!r} is not a finite number")
            if name == "year" and not value.is_integer():
                raise CsvError(f"{_where(path, r, name)}: {cell!r} is not a year")
            cols[name].append(value)

    out: Columns = {
        k: np.array(v, dtype=str if k in TEXT_COLUMNS else float) for k, v in cols.items()
    }
    rows = [r for r, _ in numbered]
    if "year" in out and np.isnan(out["year"]).any():
        r = rows[int(np.flatnonzero(np.isnan(out["year"]))[0])]
        raise CsvError(f"{_where(path, r, 'year')}: must not be blank")
    _check_duplicates(path, out, rows)
    return StatsFile(path, out, rows)


def _check_duplicates(path: Path, cols: Columns, rows: list[int]) -> None:
    seen: dict[tuple[str, float], int] = {}
    years = cols.get("year", np.zeros(len(cols["school_code"])))
    for i, (code, year) in enumerate(zip(cols["school_code"], years, strict=True)):
        key = (str(code), float(year))
        r = rows[i]
        if key in seen:
            raise CsvError(
                f"{_where(path, r, 'school_code')}: school {code} already appears in row "
                f"{seen[key]} for the same year"
            )
        seen[key] = r
