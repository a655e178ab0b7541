"""A KPI's comparator (≥, ≤, =) is judged once (``status.kpi_verdict``) and stated the
same way by the gauge, the home page's target card and the .docx (issue 15): a "≤" KPI
(大班额 share ≤ 20 %) is 达标 at or below its target and lags *above* its line; an "="
KPI is 达标 only at its target, as stated, and is off above it as much as below."""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import translation

from edugov.core.context import acting
from edugov.jobs.models import JobStatus
from edugov.jobs.services import job_create
from edugov.workplan.models import Kpi, Target
from edugov.workplan.services import report_submit
from edugov.workplan.status import KpiFacts, kpi_verdict

from .conftest import make_task, point

MAR, DEC, JUL = dt.date(2023, 3, 1), dt.date(2023, 12, 31), dt.date(2023, 7, 10)
MET, OFF, OFF_TEXT = "#198754", "#ffc107", "#997404"

# (comparator, baseline, target, unit, value, the verdict in words)
CASES = [
    ("≥", "10", "20", "%", "25", "达标"),
    ("≥", "10", "20", "%", "12", "低于目标"),
    ("≤", "40", "20", "%", "18", "达标"),
    ("≤", "40", "20", "%", "39", "高于目标"),
    ("=", "0", "18", "个", "18", "达标"),
    ("=", "0", "18", "个", "20", "高于目标"),
    ("=", "0", "18", "个", "5", "低于目标"),
]


def facts(comparator, baseline, target, value, *, whole=False) -> KpiFacts:
    actual = None if value is None else Decimal(value)
    return KpiFacts(comparator, Decimal(baseline), Decimal(target), MAR, DEC, actual, whole=whole)


@pytest.fixture(autouse=True)
def chinese():
    with translation.override("zh-hans"):
        yield


# The judgement --------------------------------------------------------------------------


def test_at_least_is_met_at_or_above_its_target_and_lags_below_its_line():
    assert kpi_verdict(facts("≥", 10, 20, 20), JUL).met
    below = kpi_verdict(facts("≥", 10, 20, 12), JUL)
    assert (below.met, below.side, below.label, below.behind) == (False, "below", "低于目标", True)
    assert below.reason.startswith("指标 12 低于进度线 14.")


def test_at_most_is_met_at_or_below_its_target_and_lags_above_its_line():
    # 大班额 share ≤ 20 %, from 40 %: 39 % in July is above the line (about 31.4 %).
    assert kpi_verdict(facts("≤", 40, 20, 20), JUL).met
    assert kpi_verdict(facts("≤", 40, 20, 18), JUL).label == "达标"
    above = kpi_verdict(facts("≤", 40, 20, 39), JUL)
    assert (above.met, above.side, above.label, above.behind) == (False, "above", "高于目标", True)
    assert above.reason.startswith("指标 39 高于进度线 31.")
    assert "低于" not in above.reason
    # Below its line but not yet at the target: not met, and not lagging for this KPI.
    ahead = kpi_verdict(facts("≤", 40, 20, 25), JUL)
    assert (ahead.met, ahead.label, ahead.behind) == (False, "高于目标", False)


def test_equal_is_met_only_at_its_target_as_stated():
    assert kpi_verdict(facts("=", 0, 18, "17.6", whole=True), JUL).met  # stated 18 个
    over = kpi_verdict(facts("=", 0, 18, 20, whole=True), JUL)
    assert (over.met, over.label, over.behind) == (False, "高于目标", False)
    under = kpi_verdict(facts("=", 0, 18, 5, whole=True), JUL)
    assert (under.met, under.label, under.behind) == (False, "低于目标", True)
    assert under.reason.startswith("指标 5 低于进度线 ")
    # A share: equal to two decimals, not "at least".
    assert kpi_verdict(facts("=", 40, 50, "50.004"), JUL).met
    assert kpi_verdict(facts("=", 40, 50, "50.2"), JUL).label == "高于目标"
    # An "=" target below the baseline is approached from above: it lags above its line.
    falling = kpi_verdict(facts("=", 40, 20, 39), JUL)
    assert (falling.behind, falling.label) == (True, "高于目标")
    assert "高于进度线" in falling.reason


def test_strict_comparators_exclude_the_target_itself():
    assert not kpi_verdict(facts(">", 10, 20, 20), JUL).met
    assert kpi_verdict(facts("<", 40, 20, "19.9"), JUL).met
    assert kpi_verdict(facts("<", 40, 20, 20), JUL).label == "恰为目标值，未达标"
    assert kpi_verdict(facts("<", 40, 20, 21), JUL).label == "高于目标"


def test_without_a_value_nothing_is_judged():
    v = kpi_verdict(facts("≤", 40, 20, None), JUL)
    assert (v.has_value, v.met, v.behind, v.progress, v.label) == (
        False,
        False,
        False,
        None,
        "暂无数据",
    )


def test_progress_runs_from_the_baseline_towards_the_target_whichever_way():
    assert kpi_verdict(facts("≤", 40, 20, 30), JUL).progress == 50
    assert kpi_verdict(facts("≥", 10, 20, 15), JUL).progress == 50
    assert kpi_verdict(facts("=", 0, 18, 9, whole=True), JUL).progress == 50
    assert kpi_verdict(facts("≤", 40, 20, 45), JUL).progress == 0


# The three places that state it ----------------------------------------------------------


@pytest.fixture
def kpis(cast, plan, settings):
    """One task per case, its KPI bound to a plan target and set to the case, with one
    report in June giving the value."""
    settings.EDUGOV_TODAY = "2023-07-10"
    p5 = point(plan, 5)
    target = Target.objects.filter(point=p5).first()
    out = []
    for i, (comparator, baseline, value_target, unit, value, label) in enumerate(CASES):
        task = make_task(p5, cast.donghu, title=f"比较任务{i}", targets=[target])
        kpi = Kpi.objects.get(task=task)
        # Test set-up: the case's definition, written straight to the row.
        Kpi.objects.filter(pk=kpi.pk).update(
            name=f"比较指标{i}",
            comparator=comparator,
            baseline=Decimal(baseline),
            target_value=Decimal(value_target),
            unit=unit,
        )
        with acting(cast.donghu_officer):
            for month in range(3, 7):
                report_submit(
                    task=task,
                    user=cast.donghu_officer,
                    period_start=dt.date(2023, month, 1),
                    text="进展",
                    percent=50,
                    actuals={kpi.pk: Decimal(value)} if month == 6 else None,
                )
        out.append((kpi.pk, f"比较指标{i}", f"{comparator}{value_target}{unit}", label))
    return out


def _gauges(html: str) -> dict[str, dict]:
    scripts = re.findall(r'<script id="gauge-\d+" type="application/json">(.*?)</script>', html)
    out = {}
    for text in scripts:
        series = json.loads(text)["series"][0]
        out[series["data"][0]["name"]] = series
    return out


def test_the_gauge_states_the_comparator_its_green_band_and_the_verdict(
    cast, plan, kpis, client_for
):
    html = client_for(cast.city_admin).get(reverse("workplan:plan_detail", args=[plan.pk]))
    gauges = _gauges(html.content.decode())
    for (_pk, name, target, label), case in zip(kpis, CASES, strict=True):
        series = gauges[f"{name} {target}"]
        colours = [c for _stop, c in series["axisLine"]["lineStyle"]["color"]]
        expected = {"≥": [OFF, MET], "≤": [MET, OFF], "=": [OFF, MET, OFF]}[case[0]]
        assert colours == expected, (name, case)
        assert series["detail"]["formatter"].endswith(f"{{s|{label}}}"), (name, case)
        assert series["detail"]["rich"]["s"]["color"] == (MET if label == "达标" else OFF_TEXT)
    # "=": the green band sits on the target, not from it to the end of the dial.
    eq = gauges["比较指标4 =18个"]
    (low, _), (high, _), _rest = eq["axisLine"]["lineStyle"]["color"]
    at_target = 18 / eq["max"]
    assert low < at_target < high and high - low < 0.1


def test_the_home_pages_target_card_states_the_comparator_and_the_verdict(
    cast, plan, kpis, client_for
):
    html = client_for(cast.city_admin).get("/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    rows = re.findall(r'<tr data-testid="target">(.*?)</tr>', html, re.S)
    for _pk, name, target, label in kpis:
        (row,) = [r for r in rows if name in r]
        assert f">{target}<" in row, row
        verdict = re.search(r'data-testid="verdict" data-met="(\d)">([^<]*)<', row)
        assert verdict and verdict.group(2).endswith(f"· {label}"), row
        assert verdict.group(1) == ("1" if label == "达标" else "0")


def test_the_docx_states_the_comparator_and_the_verdict(cast, plan, kpis):
    from docx import Document

    with acting(cast.city_admin):
        job = job_create(
            kind="workplan.docx",
            title="docx",
            owner=cast.city_admin,
            params={"plan": plan.pk, "today": "2023-07-10"},
            inline=True,
        )
    assert job.status == JobStatus.SUCCEEDED, job.error
    doc = Document(default_storage.open(job.result["file"], "rb"))
    lines = [p.text for p in doc.paragraphs]
    for _pk, name, target, label in kpis:
        (line,) = [t for t in lines if t.startswith(f"{name}：")]
        assert line.endswith(f"（目标 {target}，{label}）"), line
    lagging = "\n".join(lines[lines.index("滞后事项") :])
    # The "≤" KPI above its line lags, and the report says above, not below.
    assert "指标 39 高于进度线" in lagging and "指标 39 低于进度线" not in lagging


def test_a_gauge_without_a_value_says_so_and_points_at_nothing():
    from edugov.workplan.models import Kpi as KpiModel
    from edugov.workplan.selectors import KpiRow
    from edugov.workplan.views.plans import _gauge

    kpi = KpiModel(name="大班额占比", comparator="≤", target_value=Decimal(20), unit="%")
    series = _gauge(KpiRow(kpi, None, kpi_verdict(facts("≤", 40, 20, None), JUL)))["series"][0]
    assert series["pointer"]["show"] is False
    assert series["detail"]["formatter"] == "{v|—}\n{s|暂无数据}"
