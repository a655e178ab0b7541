"""按时办结率 and 满意率 of each case type as computed KPIs of the work plan, on a set of
cases computed by hand, and equal to the statistics page's figures (one definition)."""

from decimal import Decimal

import pytest

from edugov.casework import kpis
from edugov.casework.models import Satisfaction
from edugov.casework.selectors import statistics
from edugov.workplan import kpis as plan_kpis

from .conftest import at, move, pdf

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def sources():
    saved = dict(plan_kpis._SOURCES)
    kpis.register()
    yield
    plan_kpis._SOURCES.clear()
    plan_kpis._SOURCES.update(saved)


@pytest.fixture
def cases(cast, open_case):
    """Assigned 2023-09-25 (deadline 5 working days: 10-08, a make-up Sunday).

    A 东湖区: answered 09-27 (on time), 满意.     B 东湖区: answered 10-09 (late), 基本满意.
    C 进贤县 school: answered 10-09 (late).       D 东湖区: answered 09-27, 不满意 (reopened).
    E 东湖区: assigned, not answered."""
    made = {}
    for name, lead, user in (
        ("A", cast.donghu, cast.donghu_officer),
        ("B", cast.donghu, cast.donghu_officer),
        ("C", cast.jinxian_school, cast.jinxian_principal),
        ("D", cast.donghu, cast.donghu_officer),
        ("E", cast.donghu, cast.donghu_officer),
    ):
        case = open_case(title=name)
        move(case, cast.city_admin, "assign", lead_unit=lead)
        made[name] = move(case, user, "sign")
    for name, day in (("A", 27), ("B", 9), ("C", 9), ("D", 27)):
        when = at(2023, 9 if day == 27 else 10, day, 10, 0)
        user = cast.jinxian_principal if name == "C" else cast.donghu_officer
        move(made[name], user, "answer", now=when, outcome="已办", files=[pdf()])
    later = at(2023, 10, 10, 9, 0)
    for name, answer in (
        ("A", Satisfaction.SATISFIED),
        ("B", Satisfaction.BASIC),
        ("D", Satisfaction.DISSATISFIED),
    ):
        move(made[name], cast.city_admin, "review", now=later, satisfaction=answer)
    return made


def value(code, scope, year=2023):
    return plan_kpis.kpi_compute(code, year=year, scope=scope)


def test_the_rates_per_unit_as_computed_by_hand(cast, cases):
    on_time, satisfied = "casework.on_time.t_complaint", "casework.satisfaction.t_complaint"
    # 东湖区: closed A (on time), B (late); D reopened is not closed. Rated A, B, D.
    assert value(on_time, cast.donghu) == Decimal("50.0")
    assert value(satisfied, cast.donghu) == Decimal("66.7")
    # 进贤县: C closed late; nothing rated is "no data", not 0.
    assert value(on_time, cast.jinxian) == Decimal("0.0")
    assert value(satisfied, cast.jinxian) is None
    # The city: A of A, B, C on time; A, B of A, B, D satisfied.
    assert value(on_time, cast.city) == Decimal("33.3")
    assert value(satisfied, cast.city) == Decimal("66.7")
    # Another year has no cases: no data.
    assert value(on_time, cast.city, year=2022) is None
    assert plan_kpis.kpi_latest(on_time, scope=cast.donghu) == (2023, Decimal("50.0"))


def test_the_kpi_is_the_statistics_pages_figure(cast, cases):
    page = statistics(cast.city_admin, now=at(2023, 10, 12), case_type="t_complaint")["overall"]
    assert value("casework.on_time.t_complaint", cast.city) == Decimal(str(page["on_time_rate"]))
    assert value("casework.satisfaction.t_complaint", cast.city) == Decimal(
        str(page["satisfaction_rate"])
    )


def test_every_declared_type_has_both_rates(cast):
    codes = set(plan_kpis.kpi_sources())
    assert {"casework.on_time.duban", "casework.satisfaction.duban"} <= codes
    source = plan_kpis.kpi_sources()["casework.on_time.duban"]
    assert source.unit == "%" and source.perm == "casework.view_case"
