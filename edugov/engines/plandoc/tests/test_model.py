"""The JSON form of a plan: exact numbers, readable Chinese, lossless round trip."""

from __future__ import annotations

import json
from decimal import Decimal

from edugov.engines.plandoc import SCHEMA_VERSION, Plan, parse_text


def _plan() -> Plan:
    return parse_text(
        "某市教育局2024年工作要点\n"
        "一、基础教育\n"
        "1. 增加投入。安排资金2.18亿元，生均经费增长2.5%。（责任科室：计划财务科）\n"
    )


def test_json_numbers_are_exact_and_integral_where_possible() -> None:
    targets = json.loads(_plan().to_json())["areas"][0]["points"][0]["targets"]
    assert [(t["value"], t["normalised_value"]) for t in targets] == [(2.18, 218000000), (2.5, 2.5)]
    assert isinstance(targets[0]["normalised_value"], int)


def test_json_keeps_chinese_and_comparators_readable() -> None:
    text = _plan().to_json()
    assert "计划财务科" in text and "\\u" not in text
    assert json.loads(text)["schema_version"] == SCHEMA_VERSION


def test_a_plan_round_trips_through_json_unchanged() -> None:
    plan = _plan()
    again = Plan.from_dict(json.loads(plan.to_json()))
    assert again == plan
    assert again.areas[0].points[0].targets[0].normalised_value == Decimal(218000000)


def test_points_and_targets_iterate_in_document_order() -> None:
    plan = _plan()
    assert [p.number for p in plan.points()] == [1]
    assert [(p.number, t.subject) for p, t in plan.targets()] == [
        (1, "安排资金"),
        (1, "生均经费增长"),
    ]
