"""The 教基 workbook as the registry's statistics import: the same indicators as the
template, 合计 checks, another 学年's layout, and refusals that name the cell."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.forms.models import model_to_dict
from django.utils import translation

from edugov.exchange.importers import WorkbookStatisticsImporter
from edugov.exchange.layouts import statistics_layout_for
from edugov.registry.evaluations import kindergarten_evaluation, youzhi_evaluation
from edugov.registry.importers import StatisticsImporter
from edugov.registry.models import AnnualStatistics, StatsStatus
from edugov.registry.selectors import load_area_unscoped

from .conftest import junior_facts, kindergarten_facts, primary_facts, run, template_xlsx
from .workbooks import build_workbook, template_row

pytestmark = pytest.mark.django_db

SKIP = {"id", "status", "return_reason", "class_sizes_primary", "class_sizes_junior"}


def _stored(schools) -> dict:
    rows = AnnualStatistics.objects.filter(school__in=schools).order_by("school__code")
    return {r.school_id: {k: v for k, v in model_to_dict(r).items() if k not in SKIP} for r in rows}


def _indicators(cast, schools):
    """优质均衡 and 普及普惠 over 东湖区 from the approved rows."""
    AnnualStatistics.objects.filter(school__in=schools).update(status=StatsStatus.APPROVED)
    area = load_area_unscoped(cast.donghu, [2023])
    return youzhi_evaluation(area), kindergarten_evaluation(area)


def test_the_workbooks_give_the_same_indicators_as_the_template(cast, school):
    primary, junior, kindergarten = school("primary"), school("junior"), school("kindergarten")
    facts = [
        primary_facts(primary.code),
        junior_facts(junior.code),
        kindergarten_facts(kindergarten.code),
    ]
    officer = cast.donghu_officer

    schools = [primary, junior, kindergarten]
    report = run(StatisticsImporter, officer, template_xlsx([template_row(f) for f in facts]))
    assert report.errors == [] and report.created == 3
    by_template = _stored(schools)
    indicators_template = _indicators(cast, schools)
    AnnualStatistics.objects.filter(school__in=schools).delete()

    for f in facts:
        report = run(WorkbookStatisticsImporter, officer, build_workbook(f))
        assert report.errors == [] and report.created == 1
    by_workbook = _stored(schools)
    indicators_workbook = _indicators(cast, schools)

    assert by_workbook == by_template
    assert indicators_workbook == indicators_template
    youzhi, kindergartens = indicators_workbook
    codes = {s["school_code"] for lv in ("primary", "junior") for s in youzhi[lv]["schools"]}
    assert codes == {primary.code, junior.code}
    assert kindergartens.city[0]["n_kindergartens"] == 1  # 普及普惠 too
    # Importing the same workbook again changes nothing.
    again = run(WorkbookStatisticsImporter, officer, build_workbook(facts[0]))
    assert again.ok and (again.created, again.updated, again.unchanged) == (0, 0, 1)


def test_a_total_that_does_not_add_up_is_refused_naming_the_cell(cast, school):
    primary = school("primary")
    facts = primary_facts(primary.code)
    content = build_workbook(facts, **{"教基3112:total.enrolled": 519})
    with translation.override("en"):
        report = run(WorkbookStatisticsImporter, cast.donghu_officer, content)
    assert report.errors == [
        "教基3112_小学, row 6, column I: the total 519 does not equal the sum of its parts 518 "
        "(一年级、二年级、三年级、四年级、五年级、六年级)"
    ]
    assert not AnnualStatistics.objects.filter(school=primary).exists()
    with translation.override("zh-hans"):
        report = run(WorkbookStatisticsImporter, cast.donghu_officer, content)
    assert report.errors[0].startswith("教基3112_小学 第 6 行 第 I 列：合计 519 不等于")


def test_a_workbook_of_the_previous_year_is_read_through_its_own_layout(cast, school):
    primary = school("primary")
    facts = primary_facts(primary.code, year=2021)
    old, new = statistics_layout_for(2021), statistics_layout_for(2023)
    assert old.id == "statistics-2021" and new.id == "statistics-2022"
    # The two layouts put the PE teachers in different columns of 教基4155.
    assert old.tables_for("primary")[2].columns["pe"].number == "10"
    assert new.tables_for("primary")[2].columns["pe"].number == "17"

    report = run(WorkbookStatisticsImporter, cast.donghu_officer, build_workbook(facts))
    assert report.errors == [] and report.created == 1
    stored = AnnualStatistics.objects.get(school=primary, year=2021)
    assert (stored.teachers_pe, stored.teachers_music, stored.teachers_art) == (3, 2, 2)
    assert stored.students_primary == 518 and stored.max_class_size_primary == 45

    # This year's layout under last year's cover: the subject columns do not match.
    wrong = build_workbook(facts, layout=new)
    with translation.override("en"):
        report = run(WorkbookStatisticsImporter, cast.donghu_officer, wrong)
    assert report.errors[0] == (
        "教基4155_小学, row 5, column I: expected “科学”, found “英语” "
        "(this part of the layout is unconfirmed)"
    )
    assert all(e.startswith("教基4155_小学") for e in report.errors)
    assert "教基4155_小学, row 5, column L: expected “体育”, found “历史”" in "\n".join(
        report.errors
    )


def test_a_workbook_of_the_jichuji_era_is_read_through_its_declaration(cast, school):
    junior = school("junior")
    facts = junior_facts(junior.code, year=2020)
    report = run(WorkbookStatisticsImporter, cast.donghu_officer, build_workbook(facts))
    assert report.errors == [] and report.created == 1
    stored = AnnualStatistics.objects.get(school=junior, year=2020)
    template = template_row(facts)
    for name in ("g7", "classes_junior", "max_class_size_junior", "teachers", "teachers_pe"):
        assert getattr(stored, name) == int(template[name])
    assert stored.equipment_value == 4_250_000 and stored.backbone_county == 11


def test_bad_workbooks_are_refused_with_the_table_or_cell_named(cast, school):
    primary = school("primary")
    facts = primary_facts(primary.code)
    officer = cast.donghu_officer
    cases = {
        # A missing table.
        "missing": (
            build_workbook(facts, **{"drop:教基2106": True}),
            "The table 教基2106_小学 (小学教学班数、班额情况) is missing.",
        ),
        # A 初中's workbook for a 小学.
        "type": (
            build_workbook(junior_facts(primary.code)),
            "The table 教基3115_初中 is for a 初中; this school is a 小学.",
        ),
        # A table of the 基础基 era in this year's workbook.
        "era": (
            build_workbook(facts, extra_sheets={"基础基312": [["小学学生数"]]}),
            "The table 基础基312 is not part of the 2023 school year's layout",
        ),
        # A number where the layout expects a code.
        "code": (
            build_workbook(facts, **{"cover:学校标识码": 4123}),
            "封面, row 3, column B (学校标识码): expected a 10-digit school identification "
            "code, found “4123”",
        ),
        # Text where a count is expected.
        "text": (
            build_workbook(facts, **{"教基5176:multimedia.value": "十三"}),
            "教基5176_小学, row 7, column D (数量): expected a number, found “十三”",
        ),
        # An unconfirmed row whose text is not the declared one.
        "unconfirmed": (
            build_workbook(facts, **{"label:教基4155:本科": "大学本科（含）"}),
            "expected “本科”, found “大学本科含” (this part of the layout is unconfirmed)",
        ),
        # A cell the registry has no place for.
        "zero": (
            build_workbook(junior_facts(school("junior").code), **{"教基3115:total.g10": 3}),
            "教基3115_初中, row 6, column J: 3 here has no place in the registry's statistics",
        ),
    }
    with translation.override("en"):
        for name, (content, expected) in cases.items():
            report = run(WorkbookStatisticsImporter, officer, content)
            assert any(expected in e for e in report.errors), (name, report.errors)
    assert not AnnualStatistics.objects.exists()


def test_a_school_outside_the_scope_is_refused_in_the_same_words_as_an_unknown_one(cast, school):
    jinxian = school("primary", parent=cast.jinxian)
    with translation.override("en"):
        outside = run(
            WorkbookStatisticsImporter,
            cast.donghu_officer,
            build_workbook(primary_facts(jinxian.code)),
        )
        unknown = run(
            WorkbookStatisticsImporter,
            cast.donghu_officer,
            build_workbook(primary_facts("2136999999")),
        )
    assert outside.errors == [e.replace("2136999999", jinxian.code) for e in unknown.errors]
    assert "is not one whose statistics you may import" in outside.errors[0]
    assert not AnnualStatistics.objects.exists()


def test_the_registry_checks_name_the_workbook_cell(cast, school):
    primary = school("primary")
    facts = primary_facts(primary.code)
    facts.backbone = 40  # more backbone teachers than teachers
    with translation.override("en"):
        report = run(WorkbookStatisticsImporter, cast.donghu_officer, build_workbook(facts))
    assert report.errors == [
        "教基1102续_小学, row 6, column D (县级及以上骨干教师 数量): "
        "backbone teachers exceed the full-time teachers"
    ]


def test_rows_are_found_whatever_the_form_prints_around_their_labels(cast, school):
    primary = school("primary")
    printed = {
        "label:教基5170:教学及辅助用房": "一、教学及辅助用房",
        "label:教基5170:教室": "（一）教室",
        "label:教基5176:网络多媒体教室": "3.网络多媒体教室（间）",
        "label:教基3112:女": "其中：女",
    }
    content = build_workbook(primary_facts(primary.code), **printed)
    report = run(WorkbookStatisticsImporter, cast.donghu_officer, content)
    assert report.errors == [] and report.created == 1
    stored = AnnualStatistics.objects.get(school=primary)
    assert stored.floor_area == Decimal("2450.50") and stored.multimedia_classrooms == 13
