"""Target extraction on single sentences: comparators, units, normalisation, exclusions."""

from __future__ import annotations

from decimal import Decimal

import pytest

from edugov.engines.plandoc import extract_targets


def _one(text: str):
    targets = extract_targets(text)
    assert len(targets) == 1, targets
    return targets[0]


@pytest.mark.parametrize(
    ("text", "comparator", "comparator_text"),
    [
        ("覆盖率达到93%以上。", "≥", "达到…以上"),
        ("覆盖率达到93%。", "≥", "达到"),
        ("新增学位3万余个。", "≥", "余"),
        ("参训教师不少于300名。", "≥", "不少于"),
        ("合格率不低于95%。", "≥", "不低于"),
        ("培训超过5000人次。", ">", "超过"),
        ("班额控制在45人以内。", "≤", "控制在…以内"),
        ("大班额比例降至5%以下。", "≤", "降至…以下"),
        ("近视率低于50%。", "<", "低于"),
        ("新建学校8所。", "=", ""),
        ("入学率保持在100%。", "=", "保持在"),
        ("建成专业教室2000间左右。", "=", "左右"),
    ],
)
def test_it_normalises_comparators(text: str, comparator: str, comparator_text: str) -> None:
    target = _one(text)
    assert (target.comparator, target.comparator_text) == (comparator, comparator_text)


@pytest.mark.parametrize(
    ("text", "value", "unit", "normalised_value", "normalised_unit"),
    [
        ("新增学位3万余个。", "3", "万个", "30000", "个"),
        ("投入资金2.18亿元。", "2.18", "亿元", "218000000", "元"),
        ("奖补资金500万元。", "500", "万元", "5000000", "元"),
        ("占比达到58%。", "58", "%", "58", "%"),
        ("占比达到58％。", "58", "%", "58", "%"),
        ("学位9万个。", "9", "万个", "90000", "个"),
        ("惠及学生1.2万人次。", "1.2", "万人次", "12000", "人次"),
        ("优良率提高3个百分点。", "3", "个百分点", "3", "个百分点"),
        ("招聘教师１２００名。", "1200", "名", "1200", "名"),
        ("累计投入1,500万元。", "1500", "万元", "15000000", "元"),
        ("认定示范校20校。", "20", "校", "20", "校"),
        ("引进企业5家。", "5", "家", "5", "家"),
        ("完成项目12项。", "12", "项", "12", "项"),
    ],
)
def test_it_normalises_value_and_unit(
    text: str, value: str, unit: str, normalised_value: str, normalised_unit: str
) -> None:
    target = _one(text)
    assert (target.value, target.unit) == (Decimal(value), unit)
    assert (target.normalised_value, target.normalised_unit) == (
        Decimal(normalised_value),
        normalised_unit,
    )


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        ("力争2023年新增公办幼儿园22所以上。", "新增公办幼儿园"),
        ("确保全市达标率达到30%以上。", "达标率"),
        ("启动全市中小学新扩建项目56个。", "中小学新扩建项目"),
        ("实施项目71个。", "实施项目"),
        ("计划投入项目资金2.18亿元。", "项目资金"),
        ("示范乡镇至少培育1所美丽乡镇幼儿园。", "美丽乡镇幼儿园"),
        ("建成30所标准化幼儿园。", "建成标准化幼儿园"),
        ("生均公用经费提高到每生每年800元。", "生均公用经费"),
        ("（2）教师交流比例不少于10%；", "教师交流比例"),
    ],
)
def test_it_finds_a_meaningful_subject(text: str, subject: str) -> None:
    assert _one(text).subject == subject


def test_subjects_of_adjacent_targets_do_not_overlap() -> None:
    targets = extract_targets("实施中小学网点建设民生实项目18个，新增学位3万余个。")
    assert [t.subject for t in targets] == ["中小学网点建设民生实项目", "新增学位"]
    assert (
        targets[0].source_sentence
        == targets[1].source_sentence
        == "实施中小学网点建设民生实项目18个，新增学位3万余个。"
    )


@pytest.mark.parametrize(
    "text",
    [
        "2023年是开局之年。",
        "已经 2023 年第 12 次市委教育工委会审议通过。",
        "举办第23个国防教育日主题系列活动。",
        "让每个学生掌握1-2项运动技能。",
        "推进项目规划（2021-2025年）。",
        "实施《三年行动计划（2021年-2023年）》。",
        "推进中高职“3+2”贯通式人才培养。",
        "洪教办字〔2023〕4号",
        "2023年4月3日印发",
        "拨打12345热线。",
        "加强VR教研基地和5G校园建设。",
        "须在3个月内完成整改。",
        "两个“只增不减”。",
        "举办第八届中小学艺术节。",
    ],
)
def test_dates_ordinals_ranges_names_and_doc_numbers_are_not_targets(text: str) -> None:
    assert extract_targets(text) == []


def test_target_text_includes_the_comparator_wording() -> None:
    assert _one("覆盖率达到93%以上。").text == "达到93%以上"
    assert _one("新增学位3万余个。").text == "3万余个"


def test_a_comparator_before_the_verb_is_not_quoted_as_part_of_the_number() -> None:
    target = _one("示范乡镇至少培育1所美丽乡镇幼儿园。")
    assert (target.text, target.comparator_text, target.comparator) == ("1所", "至少", "≥")


def test_words_after_a_number_introduced_by_de_are_not_the_subject() -> None:
    target = _one("公办园在园幼儿占比达到58%的目标。")
    assert target.subject == "公办园在园幼儿占比"
