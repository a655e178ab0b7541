"""The real 2023 Nanchang plan: the issue's done-when criteria, checked in full."""

from __future__ import annotations

from decimal import Decimal

import pytest

from edugov.engines.plandoc import Plan, Point

AREA_TITLES = [
    "坚持和加强党的全面领导",
    "加快建设高质量教育体系",
    "全面落实立德树人根本任务",
    "切实提高教育基础保障能力",
    "扎实推进教育领域综合治理",
]
POINTS_PER_AREA = [4, 5, 6, 4, 9]


def _point(plan: Plan, number: int) -> Point:
    matches = [p for p in plan.points() if p.number == number]
    assert len(matches) == 1, f"expected one point {number}, found {len(matches)}"
    return matches[0]


def _target(point: Point, text: str):
    matches = [t for t in point.targets if t.text.endswith(text)]
    assert len(matches) == 1, f"{text!r} not found once in point {point.number}: {point.targets}"
    return matches[0]


def test_it_finds_exactly_five_areas_with_their_titles(nanchang: Plan) -> None:
    assert [a.number for a in nanchang.areas] == [1, 2, 3, 4, 5]
    assert [a.title for a in nanchang.areas] == AREA_TITLES


def test_it_finds_28_points_numbered_in_order(nanchang: Plan) -> None:
    assert [p.number for p in nanchang.points()] == list(range(1, 29))
    assert [len(a.points) for a in nanchang.areas] == POINTS_PER_AREA
    assert nanchang.warnings == []


@pytest.mark.parametrize(
    ("number", "title"),
    [
        (1, "持续开展党的理论学习"),
        (5, "推进学前教育普及普惠"),
        (15, "加强国防、科技教育工作"),
        (18, "加快建设重大重点项目"),
        (21, "持续推进“双减”工作"),
        (24, "提升教育数据治理能力"),
        (28, "统筹做好其他工作"),
    ],
)
def test_it_reads_point_titles_from_the_bold_lead(nanchang: Plan, number: int, title: str) -> None:
    assert _point(nanchang, number).title == title


def test_every_point_has_a_body_without_its_title(nanchang: Plan) -> None:
    for point in nanchang.points():
        assert len(point.body) > 80
        assert not point.body.startswith(point.title)
        assert "**" not in point.body


def test_it_reads_the_plan_metadata(nanchang: Plan) -> None:
    assert nanchang.title == "中共南昌市委教育工委 南昌市教育局 2023 年工作要点"
    assert nanchang.year == 2023
    assert nanchang.issuer == "中共南昌市委教育工作委员会 南昌市教育局"
    assert nanchang.doc_number == "洪教办字〔2023〕4号"
    assert nanchang.date == "2023-04-03"
    assert nanchang.preamble.startswith("2023 年是全面贯彻落实党的二十大精神开局之年")


@pytest.mark.parametrize(
    ("number", "joined"),
    [
        (1, "统一思想、统一意志、统一行动"),
        (4, "重点加强教材教辅常态化排查整改"),
        (6, "红谷滩区特教学校改造建设"),
        (9, "优化民办学校审批程序"),
        (12, "列入体育中考方案"),
        (18, "推进义务教育薄弱环节"),
        (21, "强化课程库、师资库建设，不断丰富课后服务"),
        (24, "促进智慧招生考试更加便民化"),
    ],
)
def test_it_rejoins_words_split_by_page_breaks(nanchang: Plan, number: int, joined: str) -> None:
    body = _point(nanchang, number).body
    assert joined in body
    assert "\n" not in body


def test_front_matter_and_debris_stay_out_of_points(nanchang: Plan) -> None:
    everything = "".join(p.title + p.body for p in nanchang.points())
    for debris in (
        "此页无正文",
        "---",
        "4月3日印发",
        "委员会 南昌市教育局 文件",
        "洪教办字",
        "附件",
    ):
        assert debris not in everything


# (text in the plan, subject, comparator, value, unit, normalised value, normalised unit)
KINDERGARTEN_TARGETS = [
    ("22所以上", "新增公办幼儿园", "≥", "22", "所", "22", "所"),
    ("达到58%", "公办园在园幼儿占比", "≥", "58", "%", "58", "%"),
    ("达到93%以上", "普惠性幼儿园覆盖率", "≥", "93", "%", "93", "%"),
    ("达到30%以上", "达标率", "≥", "30", "%", "30", "%"),
]
PROJECT_TARGETS = [
    ("18个", "中小学网点建设民生实项目", "=", "18", "个", "18", "个"),
    ("3万余个", "新增学位", "≥", "3", "万个", "30000", "个"),
    ("56个", "中小学新扩建项目", "=", "56", "个", "56", "个"),
    ("9万个", "规划建设学位", "=", "9", "万个", "90000", "个"),
    ("2.18亿元", "项目资金", "=", "2.18", "亿元", "218000000", "元"),
    ("71个", "实施项目", "=", "71", "个", "71", "个"),
]


@pytest.mark.parametrize(
    ("text", "subject", "comparator", "value", "unit", "norm_value", "norm_unit"),
    KINDERGARTEN_TARGETS,
)
def test_it_attaches_the_kindergarten_targets_to_point_5(
    nanchang: Plan, text, subject, comparator, value, unit, norm_value, norm_unit
) -> None:
    target = _target(_point(nanchang, 5), text)
    assert (target.subject, target.comparator, target.unit) == (subject, comparator, unit)
    assert target.value == Decimal(value)
    assert (target.normalised_value, target.normalised_unit) == (Decimal(norm_value), norm_unit)
    assert text in target.source_sentence


@pytest.mark.parametrize(
    ("text", "subject", "comparator", "value", "unit", "norm_value", "norm_unit"),
    PROJECT_TARGETS,
)
def test_it_attaches_the_school_building_targets_to_point_18(
    nanchang: Plan, text, subject, comparator, value, unit, norm_value, norm_unit
) -> None:
    target = _target(_point(nanchang, 18), text)
    assert (target.subject, target.comparator, target.unit) == (subject, comparator, unit)
    assert target.value == Decimal(value)
    assert (target.normalised_value, target.normalised_unit) == (Decimal(norm_value), norm_unit)
    assert text in target.source_sentence


def test_the_project_funding_target_keeps_its_source_sentence(nanchang: Plan) -> None:
    target = _target(_point(nanchang, 18), "2.18亿元")
    assert target.source_sentence == (
        "推进义务教育薄弱环节改善与能力提升工作项目规划（2021-2025年），"
        "计划投入项目资金2.18亿元，实施项目71个。"
    )


def test_it_finds_no_false_targets_in_dates_ordinals_ranges_or_titles(nanchang: Plan) -> None:
    # Point 5 also sets 至少培育1所美丽乡镇幼儿园; nothing else in the plan is a target:
    # not 2023年, 第23个国防教育日, 1-2项运动技能, “3+2”, nor the years in 《…（2021年-2023年）》.
    with_targets = {p.number: len(p.targets) for p in nanchang.points() if p.targets}
    assert with_targets == {5: 5, 18: 6}
    extra = _target(_point(nanchang, 5), "1所")
    assert (extra.subject, extra.comparator, extra.comparator_text) == (
        "美丽乡镇幼儿园",
        "≥",
        "至少",
    )


def test_the_nanchang_plan_has_no_responsibility_annotations(nanchang: Plan) -> None:
    assert all(not p.lead_units and not p.co_units for p in nanchang.points())


def test_areas_and_points_know_their_source_line(nanchang: Plan, nanchang_file) -> None:
    lines = nanchang_file.read_text(encoding="utf-8").splitlines()
    for area in nanchang.areas:
        assert area.title in lines[area.line - 1]
        for point in area.points:
            assert lines[point.line - 1].startswith(f"**{point.number}. {point.title}")
