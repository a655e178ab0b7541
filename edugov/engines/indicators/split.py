"""Split schools into their primary, junior (and senior) parts.

优质均衡 is evaluated per stage, so a 九年一贯制 school counts once among the county's
primary schools and once among its junior schools. Students and teachers by stage are
reported per part; resources the school shares (floor area, sports area, equipment,
multimedia classrooms — and any teacher count not given per part) are split in
proportion to students weighted primary 1 : junior 1.1 (DOMAIN.md §4).

完全中学 and 十二年一贯制 schools also have a senior part. It is not evaluated, but it
must take its share of the shared resources, otherwise the junior part would be
credited with the senior students' floor area. Its weight is ``YouzhiRules.split_weights
["senior"]`` (default 1.1, a local choice: the national method gives no senior weight).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from ._columns import Columns, StatsError, as_columns, n_rows, numeric, text
from .definitions import DEFAULT_RULES, YouzhiRules

LEVELS: tuple[str, ...] = ("primary", "junior", "senior")
COMPULSORY: tuple[str, ...] = ("primary", "junior")

#: Which stages each institution type holds. Types holding no compulsory stage, and
#: special-education schools, are outside 优质均衡.
TYPE_LEVELS: dict[str, tuple[str, ...]] = {
    "primary": ("primary",),
    "teaching_point": ("primary",),
    "junior": ("junior",),
    "nine_year": ("primary", "junior"),
    "twelve_year": ("primary", "junior", "senior"),
    "complete_secondary": ("junior", "senior"),
    "senior": ("senior",),
    "vocational": (),
    "kindergarten": (),
    "special": (),
}
#: Types whose school-size line is the through-school one (2500).
THROUGH_TYPES = frozenset({"nine_year", "twelve_year"})

TYPE_ALIASES: dict[str, str] = {
    "小学": "primary",
    "教学点": "teaching_point",
    "初中": "junior",
    "初级中学": "junior",
    "九年一贯制": "nine_year",
    "九年一贯制学校": "nine_year",
    "十二年一贯制": "twelve_year",
    "十二年一贯制学校": "twelve_year",
    "完全中学": "complete_secondary",
    "高中": "senior",
    "高级中学": "senior",
    "中职": "vocational",
    "幼儿园": "kindergarten",
    "特殊教育": "special",
    "特殊教育学校": "special",
    "特教": "special",
}

#: Part-level resource fields; each may be given per part (``floor_area_junior``) or as
#: a school total (``floor_area``) that is split.
PART_FIELDS: tuple[str, ...] = (
    "qualified_teachers",
    "backbone_teachers",
    "specialist_teachers",
    "floor_area",
    "sports_area",
    "equipment_value",
    "multimedia_classrooms",
)


def normalise_types(raw: np.ndarray) -> np.ndarray:
    """Map Chinese or English type names to the canonical codes; raise on unknown ones."""
    raw = np.asarray(raw).astype(str)
    # Resolve each distinct spelling once; a city has ten types, not ten thousand.
    uniq, inv = np.unique(raw, return_inverse=True)
    codes = []
    for t in uniq:
        key = str(t).strip()
        code = TYPE_ALIASES.get(key, key.lower())
        if code not in TYPE_LEVELS:
            i = int(np.flatnonzero(raw == t)[0])
            raise StatsError(
                f"unknown school type {t!r}; expected one of {sorted(TYPE_LEVELS)}",
                row=i,
                column="type",
            )
        codes.append(code)
    return np.array(codes, dtype=str)[inv.reshape(-1)] if len(raw) else raw


def levels_held(types: np.ndarray) -> np.ndarray:
    """(n, 3) booleans: does each (canonical) type hold the primary/junior/senior stage."""
    uniq, inv = np.unique(types, return_inverse=True)
    table = np.array([[lv in TYPE_LEVELS[str(t)] for lv in LEVELS] for t in uniq], dtype=bool)
    return table.reshape(len(uniq), len(LEVELS))[inv.reshape(-1)]


@dataclass(frozen=True)
class Parts:
    """School parts (one row per school × year × compulsory stage) and excluded rows.

    ``rows`` columns: ``school_row`` (index into the input table), ``district``,
    ``school_code``, ``name``, ``type``, ``year``, ``level``, ``students``, every
    :data:`PART_FIELDS` entry and its ``<field>_share`` (the part's share of a school
    total; 1 when the part reported the field itself), ``school_students`` (compulsory
    students of the whole school), ``school_size_limit``, ``max_class_size`` and
    ``class_size_limit``. ``excluded`` lists input rows left out and why;
    ``has_year`` is False when the input had no ``year`` column (year 0 everywhere).
    """

    rows: Columns
    excluded: list[dict[str, object]]
    has_year: bool = True


def split_parts(schools: object, rules: YouzhiRules = DEFAULT_RULES) -> Parts:
    """Split a school table (one row per school per year) into compulsory-stage parts.

    Raises :class:`StatsError` naming the row and column for negative numbers, students
    in a stage the type does not hold, or a resource that is neither given for a part
    nor as a school total.
    """
    cols = as_columns(schools)
    n = n_rows(cols)
    types = normalise_types(text(cols, "type"))
    district = text(cols, "district")
    code = text(cols, "school_code")
    name = text(cols, "name", default="")
    year_f = numeric(cols, "year", default=0.0)
    if np.any(~np.isfinite(year_f)):
        raise StatsError(
            "year must be given", row=int(np.flatnonzero(~np.isfinite(year_f))[0]), column="year"
        )
    year = year_f.astype(int)

    holds = levels_held(types)
    students = np.zeros((n, len(LEVELS)))
    for j, lv in enumerate(LEVELS):
        col = f"students_{lv}"
        s = numeric(cols, col, default=np.nan)
        _check_non_negative(s, col)
        missing = holds[:, j] & np.isnan(s)
        if missing.any():
            i = int(np.flatnonzero(missing)[0])
            raise StatsError(f"a {types[i]} school must report {col}", row=i, column=col)
        stray = ~holds[:, j] & (np.nan_to_num(s) > 0)
        stray &= ~np.isin(types, ("special", "vocational", "kindergarten"))
        if stray.any():
            i = int(np.flatnonzero(stray)[0])
            raise StatsError(f"a {types[i]} school cannot have {lv} students", row=i, column=col)
        students[:, j] = np.where(holds[:, j], np.nan_to_num(s), 0.0)

    weight = students * np.array([rules.split_weights[lv] for lv in LEVELS])
    values: dict[str, np.ndarray] = {}
    shares: dict[str, np.ndarray] = {}
    for f in PART_FIELDS:
        values[f], shares[f] = _split_field(cols, f, holds, students, weight)

    excluded: list[dict[str, object]] = []
    special = types == "special"
    compulsory = holds[:, :2].any(axis=1)
    small_point = (types == "teaching_point") & (students[:, 0] < rules.min_teaching_point_students)
    for i in np.flatnonzero(special | ~compulsory | small_point):
        reason = (
            "special"
            if special[i]
            else "not_compulsory"
            if not compulsory[i]
            else "small_teaching_point"
        )
        excluded.append(_excl(code[i], name[i], district[i], year[i], types[i], reason))
    # Parts are only made for rows that stay in the evaluation.
    left_out = special | small_point

    school_students = students[:, 0] + students[:, 1]
    through = np.isin(types, list(THROUGH_TYPES))
    size_limit = np.where(through, rules.through_school_size_limit, rules.school_size_limit)

    part_i: list[np.ndarray] = []
    part_l: list[np.ndarray] = []
    for j, lv in enumerate(COMPULSORY):
        take = holds[:, j] & ~left_out
        empty = take & (students[:, j] <= 0)
        for i in np.flatnonzero(empty):
            excluded.append(
                _excl(code[i], name[i], district[i], year[i], types[i], f"no_{lv}_students")
            )
        idx = np.flatnonzero(take & (students[:, j] > 0))
        part_i.append(idx)
        part_l.append(np.full(idx.size, j))
    pi = np.concatenate(part_i) if part_i else np.zeros(0, int)
    pl = np.concatenate(part_l) if part_l else np.zeros(0, int)
    # Order parts by input row, then stage, so output follows the input file.
    order = np.lexsort((pl, pi))
    pi, pl = pi[order], pl[order]

    level_names = np.array(LEVELS)[pl]
    max_class = np.full(pi.size, np.nan)
    for j, lv in enumerate(COMPULSORY):
        col = f"max_class_size_{lv}"
        if col in cols:
            mc = numeric(cols, col)
            _check_non_negative(mc, col)
            sel = pl == j
            max_class[sel] = mc[pi[sel]]
    rows: Columns = {
        "school_row": pi,
        "district": district[pi],
        "school_code": code[pi],
        "name": name[pi],
        "type": types[pi],
        "year": year[pi],
        "level": level_names,
        "students": students[pi, pl],
        "school_students": school_students[pi],
        "school_size_limit": size_limit[pi],
        "max_class_size": max_class,
        "class_size_limit": np.array([rules.class_size_limit[lv] for lv in COMPULSORY])[pl],
    }
    for f in PART_FIELDS:
        rows[f] = values[f][pi, pl]
        rows[f"{f}_share"] = shares[f][pi, pl]
    return Parts(rows, excluded, has_year="year" in cols)


def _split_field(
    cols: Mapping[str, np.ndarray],
    f: str,
    holds: np.ndarray,
    students: np.ndarray,
    weight: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Per-part values of field ``f`` and each part's share of the school total."""
    n, nl = holds.shape
    per_part = np.full((n, nl), np.nan)
    for j, lv in enumerate(LEVELS):
        col = f"{f}_{lv}"
        if col in cols:
            per_part[:, j] = numeric(cols, col)
            _check_non_negative(per_part[:, j], col)
    total = numeric(cols, f, default=np.nan)
    _check_non_negative(total, f)
    given = holds & np.isfinite(per_part)
    need = holds & ~given & (students > 0)
    # A part without its own figure and without a school total cannot be evaluated;
    # name the per-part column since that is what the school should fill in.
    missing = need & np.isnan(total)[:, None]
    missing[:, 2] = False
    if missing.any():
        i, j = (int(v) for v in np.argwhere(missing)[0])
        raise StatsError(
            f"give {f}_{LEVELS[j]} or the school total {f}", row=i, column=f"{f}_{LEVELS[j]}"
        )
    explicit = np.where(given, per_part, 0.0).sum(axis=1)
    remainder = total - explicit
    over = need.any(axis=1) & (remainder < -1e-9 * np.maximum(np.abs(total), 1.0))
    if over.any():
        i = int(np.flatnonzero(over)[0])
        raise StatsError(
            f"the parts given ({explicit[i]:g}) exceed the school total ({total[i]:g})",
            row=i,
            column=f,
        )
    w_need = np.where(need, weight, 0.0)
    w_sum = w_need.sum(axis=1, keepdims=True)
    share = np.divide(w_need, w_sum, out=np.zeros_like(w_need), where=w_sum > 0)
    value = np.where(given, per_part, np.nan_to_num(remainder)[:, None] * share)
    share = np.where(given, 1.0, share)
    return value, share


def _check_non_negative(values: np.ndarray, column: str) -> None:
    bad = values < 0
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise StatsError(f"{values[i]:g} is negative", row=i, column=column)


def _excl(code: str, name: str, district: str, year: int, type_: str, reason: str) -> dict:
    return {
        "school_code": str(code),
        "name": str(name),
        "district": str(district),
        "year": int(year),
        "type": str(type_),
        "reason": reason,
    }
