"""Responsible-unit annotations in their different spellings."""

from __future__ import annotations

import pytest

from edugov.engines.plandoc.responsibility import extract_responsibility


@pytest.mark.parametrize(
    ("text", "lead", "co"),
    [
        ("做好工作。（责任科室：基础教育科、督导室）", ["基础教育科"], ["督导室"]),
        ("做好工作。(责任单位:办公室)", ["办公室"], []),
        (
            "做好工作。（牵头单位：教研室；配合单位：信息中心、招生考试中心）",
            ["教研室"],
            ["信息中心", "招生考试中心"],
        ),
        (
            "做好工作。\n牵头单位：体卫艺科、思政科\n配合单位：各县（区）教体局",
            ["体卫艺科", "思政科"],
            ["各县（区）教体局"],
        ),
        ("做好工作。\n责任单位：安全稳定科，办公室等", ["安全稳定科"], ["办公室"]),
        ("做好工作。\n牵头科室：督导室\n责任科室：督导室、基础教育科", ["督导室"], ["基础教育科"]),
        ("做好工作。", [], []),
    ],
)
def test_it_splits_units_into_lead_and_co(text: str, lead: list[str], co: list[str]) -> None:
    cleaned, resp = extract_responsibility(text)
    assert resp.resolve() == (lead, co)
    assert cleaned == "做好工作。"


def test_brackets_that_are_not_annotations_stay_in_the_text() -> None:
    text = "推进项目规划（2021-2025年），督促各县（区）落实（见附件）。"
    cleaned, resp = extract_responsibility(text)
    assert cleaned == text
    assert resp.resolve() == ([], [])


def test_an_unclosed_annotation_bracket_is_left_alone() -> None:
    text = "做好工作（责任科室：办公室"
    cleaned, _ = extract_responsibility(text)
    assert "做好工作" in cleaned
