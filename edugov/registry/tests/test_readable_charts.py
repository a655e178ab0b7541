"""Evaluation charts and pages readable at a city's size (issue 15, defect 11): every
district labelled, the city 优质均衡 page folded by district."""

import re

import pytest
from django.urls import reverse

from edugov.registry import charts

from .test_evaluation_views import county, primary  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db

DISTRICTS = [
    "东湖区", "西湖区", "青云谱区", "青山湖区", "新建区", "红谷滩区",
    "南昌县", "进贤县", "安义县", "经开区", "高新区", "湾里管理局",
]  # fmt: skip


@pytest.mark.django_db(False)
def test_the_kindergarten_chart_labels_all_12_districts():
    code = charts.KG_ORDER[1]
    indicator = {"code": code, "label": "公办园在园幼儿占比", "name_zh": "公办园在园幼儿占比"}
    rows = [{"district": d, "indicators": {code: {"value": 50}}} for d in DISTRICTS]
    option = charts.kg_bars(rows, [indicator])
    axis = option["xAxis"]
    assert axis["data"] == DISTRICTS and option["series"][0]["data"] == [50.0] * 12
    # interval 0: ECharts' automatic interval showed 3 of the 12 names.
    assert axis["axisLabel"]["interval"] == 0 and axis["axisLabel"]["rotate"]


@pytest.mark.django_db(False)
def test_the_class_size_bands_chart_labels_every_district():
    bands = [
        {"district": d, "level": "primary", **{b: {"share": 0.1} for b in charts.BANDS}}
        for d in DISTRICTS
    ]
    axis = charts.band_bars(bands, "primary")["xAxis"]
    assert axis["data"] == DISTRICTS and axis["axisLabel"]["interval"] == 0


@pytest.mark.django_db(False)
def test_pie_labels_wrap_instead_of_being_cut():
    from edugov.core.charts import pie_series

    series = pie_series([{"name": "正在推进中的任务", "value": 3}])
    label = series["label"]
    assert label["overflow"] == "break" and "{b}" in label["formatter"]
    assert "{d}%" in label["formatter"]
    # A fixed width kept labels as wide in a narrow card and ran them past the canvas;
    # without one ECharts fits each to the room beside the pie (issue 15, screenshots).
    assert "width" not in label


def test_the_home_pie_and_district_bars_are_readable(cast, client_for):
    response = client_for(cast.city_admin).get("/")
    pie = response.context["chart_type"]["series"][0]
    assert pie["label"]["overflow"] == "break"
    bars = response.context["chart_district"]["xAxis"]["axisLabel"]
    assert bars["interval"] == 0


def test_the_city_youzhi_page_folds_failing_schools_by_district(
    cast,
    county,  # noqa: F811
    client_for,
    school_factory,
):
    weak = school_factory(cast.jinxian, name="进贤县薄弱小学")
    primary(weak, floor=900)
    body = (
        client_for(cast.city_admin)
        .get(reverse("registry:youzhi", args=[cast.city.pk]), {"year": 2023})
        .content.decode()
    )
    failing = body.split('data-testid="failing-primary"')[1].split("</section>")[0]
    sections = re.findall(r"<details[^>]*data-testid=\"failing-district\"[^>]*>", failing)
    assert len(sections) == 2 and not any(" open" in s for s in sections)
    # No failing school's row stands outside its district's folded section.
    outside = re.sub(r"<details.*?</details>", "", failing, flags=re.S)
    assert "<tr" not in outside
    assert "东湖区薄弱小学" in failing and "进贤县薄弱小学" in failing


def test_a_district_page_opens_its_only_section(cast, county, client_for):  # noqa: F811
    body = (
        client_for(cast.city_admin)
        .get(reverse("registry:youzhi", args=[cast.donghu.pk]), {"year": 2023})
        .content.decode()
    )
    assert re.search(r"<details[^>]*data-testid=\"failing-district\" open>", body)
