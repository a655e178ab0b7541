"""Indicator declarations, expressions and the threshold table."""

from __future__ import annotations

import ast
from pathlib import Path

import numpy as np
import pytest

from edugov.engines.indicators import (
    DEFAULT_TARGETS,
    INDICATORS,
    Direction,
    Indicator,
    Target,
    Thresholds,
    compute_indicators,
)
from edugov.engines.indicators.expressions import evaluate

PACKAGE = Path(__file__).resolve().parents[1]


def test_the_default_table_holds_domain_md_standards():
    th = Thresholds()
    expected = {
        "yz_qualified_teachers": (4.2, 5.3),
        "yz_backbone_teachers": (1.0, 1.0),
        "yz_specialist_teachers": (0.9, 0.9),
        "yz_floor_area": (4.5, 5.8),
        "yz_sports_area": (7.5, 10.2),
        "yz_equipment_value": (2000, 2500),
        "yz_multimedia_classrooms": (2.3, 2.4),
    }
    for code, (p, j) in expected.items():
        assert th.get(code, level="primary") == p
        assert th.get(code, level="junior") == j
    assert th.get("kg_gross_enrolment") == 85
    assert th.get("kg_inclusive_coverage") == 80
    assert th.get("kg_public_share") == 50
    assert th.get("kg_public_share", "city", year=2023) == 58
    assert th.get("kg_inclusive_coverage", "city", year=2023) == 93
    assert th.get("kg_standardized_share", "city", year=2023) == 30
    assert th.get("kg_children_per_teacher") == 15
    assert INDICATORS["kg_children_per_teacher"].direction is Direction.LOWER
    assert all(t.indicator in INDICATORS for t in DEFAULT_TARGETS)


def test_a_year_specific_target_beats_an_all_years_one_and_later_rows_override():
    th = Thresholds(
        [
            Target("kg_public_share", 50.0),
            Target("kg_public_share", 55.0, year=2025),
            Target("kg_public_share", 52.0),
        ]
    )
    assert th.get("kg_public_share", year=2024) == 52.0
    assert th.get("kg_public_share", year=2025) == 55.0
    levels = np.array(["primary", "junior", "primary"])
    assert Thresholds().vector("yz_floor_area", "national", levels=levels).tolist() == [
        4.5,
        5.8,
        4.5,
    ]


def test_a_new_indicator_is_one_declaration():
    ind = Indicator(
        "large_class_share",
        "大班额比例",
        "Share of classes of 56+",
        "large_classes",
        "classes",
        100.0,
        "%",
        direction=Direction.LOWER,
    )
    rows = {
        "district": np.array(["A", "A", "B"]),
        "year": np.array([2024, 2024, 2024]),
        "large_classes": np.array([1.0, 3.0, 0.0]),
        "classes": np.array([10.0, 10.0, 5.0]),
    }
    t = compute_indicators(rows, [ind])
    assert t.district.values[:, 0].tolist() == pytest.approx([20.0, 0.0])
    assert t.city.values[0, 0] == pytest.approx(4 / 25 * 100)


def test_expressions_allow_arithmetic_and_max_but_nothing_else():
    cols = {"a": np.array([1.0, 2.0]), "b": np.array([0.0, 1.0])}
    assert evaluate("a * max(a, b) - b / 2 + 1", cols).tolist() == [2.0, 4.5]
    for bad in ("__import__('os')", "a.real", "a if b else 1", "[a]", "open('x')", "a ** 2"):
        with pytest.raises(ValueError):
            evaluate(bad, cols)


def test_no_module_of_the_engine_imports_django():
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            assert not any(n.split(".")[0] == "django" for n in names), path
