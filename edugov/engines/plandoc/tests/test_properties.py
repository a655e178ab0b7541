"""Property tests: the parser never raises, and its output always round-trips."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from edugov.engines.plandoc import COMPARATORS, Plan, extract_targets, parse_text

# Characters the parser treats specially, so random text reaches its deeper branches.
_PLAN_ALPHABET = (
    "一二三四五六七八九十〇两第部分（）()、．.。，；：:！？\n #*-—0123456789"
    "万亿千余多以上下内左右达到不少于低超过控制在所个项人名校家元%％"
    "牵头责任配合单位科室《》“”〔〕年月日号附件文件此页无正文"
)

_LINES = st.one_of(
    st.sampled_from(
        [
            "一、加强党的建设",
            "## 二、发展基础教育",
            "**1. 推进学前教育。**新增公办幼儿园22所以上，",
            "覆盖率达到93%以上。",
            "（1）新建学校12所；",
            "2、规范办学行为",
            "（责任科室：基础教育科、督导室）",
            "牵头单位：学前教育科",
            "责任单位：各县（区）教体局",
            "附件",
            "洪教办字〔2023〕4号",
            "2023年4月3日印发",
            "(此页无正文)",
            "---",
            "",
        ]
    ),
    st.text(alphabet=_PLAN_ALPHABET, max_size=40),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_the_parser_never_raises_on_arbitrary_text(text: str) -> None:
    plan = parse_text(text)
    json.dumps(plan.to_dict(), ensure_ascii=False)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_LINES, max_size=30).map("\n".join))
def test_plan_shaped_noise_parses_into_a_consistent_plan(text: str) -> None:
    plan = parse_text(text)
    data = plan.to_dict()
    # Output survives JSON and rebuilds into an equal plan.
    assert Plan.from_dict(json.loads(json.dumps(data, ensure_ascii=False))).to_dict() == data
    for point in plan.points():
        assert point.title == point.title.strip()
        assert not set(point.lead_units) & set(point.co_units)
        for target in point.targets:
            assert target.comparator in COMPARATORS
            assert target.normalised_value >= target.value >= 0
            assert target.normalised_unit in target.unit or target.unit.endswith("％")


@settings(max_examples=200, deadline=None)
@given(
    st.integers(min_value=1, max_value=99_999),
    st.sampled_from(["", "万", "亿"]),
    st.sampled_from(["所", "个", "人", "项", "元", "名"]),
)
def test_a_stated_quantity_is_extracted_and_normalised(number: int, mult: str, unit: str) -> None:
    targets = extract_targets(f"全市新建学校{number}{mult}{unit}。")
    assert len(targets) == 1
    factor = {"": 1, "万": 10_000, "亿": 100_000_000}[mult]
    assert targets[0].normalised_value == number * factor
    assert (targets[0].unit, targets[0].normalised_unit) == (mult + unit, unit)
    assert targets[0].subject == "新建学校"
