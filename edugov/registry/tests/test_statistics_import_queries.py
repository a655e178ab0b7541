"""The statistics import asks the database per chunk, not per row: the same handful
of queries for 200 rows as for 1,000 (half new, half stored and changed)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from edugov.conftest import make_school
from edugov.registry.models import AnnualStatistics

from .test_statistics_import import good_row, run

pytestmark = pytest.mark.django_db


def _rows(codes: list[str], years: range, **cells) -> list[dict]:
    return [good_row(code, year, **cells) for code in codes for year in years]


def _queries(user, codes: list[str], years: int) -> int:
    # Half the (school, year) pairs stored first, then changed, beside as many new.
    old, new = range(2000, 2000 + years), range(2050, 2050 + years)
    assert run(user, _rows(codes, old)).created == len(codes) * years
    rows = _rows(codes, old, floor_area="950") + _rows(codes, new)
    with CaptureQueriesContext(connection) as ctx:
        report = run(user, rows)
    assert report.ok, report.errors[:3]
    assert (report.created, report.updated) == (len(codes) * years, len(codes) * years)
    return len(ctx.captured_queries)


def test_the_query_count_does_not_grow_with_the_rows(cast):
    codes = [f"21360001{i:02d}" for i in range(10)]
    for code in codes:
        make_school(cast.donghu, code, f"东湖区测试学校{code}")
    small = _queries(cast.donghu_officer, codes[:2], 50)  # 200 rows
    large = _queries(cast.donghu_officer, codes[2:], 50)  # 800 rows from 8 schools
    assert large <= small + 2, (small, large)
    assert large <= 40, large
    assert AnnualStatistics.objects.filter(floor_area=950).count() == 500
