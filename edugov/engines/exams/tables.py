"""Flat output tables (column name -> numpy array) for CSV, xlsx or the database.

Integer columns whose name ends in ``rank`` use -1 for "none"; float columns use NaN.
:func:`write_csv` turns both into empty cells.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from .analysis import LEVELS, PERCENTILES, RANK_LEVELS, ExamAnalysis

Table = dict[str, np.ndarray]


def _unit_labels(a: ExamAnalysis, level: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(district, school, class) label per unit of a level; None above the level."""
    sh = a.sheet
    none = np.array([None], dtype=object)
    if level == "city":
        return none, none, none
    if level == "district":
        n = len(sh.district_names)
        return sh.district_names, np.full(n, None, object), np.full(n, None, object)
    if level == "school":
        n = len(sh.school_names)
        return sh.district_names[sh.school_district], sh.school_names, np.full(n, None, object)
    school = sh.class_school
    return sh.district_names[sh.school_district[school]], sh.school_names[school], sh.class_names


def level_stats_table(a: ExamAnalysis, levels: tuple[str, ...] = LEVELS) -> Table:
    """One row per (level, unit, column) with every statistic (see the docs)."""
    parts: list[Table] = []
    columns = np.array(a.columns, dtype=object)
    full = a.sheet.full_scaled / a.sheet.scale
    for level in levels:
        st = a.levels[level]
        units, n_cols = st.n.shape
        district, school, klass = _unit_labels(a, level)
        part: Table = {
            "level": np.full(units * n_cols, level, dtype=object),
            "district": np.repeat(district, n_cols),
            "school": np.repeat(school, n_cols),
            "class": np.repeat(klass, n_cols),
            "subject": np.tile(columns, units),
            "full_marks": np.tile(full, units),
            "candidates": np.repeat(st.candidates, n_cols),
            "present": st.n.ravel(),
            "absent": st.absent.ravel(),
            "mean": st.mean.ravel(),
            "std": st.std.ravel(),
            "min": st.min.ravel(),
            "max": st.max.ravel(),
        }
        for q, p in enumerate(PERCENTILES):
            part[f"p{p}"] = st.percentiles[:, :, q].ravel()
        part["pass_count"] = st.pass_n.ravel()
        part["pass_rate"] = st.pass_rate.ravel()
        part["excellent_count"] = st.excellent_n.ravel()
        part["excellent_rate"] = st.excellent_rate.ravel()
        parts.append(part)
    return {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}


def score_bands_table(a: ExamAnalysis) -> Table:
    """一分一段表 for the city and every district, for every column."""
    rows: dict[str, list[np.ndarray]] = {
        k: [] for k in ("level", "district", "subject", "score", "count", "cumulative")
    }
    units = [("city", 0, None)] + [
        ("district", d, name) for d, name in enumerate(a.sheet.district_names)
    ]
    for level, unit, name in units:
        for column in a.columns:
            band = a.score_bands(column, level, unit)
            m = len(band["score"])
            rows["level"].append(np.full(m, level, dtype=object))
            rows["district"].append(np.full(m, name, dtype=object))
            rows["subject"].append(np.full(m, column, dtype=object))
            for k in ("score", "count", "cumulative"):
                rows[k].append(band[k])
    return {k: np.concatenate(v) for k, v in rows.items()}


def candidate_ranks_table(a: ExamAnalysis) -> Table:
    """Every candidate's marks and city / district / school rank in every column."""
    sh = a.sheet
    school = sh.class_school[sh.klass]
    out: Table = {
        "exam_no": sh.exam_no_text() if sh.exam_no_digits else sh.exam_no,
        "district": sh.district_names[sh.school_district[school]],
        "school": sh.school_names[school],
        "class": sh.class_names[sh.klass],
    }
    for j, column in enumerate(a.columns):
        raw = sh.scores[:, j] if j < len(sh.subjects) else a.totals
        out[column] = np.where(raw >= 0, raw / sh.scale, np.nan)
        for r, level in enumerate(RANK_LEVELS):
            out[f"{column}_{level}_rank"] = a.ranks[:, j, r]
    return out


def school_ranking_table(a: ExamAnalysis) -> Table:
    """Schools ordered by city rank on mean total (unranked schools last)."""
    st = a.levels["school"]
    sh = a.sheet
    key = np.where(a.school_rank_city > 0, a.school_rank_city, np.iinfo(np.int64).max)
    order = np.lexsort((np.arange(len(key)), key))
    return {
        "city_rank": a.school_rank_city[order],
        "district_rank": a.school_rank_district[order],
        "district": sh.district_names[sh.school_district][order],
        "school": sh.school_names[order],
        "candidates": st.candidates[order],
        "present": st.n[order, -1],
        "mean_total": st.mean[order, -1],
        "std_total": st.std[order, -1],
        "p50_total": st.percentiles[order, -1, PERCENTILES.index(50)],
        "pass_rate": st.pass_rate[order, -1],
        "excellent_rate": st.excellent_rate[order, -1],
    }


def write_csv(path: str | Path, table: Table) -> None:
    """Write a table as UTF-8 CSV with a header (DuckDB's writer: fast at 1M rows).

    NaN floats and -1 ranks become empty cells.
    """
    import duckdb

    exprs = []
    for name, col in table.items():
        q = '"' + name.replace('"', '""') + '"'
        if col.dtype.kind == "f":
            exprs.append(f"CASE WHEN isnan({q}) THEN NULL ELSE {q} END AS {q}")
        elif col.dtype.kind in "iu" and name.endswith("rank"):
            exprs.append(f"NULLIF({q}, -1) AS {q}")
        else:
            exprs.append(q)
    con = duckdb.connect()
    try:
        con.register("out_table", table)
        # Only quoted column identifiers are spliced in; the path goes through the API.
        rel = con.sql(f"SELECT {', '.join(exprs)} FROM out_table")  # noqa: S608
        rel.write_csv(str(path), header=True)
    finally:
        con.close()
