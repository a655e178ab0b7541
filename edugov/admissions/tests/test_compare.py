"""The policy what-if page: fill rates divide by the plan, the chart names schools."""

import json

import pytest
from django.urls import reverse

from ..models import Run
from ..services import run_compute, run_save
from ..views.runs import _programme_axis

pytestmark = pytest.mark.django_db


def _compare(world, cast, client_for, config):
    other = run_save(run=Run(session=world.session, name="B", config=config))
    run_compute(run=other)
    response = client_for(cast.city_admin).get(
        reverse("admissions:run_compare", args=[world.run.pk]), {"other": other.pk}
    )
    assert response.status_code == 200
    return response


def test_fill_rates_divide_by_the_plan_of_open_and_quota_seats(world, cast, client_for):
    # The key programme's plan is 2 open + 1 指标到校 = 3 seats and all three are taken in
    # both runs (one through the quota); the private one fills its 2 seats. Dividing by
    # the quota batch's seats alone gave 300 %.
    response = _compare(world, cast, client_for, {"private_batch": "own", "quota_share": 60})
    rows = {r.programme.code: r for r in response.context["rows"]}
    for run in ("a", "b"):
        key, private = getattr(rows["P01"], run), getattr(rows["P02"], run)
        assert (key["admitted"], key["seats"]) == (3, 3)
        assert (private["admitted"], private["seats"]) == (2, 2)
    body = response.content.decode()
    assert "300%" not in body and "100%" in body


def test_the_comparison_chart_names_schools_not_programme_codes(world, cast, client_for):
    response = _compare(world, cast, client_for, {"private_batch": "own"})
    labels = response.context["chart"]["xAxis"]["data"]
    assert "东湖区第二中学 二中" in labels and "进贤县育才高级中学 育才" in labels
    assert "P01" not in json.dumps(labels, ensure_ascii=False)


def test_the_run_page_chart_names_schools(world, cast, client_for):
    response = client_for(cast.city_admin).get(world.run.get_absolute_url())
    labels = response.context["chart"]["xAxis"]["data"]
    assert labels and all(not label.startswith("P0") for label in labels)
    assert "东湖区第二中学 二中" in labels


def test_the_comparison_chart_shows_every_school_readably_a_window_at_a_time(
    world, cast, client_for
):
    # 60 programmes at 40° with no window ran their names into each other (screenshots).
    chart = _compare(world, cast, client_for, {"private_batch": "own"}).context["chart"]
    label = chart["xAxis"]["axisLabel"]
    assert label["interval"] == 0 and label["overflow"] == "truncate" and label["width"]
    assert chart["grid"]["bottom"] >= 100
    many = _programme_axis([f"学校{i}" for i in range(60)])
    assert many["dataZoom"][0]["endValue"] == 24
