"""Statistics: the rates and averages, over the reader's cases, in a fixed number of queries."""

from __future__ import annotations

import pytest
from django.urls import reverse

from edugov.casework.models import Satisfaction
from edugov.casework.selectors import statistics

from .conftest import at, move, pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def year(cast, open_case):
    """Four cases led by 东湖区: answered on time (满意), answered late (不满意, reopened
    and answered again, 基本满意), one overdue and open, one not yet assigned."""
    cases = []
    for title in ("准时", "超期答复", "超期未办", "未交办"):
        cases.append(open_case(title=title))
    for case in cases[:3]:
        move(case, cast.city_admin, "assign", lead_unit=cast.donghu)
        move(case, cast.donghu_officer, "sign")
    move(
        cases[0],
        cast.donghu_officer,
        "answer",
        now=at(2023, 9, 27, 10, 0),
        outcome="办结",
        files=[pdf()],
    )
    move(cases[0], cast.city_admin, "review", satisfaction=Satisfaction.SATISFIED)
    move(
        cases[1],
        cast.donghu_officer,
        "answer",
        now=at(2023, 10, 10, 10, 0),
        outcome="办结",
        files=[pdf()],
    )
    move(
        cases[1],
        cast.city_admin,
        "review",
        now=at(2023, 10, 10, 11, 0),
        satisfaction=Satisfaction.DISSATISFIED,
    )
    move(
        cases[1],
        cast.donghu_officer,
        "answer",
        now=at(2023, 10, 11, 10, 0),
        outcome="再办",
        files=[pdf()],
    )
    move(
        cases[1],
        cast.city_admin,
        "review",
        now=at(2023, 10, 11, 11, 0),
        satisfaction=Satisfaction.BASIC,
    )
    return cases


def test_the_figures(cast, year):
    figures = statistics(cast.city_admin, now=at(2023, 10, 12, 9, 0))
    overall = figures["overall"]
    assert overall["total"] == 4 and overall["open"] == 4
    assert overall["closed"] == 2 and overall["on_time"] == 2  # the reopened one restarted
    assert overall["overdue"] == 1  # 超期未办: due 10-08
    assert overall["on_time_rate"] == 100.0
    assert overall["satisfaction_rate"] == 100.0  # 满意 + 基本满意 of 2 answered
    # 09-25 → 09-27: 2 working days; reopened 10-10 → answered 10-11: 1.
    assert overall["avg_days"] == 1.5
    [donghu] = figures["by_unit"]
    assert donghu["lead_unit__name"] == "东湖区" and donghu["overdue"] == 1
    assert statistics(cast.jinxian_principal, now=at(2023, 10, 12, 9, 0))["overall"]["total"] == 0


def test_a_case_closed_after_its_deadline_counts_as_late(cast, open_case):
    case = open_case()
    move(case, cast.city_admin, "assign", lead_unit=cast.donghu)
    move(case, cast.donghu_officer, "sign")
    move(
        case,
        cast.donghu_officer,
        "answer",
        now=at(2023, 10, 9, 9, 0),
        outcome="晚了",
        files=[pdf()],
    )
    overall = statistics(cast.city_admin, now=at(2023, 10, 12))["overall"]
    assert overall["closed"] == 1 and overall["on_time"] == 0 and overall["on_time_rate"] == 0


def test_the_page_draws_the_charts_in_a_fixed_number_of_queries(
    cast, year, client_for, django_assert_max_num_queries
):
    client = client_for(cast.city_admin)
    client.get(reverse("casework:stats"))
    with django_assert_max_num_queries(12):
        response = client.get(reverse("casework:stats"), {"case_type": "t_complaint"})
    page = response.content.decode()
    assert 'data-chart="chart-overdue"' in page and 'id="chart-rates"' in page
    assert 'data-testid="type-row"' in page
    assert client.post(reverse("casework:stats")).status_code == 404
