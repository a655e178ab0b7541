"""The asset ledger: a disposal is a case the district approves (the school cannot), an
approved disposal leaves every count; an asset entry moves the equipment indicator; a
transfer outside the reader's scope is refused; the import writes nothing for a bad row."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import Workbook

from edugov.casework.services import case_move
from edugov.core.context import acting
from edugov.workplan.kpis import kpi_compute

from ..importers import AssetImporter
from ..models import Asset, AssetDisposal
from ..selectors import equipment_compliance
from ..services import record_save
from ..services_assets import asset_transfer, disposal_request

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def today(settings):
    settings.EDUGOV_TODAY = "2023-09-25"


def _asset(cast, code, value="50000.00", kind="instrument", school=None, quantity=1):
    with acting(cast.donghu_principal):
        return record_save(
            obj=Asset(
                school=school or cast.donghu_school,
                code=code,
                name=code,
                category="3",
                kind=kind,
                quantity=quantity,
                value=Decimal(value),
                acquired=dt.date(2023, 3, 1),
            ),
            user=cast.donghu_principal,
        )


def test_an_asset_entry_moves_the_equipment_indicator(cast):
    cast.donghu_school.enrolment = 100
    cast.donghu_school.save(update_fields=["enrolment"])
    _asset(cast, "E-1", "150000.00")
    assert kpi_compute("projects.equipment_value_per_student", year=2023, scope=cast.donghu) == (
        Decimal("1500.00")
    )
    [row] = equipment_compliance(cast.donghu_officer)
    assert row["value_per_student"] == Decimal("1500.00") and not row["value_ok"]
    _asset(cast, "E-2", "50000.00")
    assert kpi_compute("projects.equipment_value_per_student", year=2023, scope=cast.donghu) == (
        Decimal("2000.00")
    )
    [row] = equipment_compliance(cast.donghu_officer)
    assert row["value_ok"]  # 2,000 元 per primary student: the standard, reached


def test_a_disposal_is_approved_by_the_district_on_its_case_and_leaves_the_counts(cast):
    cast.donghu_school.enrolment = 100
    cast.donghu_school.save(update_fields=["enrolment"])
    asset = _asset(cast, "D-1", "200000.00")
    with acting(cast.donghu_principal):
        disposal = disposal_request(user=cast.donghu_principal, asset=asset, reason="报废")
        with pytest.raises(ValidationError):
            disposal_request(user=cast.donghu_principal, asset=asset, reason="再次")
        with pytest.raises(PermissionDenied):
            case_move(user=cast.donghu_principal, case=disposal.case, transition="approve")
    assert disposal.case.lead_unit == cast.donghu_school
    assert disposal.case.supervising_unit == cast.donghu
    assert equipment_compliance(cast.donghu_officer)[0]["value_per_student"] == 2000
    with acting(cast.donghu_officer):
        case_move(user=cast.donghu_officer, case=disposal.case, transition="approve")
    assert AssetDisposal.objects.get().case.state == "approved"
    assert kpi_compute("projects.equipment_value_per_student", year=2023, scope=cast.donghu) is None
    with acting(cast.donghu_officer), pytest.raises(ValidationError):
        asset_transfer(
            user=cast.donghu_officer,
            asset=asset,
            to_school=cast.donghu_junior,
            date=dt.date(2023, 9, 1),
            reason="调剂",
        )


def test_a_school_cannot_give_an_asset_to_a_school_outside_its_scope(cast):
    asset = _asset(cast, "T-1")
    with acting(cast.donghu_principal), pytest.raises(PermissionDenied):
        asset_transfer(
            user=cast.donghu_principal,
            asset=asset,
            to_school=cast.donghu_junior,
            date=dt.date(2023, 9, 1),
            reason="调剂",
        )
    assert Asset.objects.get(pk=asset.pk).school == cast.donghu_school


def _import(user, rows):
    wb = Workbook()
    ws = wb.active
    ws.append(["school", "code", "name", "category", "kind", "quantity", "value", "acquired"])
    for r in rows:
        ws.append(r)
    out = io.BytesIO()
    wb.save(out)
    data = out.getvalue()
    with acting(user):
        return AssetImporter(user).run(io.BytesIO(data), "资产.xlsx", len(data))


def test_the_asset_import_writes_nothing_for_one_bad_row(cast):
    code = cast.donghu_school.code
    good = [code, "I-1", "实验桌", "专用设备", "instrument", "40", "96000.00", "2023-03-01"]
    bad = [code, "I-2", "电脑", "通用设备", "computer", "2", "-5", "2023-03-01"]
    report = _import(cast.donghu_principal, [good, bad])
    assert not report.ok and Asset.objects.count() == 0
    assert any(e.startswith(("Row 3", "第 3 行")) for e in report.errors), report.errors
    report = _import(cast.donghu_principal, [good])
    assert report.ok and Asset.objects.get().quantity == 40
    assert _import(cast.donghu_principal, [good]).unchanged == 1
