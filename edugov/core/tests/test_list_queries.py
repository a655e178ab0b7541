"""No list page runs a query per row (issue 25): every list of every module, opened by
the world's user who sees the most of its rows, costs the same number of queries for a
page of one row as for a page of all of them. A new module's list is pinned as soon as
its ``tests/world.py`` gives some user two rows of it."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from edugov.conftest import session_login
from edugov.core.testing import world_params
from edugov.core.tests.test_authz_matrix import _url, classify

LISTS = [(name, route) for name, route, kind, *_ in classify()[0] if kind == "list"]
# Lists whose queries grow with something other than the rows, each with its reason.
BOUNDED = {
    "workplan:task_list": "a computed KPI is evaluated once per (indicator, year, scope) of "
    "the page's tasks (workplan.selectors._computed_values): bounded by the 13 scopes of "
    "the city and its districts, not by the rows",
}


def _rows(response) -> int:
    """Rows on the list's page (a page may show other tables too)."""
    table = response.context["table"]
    return len(table.page.object_list) if table.page else 0


def _shape(sql: str) -> str:
    """A query without its literals: the same query for another row looks the same."""
    sql = re.sub(r"'[^']*'|\b\d+\b|\"s\d+_x\d+\"", "?", sql)
    return re.sub(r"\(\?(, \?)*\)", "(?…)", sql)


def test_every_list_is_checked():
    assert len(LISTS) > 40
    assert set(BOUNDED) <= {name for name, _ in LISTS}


@pytest.mark.parametrize(("name", "route"), world_params(LISTS, [n for n, _ in LISTS], "lists"))
def test_a_list_page_costs_the_same_queries_for_one_row_as_for_many(world, name, route):
    if name in BOUNDED:
        pytest.skip(BOUNDED[name])
    url = _url(route, None)
    best = None
    for role, user in world.users().items():
        client = session_login(Client(), user)
        response = client.get(url, {"per_page": 500})
        if response.status_code == 200 and (best is None or _rows(response) > best[0]):
            best = (_rows(response), role, client)
    if best is None or best[0] < 2:
        pytest.skip(f"no user of the world sees two rows of {name}")
    rows, role, client = best
    client.get(url, {"per_page": 1})  # anything a first request caches
    with CaptureQueriesContext(connection) as one:
        first = client.get(url, {"per_page": 1})
    with CaptureQueriesContext(connection) as many:
        every = client.get(url, {"per_page": rows})
    assert (_rows(first), _rows(every)) == (1, rows)
    grew = Counter(_shape(q["sql"]) for q in many.captured_queries)
    grew.subtract(Counter(_shape(q["sql"]) for q in one.captured_queries))
    per_row = sorted(sql for sql, n in grew.items() if n > 0)
    assert len(many) == len(one), (
        f"{name} as {role}: {rows} rows cost {len(many)} queries, 1 row {len(one)}; "
        f"repeated: {per_row}"
    )
