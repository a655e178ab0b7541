"""``__any`` (``core.io.bulk.AnyOf``), the importer's per-chunk key lookup, finds exactly
the rows ``__in`` finds, on every database; on PostgreSQL as one array parameter."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from edugov.org.models import Unit
from edugov.students.models import Student
from edugov.students.tests.conftest import make_student

pytestmark = pytest.mark.django_db


def _both(model, name, values):
    """The pks ``name__in`` and ``name__any`` find, and the SQL of the second."""
    by_in = set(model._base_manager.filter(**{f"{name}__in": values}).values_list("pk", flat=True))
    with CaptureQueriesContext(connection) as queries:
        by_any = set(
            model._base_manager.filter(**{f"{name}__any": values}).values_list("pk", flat=True)
        )
    return by_in, by_any, queries[-1]["sql"] if queries else ""


def test_it_finds_what_in_finds(cast):
    units = list(Unit.objects.order_by("pk"))
    assert len(units) > 4
    some = units[::2]
    cases = [
        # Stored keys mixed with keys nobody has, and a None (never equal to anything).
        ("code", [u.code for u in some] + ["9999999999", "", "x'y,{z}\"", None]),
        ("pk", [u.pk for u in some] + [10**9, None]),
        # A relation, by id and by object (normalised to its pk as ``__in`` does).
        ("parent_id", {u.parent_id for u in some if u.parent_id} | {10**9}),
        ("parent", [u.parent for u in some if u.parent_id]),
    ]
    for name, values in cases:
        by_in, by_any, sql = _both(Unit, name, values)
        assert by_any == by_in, name
        assert by_any and by_any != {u.pk for u in units}, name  # a real selection
        if connection.vendor == "postgresql":
            assert "= ANY(" in sql and " IN (" not in sql, sql
        else:
            assert " IN (" in sql, sql


def test_a_blind_index_matches_as_with_in(cast):
    stored = [make_student(cast.donghu_school) for _i in range(3)]
    wanted = [s.student_number_index for s in stored[:2]]
    by_in, by_any, _sql = _both(Student, "student_number_index", wanted + ["0" * 64])
    assert by_any == by_in == {s.pk for s in stored[:2]}


def test_no_values_no_query(cast):
    with CaptureQueriesContext(connection) as queries:
        assert list(Unit.objects.filter(code__any=[])) == []
        assert list(Unit.objects.filter(code__any=[None])) == []
    assert len(queries) == 0


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's array form")
def test_a_thousand_keys_are_one_parameter(cast):
    keys = [f"{i:010d}" for i in range(1000)] + [cast.donghu_school.code]
    with CaptureQueriesContext(connection) as queries:
        found = list(Unit.objects.filter(code__any=keys).values_list("pk", flat=True))
    assert found == [cast.donghu_school.pk]
    sql = queries[-1]["sql"]
    assert "= ANY(" in sql and sql.count("'") <= 4, sql[:300]
