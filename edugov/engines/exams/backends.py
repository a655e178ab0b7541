"""The count pass, on numpy/numba, DuckDB or Spark.

Every backend returns the same :class:`CountTable`: for each (class, column, score)
the number of candidates. It is the only step that touches every row; the rest of the
analysis (:mod:`.analysis`) reads the count table plus the candidates' own scores.

The SQL backends run one text, :func:`count_sql`, unchanged on DuckDB and on Spark: it
maps the -1 sentinel to NULL, derives the total with the sheet's absence policy and
groups. That is why the total is derived in SQL rather than passed in: a Spark cluster
reading a parquet dump of the same columns gets the same answer.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from . import kernels, stats
from .model import ScoreSheet, Thresholds

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

Engine = Literal["numpy", "duckdb", "spark"]
ENGINES: tuple[str, ...] = ("numpy", "duckdb", "spark")


@dataclass(frozen=True, eq=False)
class SchoolPass:
    """What is derived class by class and school by school, for one set of thresholds:
    class and school statistics (rows as in :mod:`.stats`, in marks), each chunk's part
    of its district's count table (see :func:`district_tables`), the (3, N, columns)
    rank planes with the school plane filled, and the candidates' totals it used. The
    numba count pass fills it on the way, totals included (:func:`.kernels.count_pass`);
    for the SQL backends :func:`.analysis.derive` fills it from their count table.

    When the sheet's rows did not come grouped by class, the numba pass ran over their
    copy in class order (:func:`.kernels.regroup`): ``where`` then says where each row
    went and ``school_grouped`` holds the school ranks in that order, for
    :func:`.kernels.rank_city_district` to put in the school plane (else both are
    empty and the plane is filled already). ``row_start`` bounds each class's rows."""

    thresholds: Thresholds
    totals: np.ndarray
    fo_class: np.ndarray
    io_class: np.ndarray
    fo_school: np.ndarray
    io_school: np.ndarray
    chunk_hist: np.ndarray
    rank_planes: np.ndarray
    row_start: np.ndarray | None = None
    where: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    school_grouped: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), np.int32))

    @classmethod
    def allocate(
        cls,
        sheet: ScoreSheet,
        thresholds: Thresholds,
        chunks: np.ndarray,
        totals: np.ndarray | None = None,
    ) -> SchoolPass:
        """Outputs for one pass; ``totals`` when they are known already, else space
        for the count pass to write them."""
        n_cols = len(sheet.full_scaled)
        n_f = stats.F_Q0 + len(stats.QS)
        classes = len(sheet.class_school) * n_cols
        schools = len(sheet.school_district) * n_cols
        return cls(
            thresholds,
            kernels.alloc(sheet.n_candidates, np.int32) if totals is None else totals,
            kernels.alloc((classes, n_f), np.float64),
            kernels.alloc((classes, 3), np.int64),
            kernels.alloc((schools, n_f), np.float64),
            kernels.alloc((schools, 3), np.int64),
            np.zeros((len(chunks) - 1, int(sheet.full_scaled.sum()) + n_cols), np.int32),
            kernels.alloc((3, sheet.n_candidates, n_cols), np.int32),
        )


@dataclass(frozen=True, eq=False)
class CountTable:
    """(class, column, score) -> count, grouped by class and column, sorted by score.

    Group ``g = class * n_cols + column`` spans ``begin[g]:end[g]`` of ``score`` and
    ``count``. Groups are in order, but may be separated by unused entries: the numpy
    count pass writes each chunk of classes into its own pre-sized range, and packing
    the ranges together would copy the whole table for nothing. The SQL
    backends give a packed table (``end[g] == begin[g + 1]``). Scores are scaled
    integers; absent candidates are not counted.
    """

    begin: np.ndarray
    end: np.ndarray
    score: np.ndarray
    count: np.ndarray
    n_cols: int
    #: What the numba count pass derived on the way; the SQL backends leave it empty
    #: and :func:`.analysis.derive` reaches the same results from the table.
    school_pass: SchoolPass | None = None

    @classmethod
    def packed(cls, indptr: np.ndarray, score: np.ndarray, count: np.ndarray, n_cols: int):
        return cls(indptr[:-1], indptr[1:], score, count, n_cols)

    @property
    def entries(self) -> int:
        """Number of (class, column, score) cells."""
        return int((self.end - self.begin).sum())

    def as_csr(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(indptr, score, count) with the gaps removed."""
        lengths = self.end - self.begin
        indptr = np.zeros(len(lengths) + 1, np.int64)
        np.cumsum(lengths, out=indptr[1:])
        take = np.arange(indptr[-1]) - np.repeat(indptr[:-1] - self.begin, lengths)
        return indptr, self.score[take], self.count[take]

    def equals(self, other: CountTable) -> bool:
        """Exact equality of the cells, used to prove backends agree."""
        return self.n_cols == other.n_cols and all(
            np.array_equal(a, b) for a, b in zip(self.as_csr(), other.as_csr(), strict=True)
        )


def column_names(sheet: ScoreSheet) -> list[str]:
    """SQL-safe names for the subject columns (subject names are Chinese)."""
    return [f"s{j}" for j in range(len(sheet.subjects))]


def count_sql(n_subjects: int, all_required: bool, table: str = "scores") -> str:
    """The GROUP BY that any SQL engine runs: rows (class_code, col, score, n).

    The input table has ``class_code`` and ``s0 .. s{K-1}`` integer columns with -1 for
    absent; the total becomes ``s{K}``. SQL-standard UNPIVOT (DuckDB, Spark >= 3.4)
    turns the columns into rows in one scan and drops NULLs, i.e. absent candidates;
    the column index is recovered from the name so that no string column comes back.
    """
    subj = [f"s{j}" for j in range(n_subjects)]
    total_name = f"s{n_subjects}"
    cast = ",\n    ".join(f"CAST(NULLIF({c}, -1) AS INTEGER) AS {c}" for c in subj)
    if all_required:
        total = " + ".join(subj)
    else:
        none = " AND ".join(f"{c} IS NULL" for c in subj)
        summed = " + ".join(f"COALESCE({c}, 0)" for c in subj)
        total = f"CASE WHEN {none} THEN NULL ELSE {summed} END"
    # Only generated identifiers (s0, s1, ...) are spliced in.
    return (
        f"WITH present AS (\n  SELECT class_code,\n    {cast}\n  FROM {table}\n),\n"  # noqa: S608
        f"candidates AS (\n  SELECT *, {total} AS {total_name} FROM present\n)\n"
        "SELECT class_code, CAST(SUBSTRING(col, 2) AS INTEGER) AS col, score, COUNT(*) AS n\n"
        f"FROM candidates UNPIVOT (score FOR col IN ({', '.join([*subj, total_name])}))\n"
        "GROUP BY class_code, col, score"
    )


def sql_input_columns(sheet: ScoreSheet) -> dict[str, np.ndarray]:
    """Columns of the table the SQL backends read, as numpy arrays (no copies)."""
    cols = {"class_code": sheet.klass}
    for j, name in enumerate(column_names(sheet)):
        cols[name] = sheet.scores[:, j]
    return cols


def count_numpy(sheet: ScoreSheet, thresholds: Thresholds | None = None) -> CountTable:
    """Count pass with the numba kernel (the default), which also computes the totals
    and derives the class and school statistics, the district tables and the school
    ranks while each school is in cache (:class:`SchoolPass`, for ``thresholds``)."""
    thresholds = thresholds or Thresholds()
    n_classes = len(sheet.class_school)
    chunks = school_chunks(sheet)
    if sheet.grouped_by_class:  # read in place; the totals are summed on the way
        _, _, row_start = sheet.rows_by_class
        out = SchoolPass.allocate(sheet, thresholds, chunks)
        scores, totals, rank_school = sheet.scores, out.totals, out.rank_planes[2]
        out = replace(out, row_start=row_start)
    else:
        # Rows in any other order (real score files are not sorted): copy the marks
        # into class order once, a counting sort by class, so that the pass reads
        # them in sequence. It writes totals and school ranks in that order too;
        # the rank pass puts the school ranks back in row order.
        n = sheet.n_candidates
        where = kernels.alloc(n, np.int32 if n < 2**31 else np.int64)
        scores = kernels.alloc(sheet.scores.shape, sheet.scores.dtype)
        row_totals = kernels.alloc(n, np.int32)
        row_start = kernels.regroup(
            sheet.klass, n_classes, sheet.scores, sheet.all_required, where, scores, row_totals
        )
        out = SchoolPass.allocate(sheet, thresholds, chunks, row_totals)
        totals = kernels.alloc(sheet.n_candidates, np.int32)
        # A school rank is at most the school's size: 16 bits halve what the rank
        # pass reads back at random places (:func:`.kernels.rank_city_district`).
        per_school = np.diff(row_start[unit_starts(sheet.class_school, len(sheet.school_district))])
        narrow_ranks = per_school.size == 0 or int(per_school.max()) < 2**15
        rank_school = kernels.alloc(
            out.rank_planes.shape[1:], np.int16 if narrow_ranks else np.int32
        )
        out = replace(out, row_start=row_start, where=where, school_grouped=rank_school)
    ranges = (sheet.full_scaled + 1).astype(np.int64)
    n_cols = len(ranges)
    n_groups = n_classes * n_cols
    slot = kernels.count_slots(row_start, n_cols)
    score = kernels.alloc(int(slot[-1]), np.int16)
    # A class's count of one score fits 16 bits unless a "class" has 65,536 candidates.
    narrow = len(row_start) < 2 or int(np.diff(row_start).max()) < 2**16
    count = kernels.alloc(int(slot[-1]), np.uint16 if narrow else np.int32)
    begin = kernels.alloc(n_groups, np.int64)
    end = kernels.alloc(n_groups, np.int64)
    thr_pass, thr_exc = thresholds.arrays(sheet.full_scaled)
    kernels.count_pass(
        scores, sheet.all_required, totals, row_start,
        unit_starts(sheet.class_school, len(sheet.school_district)), chunks,
        bin_offsets(ranges), kernels.word_layout(ranges), slot, score, count, begin, end,
        thr_pass, thr_exc, stats.QS, 1 / sheet.scale, out.fo_class, out.io_class,
        out.fo_school, out.io_school, out.chunk_hist, rank_school,
    )  # fmt: skip
    return CountTable(begin, end, score, count, n_cols, out)


def school_chunks(sheet: ScoreSheet) -> np.ndarray:
    """The kernels' work units: ~256 runs of schools, none across a district."""
    return kernels.school_chunks(unit_starts(sheet.school_district, len(sheet.district_names)), 256)


def district_tables(sheet: ScoreSheet, chunks: np.ndarray, chunk_hist: np.ndarray) -> np.ndarray:
    """The (districts, bins) count tables from the kernels' per-chunk parts: each chunk
    lies in one district (:func:`.kernels.school_chunks`), in district order."""
    chunk_district = sheet.school_district[chunks[:-1]]
    return kernels.roll_up_dense(chunk_hist, unit_starts(chunk_district, len(sheet.district_names)))


def bin_offsets(ranges: np.ndarray) -> np.ndarray:
    """Start of each column on the shared bin axis of the dense count tables."""
    return np.concatenate([[0], np.cumsum(ranges)[:-1]]).astype(np.int64)


def unit_starts(parent: np.ndarray, n_parents: int) -> np.ndarray:
    """Children of parent p are ``start[p]:start[p+1]`` (``parent`` is non-decreasing)."""
    return np.searchsorted(parent, np.arange(n_parents + 1)).astype(np.int64)


def _from_rows(sheet: ScoreSheet, rows: dict[str, np.ndarray]) -> CountTable:
    n_cols = len(sheet.subjects) + 1
    indptr, score, count = kernels.csr_from_rows(
        np.asarray(rows["class_code"], dtype=np.int64),
        np.asarray(rows["col"], dtype=np.int64),
        np.asarray(rows["score"], dtype=np.int32),
        np.asarray(rows["n"], dtype=np.int32),
        len(sheet.class_school),
        n_cols,
    )
    return CountTable.packed(indptr, score, count, n_cols)


def count_duckdb(sheet: ScoreSheet, connection: Any = None) -> CountTable:
    """Count pass as SQL on DuckDB over the sheet's arrays (scanned in place)."""
    import duckdb

    con = connection if connection is not None else duckdb.connect()
    try:
        con.register("scores", sql_input_columns(sheet))
        sql = count_sql(len(sheet.subjects), sheet.all_required)
        rows = con.sql(sql).fetchnumpy()
    finally:
        con.unregister("scores")
        if connection is None:
            con.close()
    return _from_rows(sheet, rows)


def spark_unavailable_reason() -> str | None:
    """Why Spark cannot run here, or None if pyspark imports and Java is on PATH."""
    import shutil

    try:
        import pyspark  # noqa: F401
    except ImportError as exc:
        return f"pyspark is not importable ({exc})"
    java_home = os.environ.get("JAVA_HOME")
    java = os.path.join(java_home, "bin", "java") if java_home else shutil.which("java")
    if not java or not os.path.exists(java):
        return "no Java runtime: set JAVA_HOME or put java on PATH (Spark needs Java 17+)"
    return None


def spark_session(
    master: str = "local[2]",
    app_name: str = "edugov-exams",
    conf: dict[str, str] | None = None,
) -> SparkSession:
    """A Spark session on ``master``: ``local[N]`` on this machine, or a cluster
    (``spark://host:7077``, ``yarn``, ``k8s://…``). No UI. A local master gets 4 shuffle
    partitions (the count tables are small, so Spark's default 200 would only add
    scheduling) and 2 GB of driver memory; ``conf`` (``spark.*`` options, e.g. the
    executors' memory on a cluster) is applied after those and overrides them."""
    from pyspark.sql import SparkSession

    options = {
        "spark.ui.enabled": "false",
        "spark.ui.showConsoleProgress": "false",
        "spark.sql.execution.arrow.pyspark.enabled": "true",
    }
    if master.startswith("local"):
        options |= {"spark.sql.shuffle.partitions": "4", "spark.driver.memory": "2g"}
    builder = SparkSession.builder.master(master).appName(app_name)
    for key, value in {**options, **(conf or {})}.items():
        builder = builder.config(key, value)
    return builder.getOrCreate()


def local_spark_session(app_name: str = "edugov-exams") -> SparkSession:
    """A small local Spark: 2 cores (see :func:`spark_session`)."""
    return spark_session("local[2]", app_name)


def executors_see_local_files(session: SparkSession) -> bool:
    """Whether Spark's executors read this machine's files: true of a local master."""
    return session.sparkContext.master.startswith("local")


def count_spark(
    sheet: ScoreSheet, spark: SparkSession | None = None, staging_dir: str | None = None
) -> CountTable:
    """Count pass as the same SQL on Spark; the count rows come back through Arrow.

    The input goes to Spark as a parquet file (written by DuckDB) rather than through
    ``createDataFrame``: Spark reads parquet natively and in parallel, which is also how
    it would meet a provincial dump, while shipping a million rows through the Python
    bridge is slow. The file is written to a temporary directory under
    ``staging_dir``, which every executor must see by the same path (a shared mount);
    without one it goes under the system's temporary directory, which only a local
    master (``local[N]``) is sure to see, so a cluster master then gets the columns
    through the driver instead (``createDataFrame`` from Arrow, ~20 MB a million
    candidates).
    """
    import tempfile

    import duckdb

    session = spark if spark is not None else local_spark_session()
    sql = count_sql(len(sheet.subjects), sheet.all_required)
    if staging_dir is None and not executors_see_local_files(session):
        import pyarrow as pa

        table = pa.table(sql_input_columns(sheet))
        session.createDataFrame(table.to_pandas()).createOrReplaceTempView("scores")
        try:
            result = session.sql(sql).toArrow()
        finally:
            session.catalog.dropTempView("scores")
    else:
        with tempfile.TemporaryDirectory(prefix="edugov-exams-", dir=staging_dir) as tmp:
            path = os.path.join(tmp, "scores.parquet")
            con = duckdb.connect()
            try:
                con.register("scores", sql_input_columns(sheet))
                con.sql("SELECT * FROM scores").write_parquet(path)
            finally:
                con.close()
            session.read.parquet(path).createOrReplaceTempView("scores")
            try:
                result = session.sql(sql).toArrow()
            finally:
                session.catalog.dropTempView("scores")
    rows = {name: result.column(name).to_numpy() for name in ("class_code", "col", "score", "n")}
    return _from_rows(sheet, rows)


def count_table(
    sheet: ScoreSheet,
    engine: Engine = "numpy",
    *,
    thresholds: Thresholds | None = None,
    spark: SparkSession | None = None,
    duckdb_connection: Any = None,
    spark_staging_dir: str | None = None,
) -> CountTable:
    """Run the count pass on the chosen engine (``thresholds`` serve the class
    statistics the numpy engine computes on the way)."""
    if engine == "numpy":
        return count_numpy(sheet, thresholds)
    if engine == "duckdb":
        return count_duckdb(sheet, duckdb_connection)
    if engine == "spark":
        return count_spark(sheet, spark, spark_staging_dir)
    raise ValueError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
