"""The year's list through the importer: departments by name (a clear row-named error
otherwise, nothing written), upsert by (kind, year, 编号), a case per new proposal."""

from __future__ import annotations

import io

import openpyxl
import pytest

from edugov.casework.models import Case
from edugov.core.context import acting
from edugov.proposals.importers import CppccImporter, NpcImporter
from edugov.proposals.models import Proposal

pytestmark = pytest.mark.django_db

HEADER = ["编号", "标题", "领衔人", "附议人", "主办单位", "协办单位", "类别"]


def xlsx(rows, header=HEADER) -> io.BytesIO:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for r in rows:
        sheet.append(r)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return out


def run(importer_cls, user, fh):
    with acting(user):
        return importer_cls(user).run(fh, "list.xlsx", len(fh.getvalue()))


ROWS = [
    [1, "关于增加公办幼儿园学位的建议", "张建华", "李红、王强", "学前教育科", "基础教育科、计划财务科", "学前教育"],
    [2, "关于提升课后服务质量的建议", "刘芳", "", "基础教育科", "", "义务教育"],
    [3, "关于加强校园周边交通安全的建议", "陈军", "", "", "", "校园安全"],
]  # fmt: skip


def test_the_list_opens_a_case_per_proposal_handed_to_its_units(cast):
    report = run(NpcImporter, cast.city_admin, xlsx(ROWS))
    assert report.errors == [] and report.created == 3
    p1 = Proposal.objects.get(kind="npc", year=2023, number="1")
    assert p1.co_signers == "李红、王强" and p1.listed_co == "基础教育科、计划财务科"
    case = p1.case
    assert case.case_type == "npc_suggestion" and case.state == "handling"
    assert case.lead_unit.name == "学前教育科"
    assert sorted(u.name for u in case.co_units.all()) == ["基础教育科", "计划财务科"]
    # Without a 主办 unit in the list it waits for 交办.
    assert Proposal.objects.get(number="3").case.state == "received"


def test_a_second_import_updates_and_opens_nothing(cast):
    run(NpcImporter, cast.city_admin, xlsx(ROWS))
    changed = [list(r) for r in ROWS]
    changed[1][1] = "关于全面提升课后服务质量的建议"
    report = run(NpcImporter, cast.city_admin, xlsx(changed))
    assert report.errors == [] and report.created == 0 and report.updated == 1
    assert report.unchanged == 2
    assert Case.objects.count() == 3
    assert Proposal.objects.get(number="2").title == "关于全面提升课后服务质量的建议"


def test_the_same_number_of_the_other_kind_is_another_proposal(cast):
    run(NpcImporter, cast.city_admin, xlsx(ROWS[:1]))
    header = ["编号", "标题", "提案人", "附议人", "主办单位", "协办单位", "类别"]
    report = run(CppccImporter, cast.city_admin, xlsx(ROWS[:1], header))
    assert report.created == 1
    assert sorted(Proposal.objects.values_list("kind", flat=True)) == ["cppcc", "npc"]
    assert Proposal.objects.get(kind="cppcc").case.case_type == "cppcc_proposal"


def test_an_unknown_department_is_named_with_its_row_and_nothing_is_written(cast):
    rows = [list(r) for r in ROWS]
    rows[1][4] = "教育科"
    rows[2][5] = "体卫艺科、宣传科"
    report = run(NpcImporter, cast.city_admin, xlsx(rows))
    text = "\n".join(report.errors)
    assert "第 3 行" in text or "Row 3" in text, text
    assert "教育科" in text and "宣传科" in text
    assert any(("第 4 行" in e or "Row 4" in e) and "宣传科" in e for e in report.errors)
    assert Proposal.objects.count() == 0 and Case.objects.count() == 0


def test_a_missing_title_is_named_with_its_row(cast):
    rows = [list(r) for r in ROWS]
    rows[0][1] = ""
    report = run(NpcImporter, cast.city_admin, xlsx(rows))
    assert len(report.errors) == 1 and (
        "第 2 行" in report.errors[0] or "Row 2" in report.errors[0]
    )
    assert Proposal.objects.count() == 0


def test_a_school_cannot_import_proposals(cast):
    report = run(NpcImporter, cast.donghu_principal, xlsx(ROWS[:1]))
    assert report.errors and Proposal.objects.count() == 0
