"""The registers' imports (canteens, suppliers, 校服, 校方责任险) through core/io: Chinese
headers, one bad row writes nothing and is named by row and column, the same sheet
again changes nothing, rows outside the user's scope are refused, and each list's
export goes back in unchanged."""

import pytest
from django.urls import reverse

from ..models import Canteen, InsurancePolicy, Supplier, UniformProcurement
from .test_ledger_import import run, xlsx
from .world import build

pytestmark = pytest.mark.django_db

CANTEEN = ["学校标识码", "食堂", "许可证号", "许可证有效期至", "明厨亮灶", "承包经营", "食品安全员"]
SUPPLIER = ["单位代码或名称", "供应商", "统一社会信用代码", "供应品类", "许可证号"]
SUPPLIER += ["许可证有效期至"]
UNIFORM = ["学校标识码", "年份", "家长委员会参与", "决策记录", "供应商", "每套价格（元）"]
UNIFORM += ["征订学生数", "自愿购买人数", "质检报告", "购买率（%）"]
INSURANCE = ["学校标识码", "年份", "承保公司", "保单号", "参保学生数", "在校生数", "保费（元）"]
INSURANCE += ["未参保人数", "理赔件数", "理赔金额（元）"]


@pytest.fixture
def world(cast, settings):
    settings.EDUGOV_TODAY = "2023-09-25"
    build(cast)
    return cast


def canteen_rows(cast):
    code = cast.donghu_school.code
    return [
        [code, "东湖食堂", "JY东湖01", "2026-10-10", "是", "否", "张主任"],
        [code, "教工食堂", "JY东湖02", "2025-03-31", "否", "是", "王师傅"],
    ]


def test_canteens_import_with_chinese_headers_and_again_change_nothing(world):
    report = run(world.donghu_principal, "safety.canteen", xlsx(CANTEEN, canteen_rows(world)))
    assert report.ok and (report.created, report.updated) == (1, 1), report.errors
    stored = Canteen.objects.get(school=world.donghu_school, name="东湖食堂")
    assert stored.bright_kitchen and stored.officer == "张主任"
    assert str(stored.licence_expiry) == "2026-10-10"
    assert Canteen.objects.get(name="教工食堂").contracted
    again = run(world.donghu_principal, "safety.canteen", xlsx(CANTEEN, canteen_rows(world)))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2), again.errors


def test_one_bad_row_writes_nothing_and_is_named_by_row_and_column(world):
    rows = canteen_rows(world)
    rows[1][3] = "明年"  # not a date: row 3, column D (许可证有效期至)
    report = run(world.donghu_principal, "safety.canteen", xlsx(CANTEEN, rows))
    assert not report.ok and len(report.errors) == 1, report.errors
    assert "3" in report.errors[0] and "许可证有效期至" in report.errors[0]
    assert not Canteen.objects.filter(name="教工食堂").exists()
    assert Canteen.objects.get(name="东湖食堂").officer == "李明"
    # The model's own rule names its column too: more bought than offered.
    code = world.donghu_school.code
    rows = [[code, 2024, "是", "", "东湖服饰", 175, 500, 520, ""]]
    report = run(world.donghu_principal, "safety.uniform", xlsx(UNIFORM, rows))
    assert not report.ok and "自愿购买人数" in report.errors[0], report.errors
    assert not UniformProcurement.objects.filter(year=2024).exists()


def test_uniforms_insurance_and_suppliers_import(world):
    code = world.donghu_school.code
    rows = [[code, 2024, "是", "家委会纪要", "东湖服饰", "175.5", 500, 450, "QC-1"]]
    report = run(world.donghu_principal, "safety.uniform", xlsx(UNIFORM, rows))
    assert report.ok and report.created == 1, report.errors
    assert UniformProcurement.objects.get(year=2024).purchase_rate == 90.0
    # The gap and the claims are computed: what the sheet says of them is not read.
    rows = [[code, 2023, "人保", "BX东湖2023", 800, 800, 4100, 5, 99, 99999]]
    report = run(world.donghu_principal, "safety.insurance", xlsx(INSURANCE, rows))
    assert report.ok and report.updated == 1, report.errors
    policy = InsurancePolicy.objects.get(school=world.donghu_school, year=2023)
    assert policy.gap == 0 and policy.claims == 1, "the claims are the claim rows' count"
    assert policy.premium == 4100 and policy.claims_paid < 99999
    rows = [["东湖区", "东湖蔬菜公司", "91360100ma35abcd1x", "蔬菜", "SP东湖02", "2025-01-31"]]
    report = run(world.donghu_officer, "safety.supplier", xlsx(SUPPLIER, rows))
    assert report.ok and report.created == 1, report.errors
    assert Supplier.objects.get(name="东湖蔬菜公司").credit_code == "91360100MA35ABCD1X"


def test_rows_outside_the_users_scope_are_refused(world):
    # Another district's school: the district officer does not see it, nothing written.
    rows = canteen_rows(world)
    rows[1][0] = world.jinxian_school.code
    report = run(world.donghu_officer, "safety.canteen", xlsx(CANTEEN, rows))
    assert not report.ok and len(report.errors) == 1 and "3" in report.errors[0], report.errors
    assert not Canteen.objects.filter(name="教工食堂").exists()
    # A school cannot write its district's supplier list, though it buys from it.
    rows = [["东湖区", "东湖粮油公司", "", "米面油", "SP东湖01", "2030-05-01"]]
    report = run(world.donghu_principal, "safety.supplier", xlsx(SUPPLIER, rows))
    assert not report.ok and "单位代码或名称" in report.errors[0], report.errors
    assert str(Supplier.objects.get(name="东湖粮油公司").licence_expiry) == "2024-05-01"
    # Nor another school's policy.
    rows = [[world.jinxian_school.code, 2023, "人保", "X", 1, 1, 1]]
    report = run(world.donghu_principal, "safety.insurance", xlsx(INSURANCE, rows))
    assert not report.ok and "学校标识码" in report.errors[0], report.errors


@pytest.mark.parametrize(
    ("lst", "key", "header"),
    [
        ("canteen_export", "safety.canteen", CANTEEN),
        ("supplier_export", "safety.supplier", SUPPLIER),
        ("uniform_export", "safety.uniform", UNIFORM),
        ("insurance_export", "safety.insurance", INSURANCE),
    ],
)
def test_an_export_goes_back_in_unchanged(world, client_for, lst, key, header):
    response = client_for(world.donghu_officer).get(reverse(f"safety:{lst}"), {"format": "csv"})
    exported = b"".join(response.streaming_content)
    first = exported.decode("utf-8-sig").splitlines()[0]
    assert first.split(",") == header, first
    report = run(world.donghu_officer, key, exported, "export.csv")
    assert report.ok and (report.created, report.updated) == (0, 0), report.errors
    assert report.unchanged >= 1


def test_each_register_list_links_its_import_page(world, client_for):
    client = client_for(world.donghu_principal)
    for name in ("canteen", "supplier", "uniform", "insurance"):
        page = client.get(reverse(f"safety:{name}_list")).content.decode()
        assert reverse(f"safety:{name}_import") in page, name
        assert client.get(reverse(f"safety:{name}_import")).status_code == 200, name
