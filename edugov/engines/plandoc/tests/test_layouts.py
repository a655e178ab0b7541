"""Plan layouts other than Nanchang's, built to cover what other cities send."""

from __future__ import annotations

from decimal import Decimal

from edugov.engines.plandoc import Plan, Point, parse_text


def _summary(point: Point) -> list[tuple[str, str, Decimal, str]]:
    return [(t.subject, t.comparator, t.normalised_value, t.normalised_unit) for t in point.targets]


# --- Jiujiang: bold titles, （1） sub-items, （责任科室：…） after each point -------------


def test_annotated_layout_reads_areas_and_points(jiujiang: Plan) -> None:
    assert [(a.number, a.title) for a in jiujiang.areas] == [
        (1, "办好人民满意的基础教育"),
        (2, "强化教育支撑保障"),
    ]
    assert [(p.number, p.title) for p in jiujiang.points()] == [
        (1, "扩大优质学前教育资源"),
        (2, "推进义务教育优质均衡"),
        (3, "加强教师队伍建设"),
        (4, "加大教育经费投入"),
    ]
    assert jiujiang.warnings == []


def test_annotated_layout_reads_metadata_including_a_chinese_numeral_date(jiujiang: Plan) -> None:
    assert (jiujiang.title, jiujiang.year) == ("九江市教育局2024年工作要点", 2024)
    assert (jiujiang.issuer, jiujiang.doc_number) == ("九江市教育局", "九教字〔2024〕12号")
    assert jiujiang.date == "2024-03-15"
    # The closing signature and date are not part of the last point.
    last = list(jiujiang.points())[-1]
    assert "九江市教育局" not in last.body and "二〇二四" not in last.body


def test_it_turns_responsible_department_annotations_into_lead_and_co_units(
    jiujiang: Plan,
) -> None:
    units = {p.number: (p.lead_units, p.co_units) for p in jiujiang.points()}
    assert units == {
        1: (["学前教育科"], ["计划财务科", "各县（市、区）教育局"]),
        2: (["基础教育科"], ["组织人事科"]),
        3: (["组织人事科"], []),
        4: (["计划财务科"], []),
    }
    for point in jiujiang.points():
        assert "责任科室" not in point.body


def test_it_keeps_paren_sub_items_in_the_point(jiujiang: Plan) -> None:
    point = next(jiujiang.points())
    assert [i.number for i in point.items] == [1, 2]
    assert point.items[0].text == "新建、改扩建公办幼儿园15所以上，新增公办学位6000个；"
    assert point.body.startswith("统筹推进幼儿园布局调整")
    assert "（2）普惠性幼儿园覆盖率稳定在90%以上" in point.body


def test_sub_items_do_not_become_points(jiujiang: Plan) -> None:
    assert [len(a.points) for a in jiujiang.areas] == [2, 2]
    assert [len(p.items) for p in jiujiang.points()] == [2, 3, 0, 2]


def test_annotated_layout_extracts_targets_with_their_comparators(jiujiang: Plan) -> None:
    points = list(jiujiang.points())
    assert _summary(points[0]) == [
        ("新建、改扩建公办幼儿园", "≥", 15, "所"),
        ("新增公办学位", "=", 6000, "个"),
        ("普惠性幼儿园覆盖率", "≥", 90, "%"),
        ("公办园在园幼儿占比", "≥", 55, "%"),
    ]
    assert _summary(points[1]) == [
        ("新建改扩建中小学校", "=", 12, "所"),
        ("新增学位", "=", 15000, "个"),
        ("小学班额", "≤", 45, "人"),
        ("初中班额", "≤", 50, "人"),
        ("教师交流轮岗比例", "≥", 10, "%"),
    ]
    assert _summary(points[2]) == [
        ("培训中小学教师", ">", 5000, "人次"),
        ("招聘新教师", "=", 800, "名"),
        ("县域高中教师", "≥", 200, "名"),
    ]
    assert _summary(points[3]) == [
        ("教育专项资金", "=", 360000000, "元"),
        ("生均公用经费", "≥", 800, "元"),
    ]


# --- Shangrao: plain text, 1、 numbering, plain titles, 牵头单位/责任单位 lines ----------


def test_plain_layout_takes_the_title_up_to_the_first_full_stop(shangrao: Plan) -> None:
    assert [(p.number, p.title) for p in shangrao.points()] == [
        (1, "加快公办幼儿园建设"),
        (2, "提升保教质量"),
        (3, "实施强校提质工程"),
        (4, "规范办学行为"),
        (5, "落实每天校园体育活动时间"),
    ]
    first = next(shangrao.points())
    assert first.body.startswith("新增公办幼儿园学位3000个以上")


def test_plain_layout_reads_the_attachment_not_the_covering_notice(shangrao: Plan) -> None:
    assert shangrao.title == "上饶市教育体育局2024年重点工作任务"
    assert (shangrao.doc_number, shangrao.date) == ("饶教体发〔2024〕3号", "2024-02-20")
    assert shangrao.issuer == "上饶市教育体育局"
    assert [a.title for a in shangrao.areas] == [
        "推动学前教育普及普惠",
        "促进义务教育优质均衡",
        "加强体育和健康教育",
    ]
    assert shangrao.preamble == ""


def test_lead_unit_lines_and_responsible_unit_lines_are_split_by_role(shangrao: Plan) -> None:
    units = {p.number: (p.lead_units, p.co_units) for p in shangrao.points()}
    assert units == {
        # 牵头 leads; 责任 units alongside a 牵头 co-operate.
        1: (["学前教育科"], ["计划财务科", "各县（市、区）教育体育局"]),
        2: (["学前教育科", "教研室"], []),
        3: (["基础教育科"], ["督导室", "各县（市、区）教育体育局"]),
        # Without a 牵头, the first 责任 unit leads.
        4: (["基础教育科"], ["校外教育培训监管科", "教研室"]),
        5: (["体卫艺科"], []),
    }
    assert all("单位" not in p.body for p in shangrao.points())


def test_plain_layout_survives_page_numbers_and_mid_word_breaks(shangrao: Plan) -> None:
    points = {p.number: p for p in shangrao.points()}
    assert "普惠性幼儿园覆盖率达到92%以上" in points[1].body
    assert points[2].body == "开展幼儿园保育教育质量评估，省级示范园新增10所。"
    assert "此页无正文" not in points[4].body


def test_plain_layout_extracts_targets_but_not_ordinals_or_ranges(shangrao: Plan) -> None:
    points = {p.number: p for p in shangrao.points()}
    assert _summary(points[1]) == [
        ("新增公办幼儿园学位", "≥", 3000, "个"),
        ("公办园在园幼儿占比", "≥", 60, "%"),
        ("普惠性幼儿园覆盖率", "≥", 92, "%"),
    ]
    assert _summary(points[4]) == [
        ("义务教育学校课后服务覆盖率", "=", 100, "%"),
        ("学生参与率", "≥", 95, "%"),
    ]
    # 第15届 and 1-2项 are not targets.
    assert _summary(points[5]) == [
        ("中小学生每天校园体育活动时间", "≥", 2, "小时"),
        ("学生体质健康达标率", "≥", 92, "%"),
    ]


# --- Constructed in the test: 12 areas, （一） points, no areas at all ------------------

_AREA_NUMERALS = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"]


def test_it_reads_areas_numbered_up_to_twelve_with_paren_numeral_points() -> None:
    lines = ["某市教育局2025年工作要点"]
    for numeral in _AREA_NUMERALS:
        lines.append(f"{numeral}、第{numeral}方面工作")
        lines.append("（一）落实第一项任务。开展调研，形成报告。")
        lines.append("（二）落实第二项任务。完成培训200人次。")
    plan = parse_text("\n".join(lines))
    assert [a.number for a in plan.areas] == list(range(1, 13))
    assert plan.areas[11].title == "第十二方面工作"
    assert all([p.number for p in a.points] == [1, 2] for a in plan.areas)
    assert plan.areas[10].points[1].title == "落实第二项任务"
    assert _summary(plan.areas[10].points[1]) == [("完成培训", "=", 200, "人次")]
    # Numbering that restarts in every area is normal, not a gap.
    assert plan.warnings == []


def test_a_plan_without_areas_gets_one_unnamed_area_and_warns_about_gaps() -> None:
    plan = parse_text(
        "某县教育局2024年工作要点\n"
        "(1) 新建学校。新建小学2所。\n"
        "(2) 教师培训。培训教师不少于300名。\n"
        "(4) 食品安全。食堂明厨亮灶覆盖率达到100%。\n"
    )
    assert [(a.number, a.title) for a in plan.areas] == [(0, "")]
    assert [p.title for p in plan.points()] == ["新建学校", "教师培训", "食品安全"]
    assert plan.warnings == ["要点编号不连续：第2点之后是第4点（领域“”）"]


def test_a_title_only_point_line_takes_the_next_paragraph_as_body() -> None:
    plan = parse_text(
        "一、基础教育\n"
        "1. 推进集团化办学\n"
        "组建教育集团10个，覆盖学校80所。\n"
        "2. 深化课程改革\n"
        "建设精品课程\n50门。\n"
    )
    points = list(plan.points())
    assert [(p.title, p.body) for p in points] == [
        ("推进集团化办学", "组建教育集团10个，覆盖学校80所。"),
        ("深化课程改革", "建设精品课程50门。"),
    ]
    assert _summary(points[1]) == [("建设精品课程", "=", 50, "门")]


def test_text_that_is_not_a_plan_yields_an_empty_plan_with_a_warning() -> None:
    plan = parse_text("今天天气很好。\n我们去公园散步。")
    assert plan.areas == []
    assert plan.warnings == ["没有识别出任何工作领域或要点"]


def test_requests_numbered_in_the_covering_notice_are_not_areas() -> None:
    plan = parse_text(
        "某市教育局关于印发《某市教育局2025年工作要点》的通知\n"
        "各县区教育局：\n"
        "一、提高思想认识。各单位要高度重视。\n"
        "二、抓好贯彻落实。请于2025年12月10日前报送总结。\n"
        "附件\n"
        "某市教育局2025年工作要点\n"
        "一、加强党的建设\n"
        "1. 推进理论学习。开展专题学习12次。\n"
        "二、发展基础教育\n"
        "2. 扩大学前资源。新增公办幼儿园5所。\n"
    )
    assert plan.title == "某市教育局2025年工作要点"
    assert [a.title for a in plan.areas] == ["加强党的建设", "发展基础教育"]
    assert [p.title for p in plan.points()] == ["推进理论学习", "扩大学前资源"]
    assert plan.preamble == ""


def test_letterhead_lines_stay_out_of_the_preamble_of_an_untitled_plan() -> None:
    plan = parse_text(
        "某县教育局文件\n某教字〔2024〕7号\n全年工作总体思路是稳中求进。\n一、教育管理\n1. 规范办学。开展检查4次。\n"
    )
    assert plan.title == ""
    assert (plan.issuer, plan.doc_number, plan.year) == ("某县教育局", "某教字〔2024〕7号", 2024)
    assert plan.preamble == "全年工作总体思路是稳中求进。"


def test_an_annotation_on_the_last_sub_item_line_is_lifted_out_of_the_item() -> None:
    plan = parse_text(
        "一、经费保障\n"
        "1. 加大投入。\n"
        "（1）安排专项资金3亿元；\n"
        "（2）生均公用经费提高到800元。（责任科室：计划财务科、审计科）\n"
    )
    point = next(plan.points())
    assert [i.text for i in point.items] == ["安排专项资金3亿元；", "生均公用经费提高到800元。"]
    assert (point.lead_units, point.co_units) == (["计划财务科"], ["审计科"])
    assert [t.normalised_value for t in point.targets] == [300000000, 800]
