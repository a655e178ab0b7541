"""The checklist import (xlsx, Chinese headers): versions as data; a file with one bad row
writes nothing and names the row; a version inspections have used is frozen."""

import io

import pytest
from openpyxl import Workbook

from edugov.core.context import acting

from ..importers import ChecklistImporter
from ..models import ChecklistItem
from .world import inspect

pytestmark = pytest.mark.django_db

HEADER = [
    "检查表编号",
    "版本",
    "检查表",
    "类别",
    "适用学校类型",
    "条目编号",
    "检查项",
    "不合格时隐患等级",
    "顺序",
]


def run(user, rows):
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    for r in rows:
        ws.append(r)
    out = io.BytesIO()
    wb.save(out)
    data = out.getvalue()
    with acting(user):
        return ChecklistImporter(user).run(io.BytesIO(data), "检查表.xlsx", len(data))


ROWS = [
    ["YD", 1, "用电安全检查表", "用电", "primary,junior", "YD-01", "配电箱上锁", "一般", 1],
    ["YD", 1, "用电安全检查表", "用电", "", "YD-02", "无私拉乱接电线", "较大", 2],
    ["YD", 1, "用电安全检查表", "用电", "", "YD-03", "电气线路无老化破损", "重大", 3],
]


def test_a_checklist_version_is_imported_with_chinese_headers_and_labels(cast):
    report = run(cast.city_admin, ROWS)
    assert report.ok and report.created == 3, report.errors
    items = list(ChecklistItem.objects.order_by("position"))
    assert [i.level for i in items] == ["general", "serious", "major"]
    assert items[0].topic == "power" and items[0].unit == cast.city
    assert items[0].school_types == "primary,junior"
    # The same file again changes nothing.
    again = run(cast.city_admin, ROWS)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)


def test_one_bad_row_writes_nothing_and_is_named(cast):
    rows = [*ROWS, ["YD", 1, "用电安全检查表", "无此类别", "", "YD-04", "x", "一般", 4]]
    rows.append(["YD", 1, "用电安全检查表", "用电", "kindergarden", "YD-05", "x", "一般", 5])
    report = run(cast.city_admin, rows)
    assert not report.ok
    assert any(e.startswith("第 5 行") or "Row 5" in e for e in report.errors), report.errors
    assert any("6" in e and "kindergarden" in e for e in report.errors), report.errors
    assert not ChecklistItem.objects.exists()


def test_a_used_version_is_frozen_and_a_new_version_is_taken(cast):
    run(cast.city_admin, ROWS)
    items = list(ChecklistItem.objects.filter(checklist="YD").order_by("position"))
    inspect(cast.donghu_principal, cast.donghu_school, items)
    changed = [[*ROWS[0][:6], "配电箱上锁并张贴警示标识", *ROWS[0][7:]], *ROWS[1:]]
    refused = run(cast.city_admin, changed)
    assert (
        not refused.ok
        and "新版本" in " ".join(refused.errors)
        or "new version" in " ".join(refused.errors)
    )
    bumped = [[r[0], 2, *r[2:]] for r in changed]
    assert run(cast.city_admin, bumped).created == 3
    # The old inspection keeps version 1; a new one uses version 2.
    assert ChecklistItem.objects.filter(checklist="YD", version=1, text="配电箱上锁").exists()


def test_a_school_cannot_import_a_checklist(cast):
    report = run(cast.donghu_principal, ROWS)
    assert not report.ok and not ChecklistItem.objects.exists()


def test_a_school_uses_the_checklists_issued_above_it_only(cast):
    from ..services import checklist_items

    run(cast.city_admin, ROWS)
    with acting(cast.donghu_officer):
        report = run(
            cast.donghu_officer,
            [["DH", 1, "东湖区专项检查表", "周边", "", "DH-01", "校门口护栏完好", "一般", 1]],
        )
    assert report.ok, report.errors
    assert len(checklist_items(cast.donghu_principal, "YD")) == 3
    assert len(checklist_items(cast.donghu_principal, "DH")) == 1
    assert checklist_items(cast.jinxian_principal, "DH") == []
