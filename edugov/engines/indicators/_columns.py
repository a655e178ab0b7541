"""Columnar tables and group indexing shared by every indicator computation.

The engine works on plain ``dict[str, np.ndarray]`` tables so that the Django module can
hand over ``values_list`` rows, a DataFrame or CSV columns without an adapter layer.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import numpy as np

Columns = dict[str, np.ndarray]


class StatsError(ValueError):
    """A statistics table is unusable; names the offending row (0-based) and column.

    Callers that read files translate ``row`` into their own numbering (the CSV reader
    adds the header line), so the engine never guesses how the rows were numbered.
    """

    def __init__(self, message: str, *, row: int | None = None, column: str | None = None):
        self.row = row
        self.column = column
        self.detail = message
        where = []
        if row is not None:
            where.append(f"row {row}")
        if column is not None:
            where.append(f"column {column}")
        super().__init__(f"{', '.join(where)}: {message}" if where else message)


def _missing(v: Any) -> bool:
    # None from the ORM, NaN from pandas, pd.NA / NaT from nullable dtypes.
    if v is None:
        return True
    if isinstance(v, float):
        return v != v
    return type(v).__name__ in ("NAType", "NaTType")


def _to_array(values: Any) -> np.ndarray:
    arr = np.asarray(values)
    if arr.dtype == object:
        # Mixed Python objects come from ORM rows or nullable DataFrame columns; decide
        # once whether the column is numeric (missing -> NaN) or text (missing -> ""), so
        # later arithmetic never sees object dtype.
        items = list(arr)
        if all(_missing(v) or isinstance(v, (int, float, Decimal, np.number, bool)) for v in items):
            return np.array([np.nan if _missing(v) else float(v) for v in items], dtype=float)
        return np.array(["" if _missing(v) else str(v) for v in items], dtype=str)
    return arr


def as_columns(data: Any) -> Columns:
    """Turn records, a mapping of sequences or a DataFrame into a columnar table.

    Accepts ``[{"district": ..., ...}, ...]``, ``{"district": [...], ...}`` or anything
    with ``.columns`` and ``__getitem__`` returning array-likes (pandas/polars frames).
    All columns must have the same length.
    """
    if isinstance(data, Mapping):
        cols = {str(k): _to_array(v) for k, v in data.items()}
    elif hasattr(data, "columns") and not isinstance(data, (list, tuple)):
        cols = {str(k): _to_array(np.asarray(data[k])) for k in data.columns}
    else:
        records = list(data)
        names: list[str] = []
        for rec in records:
            for k in rec:
                if k not in names:
                    names.append(k)
        cols = {k: _to_array([rec.get(k) for rec in records]) for k in names}
    lengths = {len(v) for v in cols.values()}
    if len(lengths) > 1:
        raise StatsError(f"columns have different lengths: {sorted(lengths)}")
    return cols


def n_rows(cols: Mapping[str, np.ndarray]) -> int:
    """Number of rows of a columnar table (0 for a table without columns)."""
    for v in cols.values():
        return len(v)
    return 0


def require(cols: Mapping[str, np.ndarray], *names: str) -> None:
    """Raise a StatsError naming the first missing column."""
    for name in names:
        if name not in cols:
            raise StatsError("required column is missing", column=name)


def numeric(cols: Mapping[str, np.ndarray], name: str, default: float | None = None) -> np.ndarray:
    """A column as float64; a missing column becomes ``default`` (or raises)."""
    if name not in cols:
        if default is None:
            raise StatsError("required column is missing", column=name)
        return np.full(n_rows(cols), default, dtype=float)
    col = cols[name]
    try:
        return np.asarray(col, dtype=float)
    except (TypeError, ValueError):
        for i, v in enumerate(col):
            try:
                float(v)
            except (TypeError, ValueError):
                raise StatsError(f"{v!r} is not a number", row=i, column=name) from None
        raise


@dataclass(frozen=True)
class GroupIndex:
    """Dense group ids for rows keyed by one or more columns.

    ``ids[i]`` is the group of row ``i``; ``keys[name][g]`` is the key value of group
    ``g``. Groups are numbered in lexicographic key order so outputs are deterministic.
    """

    ids: np.ndarray
    keys: dict[str, np.ndarray]

    @property
    def n(self) -> int:
        return len(next(iter(self.keys.values()))) if self.keys else 1

    def sum(self, values: np.ndarray) -> np.ndarray:
        """Per-group sums of a (n,) or (n, k) array, via one bincount over flat ids."""
        return group_sum(self.ids, values, self.n)


def group_index(cols: Mapping[str, np.ndarray], by: Sequence[str]) -> GroupIndex:
    """Build a :class:`GroupIndex` over the key columns ``by`` (empty = one group)."""
    n = n_rows(cols)
    if not by:
        return GroupIndex(ids=np.zeros(n, dtype=np.intp), keys={})
    require(cols, *by)
    combined = np.zeros(n, dtype=np.int64)
    for name in by:
        # Mixed radix over per-column ranks keeps lexicographic order of the key tuples.
        uniq, inv = np.unique(cols[name], return_inverse=True)
        combined = combined * len(uniq) + inv.reshape(-1)
    uniq_comb, first, ids = np.unique(combined, return_index=True, return_inverse=True)
    keys = {name: np.asarray(cols[name])[first] for name in by}
    return GroupIndex(ids=ids.reshape(-1).astype(np.intp), keys=keys)


def group_sum(ids: np.ndarray, values: np.ndarray, n_groups: int) -> np.ndarray:
    """Sum rows of ``values`` into ``n_groups`` groups (segment sum via np.bincount)."""
    values = np.asarray(values, dtype=float)
    if values.ndim == 1:
        return np.bincount(ids, weights=values, minlength=n_groups)
    k = values.shape[1]
    flat = (ids[:, None] * k + np.arange(k)).ravel()
    return np.bincount(flat, weights=values.ravel(), minlength=n_groups * k).reshape(n_groups, k)


def concat(tables: Iterable[Mapping[str, np.ndarray]], names: Sequence[str]) -> Columns:
    """Row-wise concatenation of the named columns of several tables."""
    tables = list(tables)
    return {name: np.concatenate([np.asarray(t[name]) for t in tables]) for name in names}


def text(cols: Mapping[str, np.ndarray], name: str, default: str | None = None) -> np.ndarray:
    """A column as a numpy unicode array (a missing column becomes ``default``)."""
    if name not in cols:
        if default is None:
            raise StatsError("required column is missing", column=name)
        return np.full(n_rows(cols), default, dtype=str)
    return np.asarray(cols[name]).astype(str)
