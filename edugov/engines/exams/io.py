"""Reading a score file (CSV or parquet) into a :class:`ScoreSheet`, through DuckDB.

Layout (one row per candidate): ``exam_no``, ``district``, ``school``, ``class``, then
one column per subject holding the mark. Empty, ``缺考``, ``缺`` or NULL means absent.
``student_id`` and ``name`` columns, if present, are never read: outputs identify
candidates by exam number only.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import numpy as np

from .model import ScoreSheet, TotalPolicy

REQUIRED = ("exam_no", "district", "school", "class")
IGNORED = ("student_id", "name")
ABSENT_TOKENS = ("", "缺考", "缺")
# SQL below is assembled only from quoted column identifiers (_q), generated names
# (m0, rn, ...), fixed tokens and numbers: no file content is spliced into it, hence
# the S608 noqa.


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _source(con: object, path: Path) -> object:
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        return con.read_parquet(str(path))  # type: ignore[attr-defined]
    if suffix in (".csv", ".txt"):
        # Read as text so that 缺考 and exam numbers with leading zeros survive.
        return con.read_csv(str(path), header=True, all_varchar=True)  # type: ignore[attr-defined]
    raise ValueError(f"{path}: expected a .csv or .parquet file")


def parse_full_marks(text: str) -> dict[str, float]:
    """Parse ``语文=120,数学=120`` (the CLI's --full-marks) into a mapping."""
    out: dict[str, float] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        name, sep, value = part.partition("=")
        if not sep:
            raise ValueError(f"--full-marks: expected NAME=MARKS, got {part!r}")
        out[name.strip()] = float(value)
    return out


def read_scores(
    path: str | Path,
    full_marks: Mapping[str, float],
    *,
    total_policy: TotalPolicy = "present_sum",
) -> ScoreSheet:
    """Load a CSV or parquet score file.

    Args:
        path: the file; its extension picks the reader.
        full_marks: full marks of every subject column.
        total_policy: see :class:`ScoreSheet`.

    Raises:
        ValueError: a missing column, a subject without full marks, or the first bad row
            as "row N, column X: ..." (N counts the header as row 1 for CSV, so it
            matches a spreadsheet; for parquet N is the 1-based data row).
    """
    import duckdb

    path = Path(path)
    con = duckdb.connect()
    try:
        _source(con, path).create_view("src")  # type: ignore[attr-defined]
        described = con.execute("DESCRIBE src").fetchall()
        types = {row[0]: str(row[1]) for row in described}
        missing = [c for c in REQUIRED if c not in types]
        if missing:
            raise ValueError(f"{path}: missing column(s) {', '.join(missing)}")
        subjects = [c for c in types if c not in REQUIRED and c not in IGNORED]
        if not subjects:
            raise ValueError(f"{path}: no subject columns")
        no_full = [s for s in subjects if s not in full_marks]
        if no_full:
            raise ValueError(f"full marks not given for: {', '.join(no_full)}")
        is_csv = path.suffix.lower() != ".parquet"
        if is_csv:
            # Parse the text once; parquet is columnar and cheap to scan again.
            con.execute("CREATE TEMP TABLE t AS SELECT * FROM src")
        else:
            con.execute("CREATE VIEW t AS SELECT * FROM src")
        marks = [_mark_expr(s, types[s]) for s in subjects]
        # Exam numbers are usually fixed-width digit strings: keep them as int64 then
        # (zero-padded again on output), because de-duplicating and fetching a million
        # strings costs more than the whole analysis.
        shortest, longest, non_digit = con.execute(
            "SELECT min(length(x)), max(length(x)),"
            " count(*) FILTER (WHERE x IS NULL OR NOT regexp_full_match(x, '[0-9]+'))"
            " FROM (SELECT CAST(exam_no AS VARCHAR) AS x FROM t)"
        ).fetchone()
        fixed = shortest is not None and shortest == longest and longest <= 18
        digits = int(longest) if fixed and not non_digit else 0
        exam_no_expr = "CAST(exam_no AS BIGINT)" if digits else "CAST(exam_no AS VARCHAR)"
        header_rows = 1 if is_csv else 0

        def fail(message: str = "invalid data") -> None:
            # Something is wrong: the slow, row-numbering SQL checks name the first bad
            # row as it appears in the file (the fast path below has lost file order).
            _validate(con, subjects, marks, types, full_marks, header_rows, exam_no_expr)
            raise ValueError(f"{path}: {message}")

        if is_csv and any(types[s] == "VARCHAR" for s in subjects):
            unparsable = con.execute(
                "SELECT "  # noqa: S608
                + " + ".join(
                    f"count(*) FILTER (WHERE {m} IS NULL AND {_present_text(s)})"
                    for s, m in zip(subjects, marks, strict=True)
                )
                + " FROM t"
            ).fetchone()
            if unparsable and unparsable[0]:
                fail()
        (n_rows,) = con.execute("SELECT count(*) FROM t").fetchone()  # type: ignore[misc]

        units = con.execute(
            "SELECT CAST(district AS VARCHAR) AS district, CAST(school AS VARCHAR) AS school,"
            " CAST(class AS VARCHAR) AS class FROM t GROUP BY ALL ORDER BY ALL"
        ).fetchnumpy()
        ud, us, uc = (np.asarray(units[k], dtype=object) for k in ("district", "school", "class"))
        pairs = set(zip(ud.tolist(), us.tolist(), strict=True))
        if len({school for _, school in pairs}) != len(pairs):
            fail()  # a school in two districts
        d_names, d_code = np.unique(ud, return_inverse=True)
        school_key = np.char.add(np.char.add(ud.astype(str), "\x1f"), us.astype(str))
        s_keys, s_first, s_code = np.unique(school_key, return_index=True, return_inverse=True)
        con.register(
            "units",
            {"district": ud, "school": us, "class": uc, "cid": np.arange(len(uc), dtype=np.int64)},
        )
        cols = con.execute(
            f"SELECT u.cid, {exam_no_expr.replace('exam_no', 't.exam_no')} AS exam_no, "  # noqa: S608
            + ", ".join(
                f"COALESCE({m}, CAST('NaN' AS DOUBLE)) AS m{j}" for j, m in enumerate(marks)
            )
            + " FROM t JOIN units u ON CAST(t.district AS VARCHAR) = u.district"
            " AND CAST(t.school AS VARCHAR) = u.school AND CAST(t.class AS VARCHAR) = u.class"
        ).fetchnumpy()
        exam_no = np.asarray(cols["exam_no"], dtype=np.int64 if digits else object)
        if len(exam_no) != n_rows:
            fail()  # an empty district, school or class dropped rows from the join
        if digits:
            ordered = np.sort(exam_no)
            if np.any(ordered[1:] == ordered[:-1]):
                fail()
        elif len(set(exam_no.tolist())) != len(exam_no):
            fail()
        scores = np.empty((len(exam_no), len(subjects)), dtype=np.float64)
        for j in range(len(subjects)):
            scores[:, j] = cols[f"m{j}"]
        try:
            return ScoreSheet.from_codes(
                exam_no=exam_no,
                exam_no_digits=digits,
                klass=np.asarray(cols["cid"]),
                class_school=s_code,
                school_district=d_code[s_first],
                scores=scores,
                subjects=subjects,
                full_marks={s: full_marks[s] for s in subjects},
                district_names=d_names,
                school_names=us[s_first],
                class_names=uc,
                total_policy=total_policy,
                assume_unique_exam_no=True,  # checked just above
            )
        except ValueError as exc:
            fail(str(exc))  # a bad mark: name its row as in the file
            raise
    finally:
        con.close()


def _present_text(subject: str) -> str:
    """SQL: the raw cell holds something other than an absence token."""
    c = _q(subject)
    tokens = ", ".join(f"'{t}'" for t in ABSENT_TOKENS)
    return f"{c} IS NOT NULL AND trim({c}) NOT IN ({tokens})"


def _mark_expr(subject: str, sql_type: str) -> str:
    """SQL for a subject's mark as DOUBLE, NULL when absent or not a number."""
    c = _q(subject)
    if sql_type == "VARCHAR":
        tokens = ", ".join(f"'{t}'" for t in ABSENT_TOKENS)
        return (
            f"CASE WHEN {c} IS NULL OR trim({c}) IN ({tokens}) THEN NULL "
            f"ELSE TRY_CAST(trim({c}) AS DOUBLE) END"
        )
    return f"CAST({c} AS DOUBLE)"


def _validate(
    con: object,
    subjects: list[str],
    marks: list[str],
    types: dict[str, str],
    full_marks: Mapping[str, float],
    header_rows: int,
    exam_no_expr: str = "exam_no",
) -> None:
    """Raise on the first bad row, named as in the file.

    One aggregate query counts every kind of problem (parallel, no row numbers); only
    when something is wrong does a second query number the rows to name the first one.
    """

    def run(sql: str) -> tuple:
        return con.execute(sql).fetchone()  # type: ignore[attr-defined]

    checks: list[tuple[str, str]] = []  # (column, SQL condition for a bad row)
    for col in REQUIRED:
        checks.append((col, f"{col} IS NULL OR trim(CAST({col} AS VARCHAR)) = ''"))
    for s, m in zip(subjects, marks, strict=True):
        full = float(full_marks[s])
        bad = f"{m} < 0 OR {m} > {full!r} OR {m} * 2 <> round({m} * 2)"
        if types[s] == "VARCHAR":
            bad += f" OR ({m} IS NULL AND {_present_text(s)})"
        checks.append((s, bad))
    counts = run(
        f"SELECT count(*) - count(DISTINCT {exam_no_expr}), "  # noqa: S608
        + ", ".join(f"count(*) FILTER (WHERE {cond})" for _, cond in checks)
        + ", (SELECT count(*) FROM (SELECT school FROM t GROUP BY school"
        " HAVING count(DISTINCT district) > 1))"
        " FROM t"
    )
    if not any(counts):
        return
    numbered = "(SELECT row_number() OVER () AS rn, * FROM t)"

    def row(rn: int) -> int:
        return int(rn) + header_rows

    problems: list[tuple[int, str]] = []
    for (col, cond), n_bad in zip(checks, counts[1:-1], strict=True):
        if not n_bad:
            continue
        if col in REQUIRED:
            (rn,) = run(f"SELECT min(rn) FROM {numbered} WHERE {cond}")  # noqa: S608
            problems.append((row(rn), f"row {row(rn)}, column {col}: empty"))
            continue
        j = subjects.index(col)
        full = float(full_marks[col])
        rn, raw, mark = run(
            f"SELECT rn, CAST({_q(col)} AS VARCHAR), {marks[j]} FROM {numbered} "  # noqa: S608
            f"WHERE {cond} ORDER BY rn LIMIT 1"
        )
        if mark is None:
            why = f"{raw!r} is not a mark"
        elif mark < 0:
            why = f"{raw} is below 0"
        elif mark > full:
            why = f"{raw} is above full marks {full:g}"
        else:
            why = f"{raw} is not a whole or half mark"
        problems.append((row(rn), f"row {row(rn)}, column {col}: {why}"))
    if counts[0]:
        exam_no, first, last = run(
            f"SELECT exam_no, min(rn), max(rn) FROM {numbered} GROUP BY exam_no "  # noqa: S608
            "HAVING count(*) > 1 ORDER BY 3 LIMIT 1"
        )
        problems.append(
            (
                row(last),
                f"row {row(last)}, column exam_no: duplicate exam number {exam_no} "
                f"(also row {row(first)})",
            )
        )
    if counts[-1]:
        school, rn = run(
            f"SELECT school, max(rn) FROM {numbered} GROUP BY school "  # noqa: S608
            "HAVING count(DISTINCT district) > 1 ORDER BY 2 LIMIT 1"
        )
        problems.append(
            (row(rn), f"row {row(rn)}, column school: {school} appears in two districts")
        )
    raise ValueError(min(problems)[1])
