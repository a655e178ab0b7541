"""The analysis job's count-pass backend is a setting (EDUGOV_EXAM_ENGINE): whichever
runs it, the job stores the same rows, field for field."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from edugov.academics.analysis import count_backend, exam_analyse
from edugov.academics.models import Candidate, UnitResult
from edugov.core.context import acting

pytestmark = pytest.mark.django_db

RESULT_FIELDS = (
    "level", "unit_id", "class_name", "candidates", "mean_total", "city_rank",
    "district_rank", "stats", "reference", "bands", "items",
)  # fmt: skip


def stored(exam) -> tuple[list[tuple], list[tuple]]:
    """Everything the job wrote for the exam: its result rows and each candidate's
    ranks."""
    results = sorted(
        UnitResult.objects.filter(exam=exam).values_list(*RESULT_FIELDS),
        key=lambda row: tuple(str(x) for x in row[:3]),
    )
    ranks = [
        (pk, bytes(r)) for pk, r in Candidate.objects.filter(exam=exam).values_list("pk", "ranks")
    ]
    return results, sorted(ranks)


def reanalyse(cast, exam) -> dict:
    with acting(cast.city_admin):
        return exam_analyse(exam=exam)


def test_numpy_is_the_default_backend(cast, world):
    assert count_backend() == {"engine": "numpy"}
    assert reanalyse(cast, world.exam)["engine"] == "numpy"


def test_duckdb_stores_what_numpy_stores(cast, world, settings):
    expected = stored(world.exam)
    assert len(expected[0]) > 10 and all(r for _, r in expected[1])
    settings.EDUGOV_EXAM_ENGINE = "duckdb"
    assert reanalyse(cast, world.exam)["engine"] == "duckdb"
    assert stored(world.exam) == expected


def test_an_unknown_backend_is_a_configuration_error(cast, world, settings):
    settings.EDUGOV_EXAM_ENGINE = "pandas"
    with pytest.raises(ImproperlyConfigured, match="numpy, duckdb, spark"):
        reanalyse(cast, world.exam)


@pytest.fixture
def spark_local(settings, spark_local_session) -> None:
    """Spark on local[2], reached as a province's worker reaches its cluster: through
    the settings only. The job's own session request finds the test process's running
    session (edugov/conftest.py), so the JVM starts once for every Spark test."""
    settings.EDUGOV_EXAM_ENGINE = "spark"
    settings.EDUGOV_SPARK_MASTER = "local[2]"


@pytest.mark.spark
@pytest.mark.xdist_group("spark")
def test_spark_stores_what_numpy_stores(cast, world, spark_local):
    expected = stored(world.exam)  # the world's exam was analysed on numpy (the default)
    summary = reanalyse(cast, world.exam)
    assert summary["engine"] == "spark"
    assert summary["candidates"] == 12
    assert stored(world.exam) == expected
