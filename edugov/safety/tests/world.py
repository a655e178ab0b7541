"""Rows for the authorization matrix (and the module's tests): a city checklist, a
self-check with a failed item (a hazard and its case) and a photo in a 东湖区 school and in
a 进贤县 school, a plan and every ledger in and out of each cast member's scope."""

from __future__ import annotations

import datetime as dt
import io
import uuid
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from edugov.core.context import acting

from ..models import (
    Canteen,
    ChecklistItem,
    DrowningIncident,
    FoodIncident,
    FoodPurchase,
    Inspection,
    InspectionPlan,
    InsuranceClaim,
    InsurancePolicy,
    MealRecord,
    ParentLetter,
    PatrolRecord,
    RiskWater,
    SampleCheck,
    Supplier,
    UniformProcurement,
)
from ..services import (
    Answer,
    checklist_item_save,
    claim_save,
    food_incident_report,
    inspection_submit,
    record_save,
)

NOW = dt.datetime(2023, 9, 25, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
ITEMS = (
    ("XF-01", "疏散通道畅通，无杂物堆放", "serious"),
    ("XF-02", "灭火器在有效期内", "general"),
    ("XF-03", "消防控制室有人值守", "major"),
)


def jpeg(gps: bool = False, size=(64, 48)) -> bytes:
    """A real JPEG, with an EXIF block holding a GPS position when asked."""
    from PIL import Image

    image = Image.new("RGB", size, (200, 30, 30))
    out = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "TestCam"  # Make
    if gps:
        exif[0x8825] = {1: "N", 2: (28.0, 40.0, 5.0), 3: "E", 4: (115.0, 53.0, 2.0)}
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def checklist(user, unit, code="XF", version=1, items=ITEMS) -> list[ChecklistItem]:
    with acting(user):
        return [
            checklist_item_save(
                item=ChecklistItem(
                    unit=unit,
                    checklist=code,
                    version=version,
                    title="消防安全检查表",
                    topic="fire",
                    code=c,
                    text=t,
                    level=level,
                    position=i,
                ),
                user=user,
            )
            for i, (c, t, level) in enumerate(items)
        ]


def inspect(user, school, items, *, failed=(), level="", photos=(), key=None, now=NOW):
    """A self-check of ``school``: the items in ``failed`` (codes) fail with a note."""
    answers = {
        i.pk: Answer(
            passed=i.code not in failed,
            level=level,
            note="" if i.code not in failed else f"{i.text}不符合",
            photos=[SimpleUploadedFile(n, d) for n, d in photos] if i.code in failed else [],
        )
        for i in items
    }
    with acting(user):
        inspection, _created = inspection_submit(
            user=user,
            inspection=Inspection(
                key=key or uuid.uuid4(),
                school=school,
                kind="self",
                checklist=items[0].checklist,
                version=items[0].version,
                date=now.date(),
            ),
            answers=answers,
            now=now,
        )
    return inspection


def ledgers(user, district, school, tag):
    with acting(user):
        for obj in (
            InspectionPlan(unit=district, title=f"{tag}月度安全自查", checklist="XF"),
            RiskWater(
                unit=district,
                name=f"{tag}水塘",
                kind="pond",
                latitude=Decimal("28.5"),
                longitude=Decimal("116.1"),
                town=f"{tag}镇",
                warning_signs=2,
            ),
            Canteen(
                school=school,
                name=f"{tag}食堂",
                licence_no=f"JY{tag}01",
                licence_expiry=dt.date(2023, 10, 10),
                officer="李明",
            ),
            Supplier(
                unit=district,
                name=f"{tag}粮油公司",
                goods="米面油",
                licence_no=f"SP{tag}01",
                licence_expiry=dt.date(2024, 5, 1),
            ),
            UniformProcurement(
                school=school,
                year=2023,
                committee_took_part=True,
                supplier=f"{tag}服饰",
                price=Decimal("180"),
                students=800,
                bought=600,
            ),
            InsurancePolicy(
                school=school,
                year=2023,
                insurer="人保",
                policy_no=f"BX{tag}2023",
                insured=780,
                enrolled=800,
                premium=Decimal("4000"),
            ),
            MealRecord(school=school, date=dt.date(2023, 9, 20), meal="lunch", leader=f"{tag}校长"),
            ParentLetter(
                school=school, year=2023, class_name=f"{tag}三年级1班", students=45, acknowledged=44
            ),
        ):
            record_save(obj=obj, user=user)
        logistics(user, district, school, tag)


def logistics(user, district, school, tag):
    """The second part's ledgers: a patrol, a drowning report, a purchase, a 留样 check,
    a food incident with its case and an insurance claim, all of ``tag``'s school."""
    canteen = Canteen.objects.get(school=school, name=f"{tag}食堂")
    supplier = Supplier.objects.get(unit=district, name=f"{tag}粮油公司")
    water = RiskWater.objects.get(unit=district, name=f"{tag}水塘")
    policy = InsurancePolicy.objects.get(school=school, year=2023)
    for obj in (
        PatrolRecord(
            unit=district,
            date=dt.date(2023, 7, 15),
            water=water,
            place=f"{tag}水塘北岸",
            patrollers=3,
            leader=f"{tag}巡查组长",
            dissuaded=2,
        ),
        DrowningIncident(
            school=school,
            occurred_on=dt.date(2023, 7, 20),
            water=water,
            place=f"{tag}水塘",
            student_name=f"{tag}张小明",
            sex="m",
            age=11,
            grade="五年级",
            outcome="safe",
            description="路人救起",
        ),
        FoodPurchase(
            school=school,
            canteen=canteen,
            date=dt.date(2023, 9, 18),
            supplier=supplier,
            goods=f"{tag}大米",
            quantity=Decimal("500"),
            amount=Decimal("2100"),
            certificates_checked=True,
            accepted_by=f"{tag}验收员",
        ),
        SampleCheck(
            school=school,
            canteen=canteen,
            date=dt.date(2023, 9, 18),
            meal="lunch",
            dishes=5,
            sampled=4,
            weight_ok=True,
            hours_ok=True,
            fridge_ok=True,
            checked_by=f"{tag}留样员",
        ),
    ):
        record_save(obj=obj, user=user)
    food_incident_report(
        incident=FoodIncident(
            school=school,
            canteen=canteen,
            occurred_at=NOW,
            kind="foreign",
            affected=1,
            description=f"{tag}饭菜中发现异物",
        ),
        user=user,
        now=NOW,
    )
    claim_save(
        claim=InsuranceClaim(
            policy=policy,
            claim_no=f"LP{tag}001",
            incident_date=dt.date(2023, 5, 10),
            student_name=f"{tag}李小红",
            injury="体育课摔伤",
            claimed=Decimal("3200"),
        ),
        user=user,
    )


def build(cast) -> None:
    items = checklist(cast.city_admin, cast.city)
    photo = [("site.jpg", jpeg())]
    inspect(cast.donghu_principal, cast.donghu_school, items, failed=("XF-01",), photos=photo)
    inspect(cast.jinxian_principal, cast.jinxian_school, items, failed=("XF-02",), photos=photo)
    ledgers(cast.donghu_officer, cast.donghu, cast.donghu_school, "东湖")
    ledgers(cast.city_admin, cast.jinxian, cast.jinxian_school, "进贤")
