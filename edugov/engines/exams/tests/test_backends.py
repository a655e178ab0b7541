"""Every count-pass backend gives the identical count table, hence identical results."""

from __future__ import annotations

import dataclasses
import os

import numpy as np
import pytest

from edugov.engines.exams.analysis import ExamAnalysis, analyse
from edugov.engines.exams.backends import (
    count_duckdb,
    count_numpy,
    count_sql,
    spark_unavailable_reason,
)
from edugov.engines.exams.kernels import compute_totals
from edugov.engines.exams.model import ScoreSheet
from edugov.engines.exams.synth import generate_sheet


def test_duckdb_and_numpy_agree_exactly_at_100k(
    sheet_large: ScoreSheet, analysis_large: ExamAnalysis
) -> None:
    via_sql = analyse(sheet_large, engine="duckdb")
    assert via_sql.engine == "duckdb"
    assert via_sql.equals(analysis_large)
    assert via_sql.counts.entries > 100_000  # the comparison covered a real table


def test_backends_agree_on_unordered_rows_and_the_strict_total_policy() -> None:
    base = generate_sheet(5000, seed=11, absent_rate=0.05, total_policy="all_required")
    perm = np.random.default_rng(0).permutation(base.n_candidates)
    sheet = dataclasses.replace(
        base, exam_no=base.exam_no[perm], klass=base.klass[perm], scores=base.scores[perm]
    )
    assert not sheet.rows_by_class[1]  # the regrouping path, not the identity one
    assert count_numpy(sheet).equals(count_duckdb(sheet))
    assert analyse(sheet).equals(analyse(sheet, engine="duckdb"))


def test_equals_notices_a_single_changed_count(sheet_large: ScoreSheet) -> None:
    a = count_numpy(sheet_large)
    b = count_numpy(sheet_large)
    b.count[17] += 1
    assert not a.equals(b)


def test_total_policies_differ_only_for_partly_absent_candidates() -> None:
    scores = np.array([[10, 20], [-1, 5], [-1, -1]], dtype=np.int16)
    assert compute_totals(scores, False).tolist() == [30, 5, -1]
    assert compute_totals(scores, True).tolist() == [30, -1, -1]


def test_the_sql_is_one_plain_group_by_text() -> None:
    sql = count_sql(3, all_required=False)
    assert sql.count("GROUP BY") == 1
    assert "UNPIVOT (score FOR col IN (s0, s1, s2, s3))" in sql  # s3 is the total
    assert "NULLIF(s0, -1)" in sql and "COALESCE(s2, 0)" in sql


# --------------------------------------------------------------------------- Spark
def require_spark() -> None:
    """Skip with the precise reason when Spark cannot run here; on CI, fail instead, so
    that a runner without Java cannot pass the Spark test silently."""
    reason = spark_unavailable_reason()
    if reason is None:
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI must run the Spark test but cannot: {reason}")
    pytest.skip(f"Spark test skipped: {reason}")


def test_missing_java_skips_locally_and_fails_on_ci(
    monkeypatch: pytest.MonkeyPatch, tmp_path: object
) -> None:
    monkeypatch.setenv("JAVA_HOME", str(tmp_path))  # a directory without bin/java
    assert "no Java runtime" in (spark_unavailable_reason() or "")
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="no Java runtime"):
        require_spark()
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI must run the Spark test"):
        require_spark()


@pytest.fixture
def spark(spark_local_session: object) -> object:
    return spark_local_session  # edugov/conftest.py: one session per test process


@pytest.mark.spark
@pytest.mark.xdist_group("spark")
def test_spark_runs_the_same_sql_and_gives_identical_results(spark: object) -> None:
    # 20k candidates, not 100k: on a 2-core runner Spark's per-stage overhead would
    # otherwise dominate the suite's time budget; the SQL and code paths are the same.
    sheet = generate_sheet(20_000, seed=3, absent_rate=0.03)
    local = analyse(sheet)
    via_spark = analyse(sheet, engine="spark", spark=spark)  # type: ignore[arg-type]
    assert via_spark.engine == "spark"
    assert via_spark.counts.equals(local.counts)
    assert via_spark.equals(local)


def test_shuffled_rows_give_the_grouped_rows_results_in_their_own_order() -> None:
    """The numba pass regroups unsorted rows by class itself (a counting sort): every
    output equals the sorted sheet's, the per-candidate ones (totals, all three ranks)
    at each candidate's own row."""
    base = generate_sheet(6000, seed=21, absent_rate=0.05)
    perm = np.random.default_rng(4).permutation(base.n_candidates)
    sheet = dataclasses.replace(
        base, exam_no=base.exam_no[perm], klass=base.klass[perm], scores=base.scores[perm]
    )
    assert not sheet.grouped_by_class
    grouped, shuffled = analyse(base), analyse(sheet)
    assert shuffled.counts.school_pass.where.size == base.n_candidates  # the regroup path
    np.testing.assert_array_equal(shuffled.totals, grouped.totals[perm])
    np.testing.assert_array_equal(shuffled.ranks, grouped.ranks[perm])
    assert (shuffled.ranks[:, :, 2] > 1).any()  # school ranks were really placed
    assert shuffled.counts.equals(grouped.counts)
    for level in ("city", "district", "school", "class"):
        assert shuffled.levels[level].equals(grouped.levels[level])
    np.testing.assert_array_equal(shuffled.school_rank_city, grouped.school_rank_city)
    assert all(np.array_equal(shuffled.hist[k], grouped.hist[k]) for k in grouped.hist)


@pytest.mark.spark
@pytest.mark.xdist_group("spark")
def test_spark_on_a_cluster_gets_the_marks_through_the_driver_or_a_shared_directory(
    spark: object, monkeypatch: pytest.MonkeyPatch, tmp_path: object
) -> None:
    """A cluster's executors cannot read the worker's temporary files: without a
    staging directory the marks go through the driver; with one, the parquet file is
    written under it. Either way the count table is the numpy one."""
    import tempfile

    from edugov.engines.exams import backends

    sheet = generate_sheet(3000, seed=8, absent_rate=0.03)
    local = count_numpy(sheet)
    monkeypatch.setattr(backends, "executors_see_local_files", lambda session: False)
    shipped: list[int] = []
    create = spark.createDataFrame  # type: ignore[attr-defined]
    monkeypatch.setattr(
        spark, "createDataFrame", lambda data, *a, **k: shipped.append(len(data)) or create(data)
    )
    staged_in: list[object] = []
    temporary = tempfile.TemporaryDirectory
    monkeypatch.setattr(
        tempfile,
        "TemporaryDirectory",
        lambda *a, **k: staged_in.append(k.get("dir")) or temporary(*a, **k),
    )
    assert backends.count_spark(sheet, spark).equals(local)  # type: ignore[arg-type]
    assert shipped == [3000] and staged_in == []
    assert backends.count_spark(sheet, spark, str(tmp_path)).equals(local)  # type: ignore[arg-type]
    assert shipped == [3000] and staged_in == [str(tmp_path)]
    assert os.listdir(str(tmp_path)) == []  # the staged file is removed afterwards
