"""The year's summary on a small hand-computed set (now: 2023-07-01).

Five 2023 人大建议 led by 学前教育科 and two by 基础教育科, handed over 2023-03-01 (due
2023-06-01):
- x1 A, answered 05-10 (on time), 满意;  x2 B, answered 05-20 (on time), 基本满意;
- x3 C, answered 06-10 (late), 不满意 → reopened (closed_at cleared), being redone;
- x4 consulted, not answered: overdue;  x5 answered A 05-30 (on time), not rated;
- j1 B, answered 05-01 (on time), 满意;  j2 not answered: overdue.

学前教育科: answered (closed) 3 (x1, x2, x5), on time 3 → 100.0; classes among those
answered: A 2, B 1, C 0 (x3's answer was reopened) → 66.7 / 33.3 / 0.0; rated 3 (x1, x2,
x3), satisfied 2 → 66.7; overdue: x4 and x3 (redo due 07-10? no — redo due 1 month from
the review on 06-12, 07-12: not yet) → 1.
基础教育科: answered 1, on time 1 → 100.0; B 1 → 100.0; rated 1, satisfied 1 → 100.0;
overdue 1 (j2).
Overall: total 7, answered 4, on time 4 → 100.0; A 2 B 2 C 0 → 50/50/0; rated 4,
satisfied 3 → 75.0; overdue 2. One 政协提案 of 2022 is left out by the year.
"""

from __future__ import annotations

import pytest

from edugov.casework.models import Satisfaction
from edugov.proposals.selectors import summary

from .conftest import CONSULT, REPLY, at, move

pytestmark = pytest.mark.django_db

NOW = at(2023, 7, 1, 12, 0)


def _answer(p, user, day, cls, **extra):
    move(p, user, "consult", now=at(2023, 4, 1, 10, 0), **CONSULT)
    data = {**REPLY, "classification": cls, **extra}
    if cls == "C":
        data.setdefault("limitation", "条件限制")
    move(p, user, "reply", now=at(2023, *day, 10, 0), **data)


@pytest.fixture
def year(cast, make_proposal, jichu, xueqian):
    from edugov.conftest import make_user

    jichu_lead = make_user("jichu_lead", "department_staff", jichu)
    x = [make_proposal(number=f"x{i}") for i in range(1, 6)]
    j = [make_proposal(number=f"j{i}", listed_lead=jichu, listed_co="") for i in (1, 2)]
    make_proposal(number="old", year=2022, kind="cppcc")
    staff, owner = cast.dept_staff, cast.city_admin
    _answer(x[0], staff, (5, 10), "A")
    move(x[0], owner, "review", satisfaction=Satisfaction.SATISFIED)
    _answer(x[1], staff, (5, 20), "B")
    move(x[1], owner, "review", satisfaction=Satisfaction.BASIC)
    _answer(x[2], staff, (6, 10), "C")
    move(x[2], owner, "review", now=at(2023, 6, 12, 10, 0), satisfaction=Satisfaction.DISSATISFIED)
    move(x[3], staff, "consult", **CONSULT)
    _answer(x[4], staff, (5, 30), "A")
    _answer(j[0], jichu_lead, (5, 1), "B")
    move(j[0], owner, "review", satisfaction=Satisfaction.SATISFIED)
    return x, j


def test_the_figures_by_department_and_overall(cast, year, django_assert_max_num_queries):
    with django_assert_max_num_queries(7):
        data = summary(cast.city_admin, year=2023, now=NOW)
    rows = {r["lead_unit__name"]: r for r in data["by_unit"]}
    x, j = rows["学前教育科"], rows["基础教育科"]
    assert (x["total"], x["closed"], x["on_time"], x["on_time_rate"]) == (5, 3, 3, 100.0)
    assert [(c["code"], c["count"], c["share"]) for c in x["classes"]] == [
        ("A", 2, 66.7),
        ("B", 1, 33.3),
        ("C", 0, 0.0),
    ]
    assert (x["rated"], x["satisfied"], x["satisfaction_rate"], x["overdue"]) == (3, 2, 66.7, 1)
    assert (j["total"], j["closed"], j["on_time_rate"], j["satisfaction_rate"]) == (
        2,
        1,
        100.0,
        100.0,
    )
    assert j["overdue"] == 1 and [c["share"] for c in j["classes"]] == [0.0, 100.0, 0.0]
    o = data["overall"]
    assert (o["total"], o["closed"], o["on_time"], o["on_time_rate"]) == (7, 4, 4, 100.0)
    assert [c["share"] for c in o["classes"]] == [50.0, 50.0, 0.0]
    assert (o["rated"], o["satisfied"], o["satisfaction_rate"], o["overdue"]) == (4, 3, 75.0, 2)


def test_a_late_answer_lowers_the_on_time_rate(cast, year):
    x, _j = year
    # x3 answered again, late (its redo limit was 07-12; answered 07-20).
    move(x[2], cast.dept_staff, "consult", now=at(2023, 7, 15, 10, 0), **CONSULT)
    move(
        x[2],
        cast.dept_staff,
        "reply",
        now=at(2023, 7, 20, 10, 0),
        **{**REPLY, "classification": "B"},
    )
    data = summary(cast.city_admin, year=2023, now=at(2023, 7, 21, 10, 0))
    o = data["overall"]
    assert (o["closed"], o["on_time"], o["on_time_rate"]) == (5, 4, 80.0)


def test_the_kind_and_the_readers_scope_narrow_it(cast, year):
    assert summary(cast.city_admin, year=2023, now=NOW, kind="cppcc")["overall"]["total"] == 0
    assert summary(cast.city_admin, year=2022, now=NOW)["overall"]["total"] == 1
    # A 协办 unit reads the cases it co-handles (基础教育科 on the five x cases).
    assert summary(cast.donghu_officer, year=2023, now=NOW)["overall"]["total"] == 0
