"""Rows for the authorization matrix (and the module's tests): in 东湖区 (a school's
project and one at the district's own site) and in 进贤县, each with its milestones, a
photo, a monthly report behind schedule with a delay case, capacity in use; a budget line
with an indicator and an execution, an allocation and the yearly spending, on each side."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from edugov.core.context import acting

from ..models import (
    Asset,
    BudgetLine,
    EducationSpending,
    Indicator,
    LineExecution,
    ProgressReport,
    Project,
    PublicFundAllocation,
    Stage,
)
from ..services import (
    milestone_photos_add,
    milestone_save,
    project_save,
    record_save,
    report_save,
)

TODAY = dt.date(2023, 9, 25)
NOW = dt.datetime(2023, 9, 25, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
PLANNED = {
    Stage.APPROVAL: dt.date(2023, 1, 10),
    Stage.FEASIBILITY: dt.date(2023, 2, 20),
    Stage.TENDER: dt.date(2023, 4, 1),
    Stage.START: dt.date(2023, 5, 15),
    Stage.STRUCTURE: dt.date(2023, 7, 31),
    Stage.ACCEPTANCE: dt.date(2023, 12, 20),
    Stage.IN_USE: dt.date(2024, 8, 25),
}


def jpeg() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "TestCam"
    Image.new("RGB", (32, 24), (20, 120, 200)).save(out, "JPEG", exif=exif)
    return out.getvalue()


def project(user, unit, code, *, kind="livelihood", year=2023, budget="1000000.00", **extra):
    """A project with its seven planned milestones, the budget split 中央 20% / 市 80%."""
    total = Decimal(budget)
    with acting(user):
        return project_save(
            project=Project(
                code=code,
                name=f"{unit.name}扩建工程{code}",
                kind=kind,
                year=year,
                unit=unit,
                latitude=Decimal("28.68"),
                longitude=Decimal("115.90"),
                places_primary=extra.pop("places_primary", 540),
                places_junior=extra.pop("places_junior", 0),
                budget_central=(total * Decimal("0.2")).quantize(Decimal("0.01")),
                budget_city=total - (total * Decimal("0.2")).quantize(Decimal("0.01")),
                **extra,
            ),
            user=user,
            planned=PLANNED,
        )


def report(user, p, month, *, percent="40", central="0", city="0", delayed=False, reason=""):
    with acting(user):
        return report_save(
            report=ProgressReport(
                project=p,
                month=month,
                percent=Decimal(percent),
                paid_central=Decimal(central),
                paid_city=Decimal(city),
                delayed=delayed,
                delay_reason=reason,
            ),
            user=user,
            today=TODAY,
        )


def reach(user, p, stage, day):
    m = p.milestones.get(stage=stage)
    m.actual = day
    with acting(user):
        # Recorded on the day it was reached: nothing after it was late yet.
        return milestone_save(milestone=m, user=user, today=max(day, m.planned or day))


def side(user, district, school, tag):
    """One district's rows: a school project behind schedule (its 主体完工 late, so a
    delay case), a district-site project in use, finance rows."""
    late = project(user, school, f"{tag}-01")
    for stage in (Stage.APPROVAL, Stage.FEASIBILITY, Stage.TENDER, Stage.START):
        reach(user, late, stage, PLANNED[stage])
    report(
        user,
        late,
        dt.date(2023, 8, 1),
        central="20000",
        city="50000",
        delayed=True,
        reason=f"{tag}雨季停工",
    )
    done = project(user, district, f"{tag}-02", kind="new_build", budget="500000.00")
    for stage, day in PLANNED.items():
        reach(user, done, stage, min(day, TODAY))
    milestone = done.milestones.get(stage=Stage.START)
    with acting(user):
        milestone_photos_add(
            milestone=milestone, user=user, uploads=[SimpleUploadedFile(f"{tag}.jpg", jpeg())]
        )
        line = record_save(
            obj=BudgetLine(
                unit=district,
                year=2023,
                code=f"{tag}-L1",
                name=f"{tag}生均公用经费",
                amount=Decimal("1200000.00"),
            ),
            user=user,
        )
        record_save(
            obj=Indicator(
                line=line,
                category="quantity",
                name=f"{tag}覆盖学校数",
                target="30所",
                weight=Decimal("20"),
            ),
            user=user,
        )
        record_save(
            obj=LineExecution(line=line, month=dt.date(2023, 1, 1), spent=Decimal("100000")),
            user=user,
        )
        record_save(
            obj=PublicFundAllocation(
                school=school,
                year=2023,
                students_primary=800,
                allocated=Decimal("400000"),
            ),
            user=user,
        )
        record_save(
            obj=EducationSpending(
                unit=district, year=2023, spending=Decimal("900000000"), students=90000
            ),
            user=user,
        )
        record_save(
            obj=Asset(
                school=school,
                code=f"{tag}-A1",
                name=f"{tag}学生实验桌",
                category="3",
                kind="instrument",
                quantity=40,
                value=Decimal("96000.00"),
                acquired=dt.date(2023, 3, 1),
            ),
            user=user,
        )
        record_save(
            obj=Asset(
                school=school,
                code=f"{tag}-A2",
                name=f"{tag}旧投影仪",
                category="2",
                kind="other",
                value=Decimal("3000.00"),
                acquired=dt.date(2015, 3, 1),
            ),
            user=user,
        )
    from ..services_assets import disposal_request

    with acting(user):
        spare = Asset.objects.get(code=f"{tag}-A2")
        disposal_request(user=user, asset=spare, reason=f"{tag}已损坏无法维修", now=NOW)
        record_save(
            obj=Asset(
                school=school,
                code=f"{tag}-A3",
                name=f"{tag}图书",
                category="5",
                kind="book",
                quantity=500,
                value=Decimal("15000.00"),
                acquired=dt.date(2022, 9, 1),
            ),
            user=user,
        )
    return late, done


def transfer(user, code, to_school):
    from ..services_assets import asset_transfer

    with acting(user):
        return asset_transfer(
            user=user,
            asset=Asset.objects.get(code=code),
            to_school=to_school,
            date=dt.date(2023, 9, 1),
            reason="调剂使用",
        )


def build(cast) -> None:
    side(cast.city_admin, cast.donghu, cast.donghu_school, "DH")
    side(cast.city_admin, cast.jinxian, cast.jinxian_school, "JX")
    # 东湖区 lends its books to its junior school: a transfer inside the district.
    transfer(cast.city_admin, "DH-A3", cast.donghu_junior)
