"""The ledgers' imports through core/io: Chinese headers in xlsx, one bad row writes
nothing and is named by row and column, the same sheet again changes nothing, another
school's rows are refused, an export goes back in unchanged (a masked name kept)."""

import io

import pytest
from django.urls import reverse
from openpyxl import Workbook

from edugov.core.context import acting
from edugov.core.io.registry import IMPORTERS

from ..models import FoodPurchase, InsuranceClaim, PatrolRecord, SampleCheck
from .world import build

pytestmark = pytest.mark.django_db

PURCHASE = ["学校标识码", "食堂", "到货日期", "供应商", "供应品类", "数量", "计量单位"]
PURCHASE += ["金额（元）", "已索证索票", "验收人"]


@pytest.fixture
def world(cast, settings):
    settings.EDUGOV_TODAY = "2023-09-25"
    build(cast)
    return cast


def xlsx(header, rows) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for r in rows:
        ws.append(r)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def run(user, key, data: bytes, name="台账.xlsx"):
    with acting(user):
        return IMPORTERS[key](user).run(io.BytesIO(data), name, len(data))


def purchase_rows(cast):
    code = cast.donghu_school.code
    return [
        [code, "东湖食堂", "2023-09-19", "东湖粮油公司", "面粉", 200, "kg", 900, "是", "王师傅"],
        [code, "东湖食堂", "2023-09-20", "东湖粮油公司", "食用油", 50, "L", 600, "否", "王师傅"],
    ]


def test_purchases_are_imported_from_xlsx_with_chinese_headers(world):
    report = run(world.donghu_principal, "safety.purchase", xlsx(PURCHASE, purchase_rows(world)))
    assert report.ok and report.created == 2, report.errors
    oil = FoodPurchase.objects.get(goods="食用油")
    assert oil.canteen.school == world.donghu_school and not oil.certificates_checked
    again = run(world.donghu_principal, "safety.purchase", xlsx(PURCHASE, purchase_rows(world)))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2), again.errors


def test_one_bad_row_writes_nothing_and_is_named(world):
    rows = purchase_rows(world)
    rows.append([world.donghu_school.code, "没有的食堂", "2023-09-21", "东湖粮油公司", "盐", 5])
    rows[-1] += ["kg", 10, "是", "王师傅"]
    before = FoodPurchase.objects.count()
    report = run(world.donghu_principal, "safety.purchase", xlsx(PURCHASE, rows))
    assert not report.ok and FoodPurchase.objects.count() == before
    assert len(report.errors) == 1
    assert "4" in report.errors[0] and "食堂" in report.errors[0], report.errors


def test_another_schools_rows_and_an_expired_supplier_are_refused(world):
    rows = purchase_rows(world)
    rows[0][0] = world.jinxian_school.code  # not hers: she does not even see it
    rows[1][2] = "2024-06-01"  # after the supplier's licence expired (2024-05-01)
    report = run(world.donghu_principal, "safety.purchase", xlsx(PURCHASE, rows))
    assert len(report.errors) == 2 and FoodPurchase.objects.count() == 2, report.errors
    assert "2" in report.errors[0] and "3" in report.errors[1]
    assert "2024-05-01" in report.errors[1]


def test_sample_checks_and_patrols_import(world):
    code = world.donghu_school.code
    header = ["学校标识码", "食堂", "日期", "餐次", "供应菜品数", "留样菜品数"]
    header += ["每样不少于 125 克", "留存不少于 48 小时", "专用冷藏设备存放", "检查人"]
    rows = [[code, "东湖食堂", "2023-09-19", "午餐", 5, 5, "是", "是", "否", "刘老师"]]
    report = run(world.donghu_principal, "safety.sample", xlsx(header, rows))
    assert report.ok, report.errors
    assert not SampleCheck.objects.get(date="2023-09-19").fridge_ok
    header = ["单位代码或名称", "日期", "地点", "危险水域", "巡查人数", "带队人", "劝离儿童人数"]
    rows = [["东湖区", "2023-07-16", "东湖水塘南岸", "东湖水塘", 4, "赵老师", 1]]
    report = run(world.donghu_officer, "safety.patrol", xlsx(header, rows))
    assert report.ok, report.errors
    assert PatrolRecord.objects.get(place="东湖水塘南岸").water.name == "东湖水塘"
    # A water of another district is not found for this one.
    rows = [["东湖区", "2023-07-17", "某处", "进贤水塘", 2, "赵老师", 0]]
    report = run(world.donghu_officer, "safety.patrol", xlsx(header, rows))
    assert not report.ok and "危险水域" in report.errors[0]


@pytest.mark.parametrize(
    ("lst", "key", "model"),
    [
        ("purchase_export", "safety.purchase", FoodPurchase),
        ("sample_export", "safety.sample", SampleCheck),
        ("patrol_export", "safety.patrol", PatrolRecord),
        ("claim_export", "safety.claim", InsuranceClaim),
        ("meal_export", "safety.meal", None),
        ("letter_export", "safety.letter", None),
        ("water_export", "safety.water", None),
    ],
)
def test_an_export_goes_back_in_unchanged(world, client_for, lst, key, model):
    response = client_for(world.donghu_officer).get(reverse(f"safety:{lst}"), {"format": "csv"})
    exported = b"".join(response.streaming_content)
    assert "东湖".encode() in exported
    report = run(world.donghu_officer, key, exported, "export.csv")
    assert report.ok and (report.created, report.updated) == (0, 0), report.errors
    assert report.unchanged >= 1
    if model is InsuranceClaim:
        # The name went out masked and came back masked: the stored one is kept.
        assert "东湖李小红".encode() not in exported
        claim = InsuranceClaim.objects.get(policy__school=world.donghu_school)
        assert claim.student_name == "东湖李小红"
