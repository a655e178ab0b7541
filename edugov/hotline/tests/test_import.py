"""Import of the 12345 platform's export: a case per new order, upsert by the platform's
number, errors named by row and column, nothing written when any row is wrong."""

import io

import pytest
from openpyxl import Workbook

from edugov.casework.models import Case
from edugov.core.context import acting
from edugov.hotline.importers import OrderImporter
from edugov.hotline.models import HotlineOrder

pytestmark = pytest.mark.django_db

HEADER = ["工单编号", "来电时间", "诉求类型", "诉求内容", "涉及学校/区域", "联系人", "联系电话"]


def xlsx(rows, header=HEADER) -> io.BytesIO:
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for r in rows:
        ws.append(r)
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    return out


def run(user, rows, header=HEADER):
    fh = xlsx(rows, header)
    with acting(user):
        return OrderImporter(user).run(fh, "orders.xlsx", len(fh.getvalue()))


ROWS = [
    [
        "NC2023090100001",
        "2023-09-01 09:30",
        "投诉",
        "东湖区育新学校课后服务收费过高",
        "东湖区育新学校",
        "张女士",
        "13800000001",
    ],
    [
        "NC2023090100002",
        "2023-09-01 10:05",
        "咨询",
        "一年级招生报名时间",
        "东湖区",
        "王先生",
        "13800000002",
    ],
]


def test_new_orders_open_cases_and_link_the_school(cast):
    report = run(cast.city_admin, ROWS)
    assert report.ok, report.errors
    assert (report.created, report.updated) == (2, 0)
    first = HotlineOrder.objects.get(platform_no="NC2023090100001")
    assert first.school == cast.donghu_school and first.district == cast.donghu
    assert first.topic == "fees" and first.case.state == "received"
    assert first.case.unit == cast.city and first.case.opened_at == first.received_at
    second = HotlineOrder.objects.get(platform_no="NC2023090100002")
    assert second.topic == "admission" and second.district == cast.donghu
    assert Case.objects.filter(case_type="hotline_order").count() == 2


def test_importing_again_changes_nothing_and_a_correction_updates(cast):
    run(cast.city_admin, ROWS)
    report = run(cast.city_admin, ROWS)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 2)
    changed = [ROWS[0], [*ROWS[1][:5], "王先生", "13900000009"]]
    report = run(cast.city_admin, changed)
    assert (report.created, report.updated) == (0, 1)
    assert HotlineOrder.objects.get(platform_no="NC2023090100002").caller_phone == "13900000009"
    assert Case.objects.filter(case_type="hotline_order").count() == 2


def test_errors_are_named_by_row_and_nothing_is_written(cast):
    rows = [
        ROWS[0],
        ["NC2023090100003", "昨天", "投诉", "x", "", "", ""],
        ["NC2023090100004", "2023-09-01 11:00", "抱怨", "x", "", "", "12ab"],
        ["NC2023090100001", "2023-09-01 12:00", "投诉", "重复", "", "", ""],
        ["NC2023090100005", "2023-09-01 12:00", "建议", "", "", "", ""],
    ]
    report = run(cast.city_admin, rows)
    text = "\n".join(report.errors)
    assert "第 3 行" in text and "来电时间" in text
    assert "第 4 行" in text and "诉求类型" in text and "联系电话" in text
    assert "第 5 行：与第 2 行重复" in text
    assert "第 6 行" in text and "诉求内容" in text
    assert not any(e.startswith("第 2 行") for e in report.errors)
    assert not HotlineOrder.objects.exists() and not Case.objects.exists()


def test_a_missing_column_is_named(cast):
    # 联系电话 is optional: a file without it imports.
    report = run(cast.city_admin, [ROWS[0][:6]], header=HEADER[:6])
    assert report.ok, report.errors
    report = run(
        cast.city_admin,
        [[r[0], r[1], r[3]] for r in ROWS],
        header=["工单编号", "来电时间", "诉求内容"],
    )
    assert any("诉求类型" in e for e in report.errors)


def test_an_order_of_another_unit_is_not_updated(cast):
    run(cast.city_admin, ROWS)
    report = run(cast.jinxian_principal, ROWS)
    assert not report.ok
    assert HotlineOrder.objects.get(platform_no="NC2023090100002").caller_phone == "13800000002"
