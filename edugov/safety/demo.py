"""The 平安校园 part of ``make demo``: deterministic, idempotent, lean.

One city checklist of 15 items; a monthly self-check plan of the city and a spot-check
plan of 东湖区; a year of monthly self-checks of every institution (October 2022 to the
demo's today, the current month's still coming in); each failed item (about 0.7 %) a
hazard with its ``safety_hazard`` case, replayed through casework's bulk loader (the
older ones rectified, re-checked and struck off, some waiting for the re-check, the
recent ones open, several overdue, a few 重大); risk waters in the rural districts;
canteens and suppliers with one licence about to expire; 东湖区's uniforms, insurance,
陪餐 records and 告家长书 acknowledgements, 大宗食材 deliveries, 留样 checks and insurance
claims; summer 防溺水 patrols of the risk waters.

Inspections and results go in by ``bulk_insert`` (COPY on PostgreSQL) with one audit event
for the lot, like an import.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Count, OuterRef, Subquery

from edugov.accounts.models import User
from edugov.audit.services import audit_record
from edugov.casework.models import Case
from edugov.casework.services.bulk import PastCase, PastMove, cases_bulk_load
from edugov.core import clock
from edugov.core.io.bulk import bulk_insert
from edugov.org.models import Unit, UnitKind

from .casetypes import CODE
from .models import (
    Canteen,
    ChecklistItem,
    FoodPurchase,
    Hazard,
    Inspection,
    InspectionPlan,
    InspectionResult,
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
from .services import supervising_unit_for

SEED = 17
TZ = dt.timezone(dt.timedelta(hours=8))
FAIL_RATE = 0.007
ITEMS = (
    ("fire", "疏散通道、安全出口畅通", "serious"),
    ("fire", "灭火器、消火栓完好并在有效期内", "general"),
    ("fire", "消防控制室24小时有人值守", "major"),
    ("power", "配电箱上锁，无私拉乱接电线", "serious"),
    ("building", "教学楼墙体、栏杆无开裂松动", "major"),
    ("building", "门窗、吊顶、外墙饰面无脱落", "serious"),
    ("canteen", "食堂操作间生熟分开，留样完整", "general"),
    ("canteen", "从业人员健康证在有效期内", "general"),
    ("surroundings", "校门口护栏、减速带完好", "general"),
    ("traffic", "校车证照齐全，驾驶人资质合规", "serious"),
    ("drowning", "防溺水警示教育开展到位", "general"),
    ("lab", "危化品双人双锁、台账清楚", "serious"),
    ("events", "大型活动有安全预案和疏导人员", "general"),
    ("other", "监控系统正常运行", "general"),
    ("other", "应急演练按计划开展", "general"),
)
# Risk waters: (district code, centre lat, lng) of the rural districts.
RURAL = {"360124": (28.38, 116.24), "360121": (28.55, 115.95), "360123": (28.84, 115.55)}
WATER_KINDS = ("pond", "river", "ditch", "reservoir", "pit")


def _months(today: dt.date):
    """(year, month) from October of the previous year to today's month."""
    y, m = today.year - 1, 10
    while (y, m) <= (today.year, today.month):
        yield y, m
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)


def load_demo() -> str:
    if ChecklistItem.objects.exists():
        return "safety: already loaded"
    rng = random.Random(SEED)
    today = clock.today()
    now = clock.now()
    city = Unit.objects.get(kind=UnitKind.CITY)
    admin = User.objects.get(username="city_admin")
    accounts = {u.unit_id: u for u in User.objects.filter(is_active=True).order_by("pk")}
    with transaction.atomic():
        items = ChecklistItem.objects.bulk_create(
            [
                ChecklistItem(
                    unit=city,
                    checklist="AQ",
                    version=1,
                    title="学校安全综合检查表",
                    topic=topic,
                    code=f"AQ-{i + 1:02d}",
                    text=text,
                    level=level,
                    position=i,
                )
                for i, (topic, text, level) in enumerate(ITEMS)
            ]
        )
        InspectionPlan.objects.create(unit=city, title="学校每月安全自查", checklist="AQ")
        donghu = Unit.objects.get(code="360102")
        InspectionPlan.objects.create(
            unit=donghu, title="东湖区每月安全抽查", kind="spot", checklist="AQ", spot_target=10
        )
        schools = list(Unit.objects.filter(kind=UnitKind.SCHOOL, is_active=True).order_by("pk"))
        rows, failed = [], []
        for s in schools:
            recorder = accounts.get(s.pk, admin)
            for y, m in _months(today):
                last = today.day - 1 if (y, m) == (today.year, today.month) else 25
                if last < 2 or ((y, m) == (today.year, today.month) and rng.random() < 0.6):
                    continue  # this month's check not yet done
                day = dt.date(y, m, rng.randint(1, last))
                rows.append(
                    (uuid.uuid4().hex, s.pk, "self", "AQ", 1, day, "", len(ITEMS), 0, recorder.pk)
                )
        bulk_insert(
            Inspection,
            [
                "key",
                "school",
                "kind",
                "checklist",
                "version",
                "date",
                "note",
                "items",
                "failed",
                "inspected_by",
            ],
            rows,
        )
        inspections = list(
            Inspection.objects.values_list("pk", "school_id", "date", "inspected_by_id")
        )
        results = []
        for pk, school, day, who in inspections:
            for item in items:
                ok = rng.random() >= FAIL_RATE
                results.append((pk, item.pk, ok, "" if ok else "现场检查发现问题"))
                if not ok:
                    failed.append((pk, item, school, day, who))
        bulk_insert(InspectionResult, ["inspection", "item", "passed", "note"], results)
        n_hazards = _hazards(rng, failed, schools, accounts, admin, now)
        _ledgers(rng, today, schools, admin)
        audit_record(
            "safety.demo_load",
            object_type="safety.inspection",
            changes={
                "inspections": len(inspections),
                "results": len(results),
                "hazards": n_hazards,
            },
        )
    return (
        f"safety: {len(inspections):,} inspections, {len(results):,} results, "
        f"{n_hazards:,} hazards on casework"
    )


def _hazards(rng, failed, schools, accounts, admin, now) -> int:
    units = {s.pk: s for s in schools}
    result_ids = {
        (i, it): pk
        for pk, i, it in InspectionResult.objects.filter(passed=False).values_list(
            "pk", "inspection_id", "item_id"
        )
    }
    districts: dict[int, Unit | None] = {}
    hazards, past = [], []
    for pk, item, school_id, day, who in failed:
        school = units[school_id]
        if school.parent_id not in districts:
            districts[school.parent_id] = supervising_unit_for(school)
        district = districts[school.parent_id]
        if district is None:
            continue
        level = "major" if item.level == "major" and rng.random() < 0.5 else item.level
        opened = dt.datetime.combine(day, dt.time(10, 0), TZ)
        age = (now - opened).days
        fixer = accounts.get(school_id, admin)
        checker = accounts.get(district.pk, admin)
        moves = []
        if age > 30 or (age > 12 and rng.random() < 0.6):
            taken = dt.timedelta(days=rng.choice([2, 4, 6, 9, 13, 20, 30]))
            at = min(opened + taken, now - dt.timedelta(days=2))
            moves.append(PastMove("report", at, fixer, {"outcome": "已整改到位"}))
            if age > 20 or rng.random() < 0.5:
                moves.append(PastMove("recheck", at + dt.timedelta(days=1), checker))
                if age > 40 or rng.random() < 0.5:
                    moves.append(PastMove("strike_off", at + dt.timedelta(days=2), checker))
        hazards.append(
            Hazard(
                school=school,
                level=level,
                topic=item.topic,
                description=f"{item.text}：现场检查发现问题",
                found_on=day,
                found_by_id=who,
                inspection_id=pk,
                result_id=result_ids[(pk, item.pk)],
            )
        )
        past.append(
            PastCase(
                title=f"{school.name}：{item.text}",
                unit=school,
                opened_at=opened,
                opened_by=accounts.get(school_id, admin),
                moves=moves,
                school=school,
                lead_unit=school,
                supervising_unit=district,
                subject_label=f"{day} {school.name} {item.code}",
                attrs={"level": level, "topic": item.topic, "item": f"AQ/{item.code}"},
            )
        )
    # The cases first, then the hazards pointing at them, then each case's subject in
    # one UPDATE: no per-row update statements (under load they took half a minute).
    cases = cases_bulk_load(user=admin, case_type=CODE, cases=past)
    for case, hazard in zip(cases, hazards, strict=True):
        hazard.case = case
    Hazard.objects.bulk_create(hazards, batch_size=2000)
    Case.objects.filter(case_type=CODE, subject_id__isnull=True).update(
        subject_type=ContentType.objects.get_for_model(Hazard),
        subject_id=Subquery(Hazard.objects.filter(case_id=OuterRef("pk")).values("pk")[:1]),
    )
    per_inspection = (
        Hazard.objects.filter(inspection_id=OuterRef("pk"))
        .order_by()
        .values("inspection_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    Inspection.objects.filter(pk__in=Hazard.objects.values("inspection_id")).update(
        failed=Subquery(per_inspection)
    )
    return len(hazards)


def _ledgers(rng, today, schools, admin) -> None:
    districts = {u.code: u for u in Unit.objects.filter(kind=UnitKind.DISTRICT)}
    waters = []
    for code, (lat, lng) in RURAL.items():
        d = districts.get(code)
        if d is None:
            continue
        for i in range(8):
            waters.append(
                RiskWater(
                    unit=d,
                    name=f"{d.name}{'东南西北'[i % 4]}{i + 1}号水域",
                    kind=WATER_KINDS[i % len(WATER_KINDS)],
                    latitude=Decimal(str(round(lat + rng.uniform(-0.12, 0.12), 6))),
                    longitude=Decimal(str(round(lng + rng.uniform(-0.12, 0.12), 6))),
                    town=f"{d.name[:2]}{'一二三四'[i % 4]}镇",
                    village=f"第{i + 1}村",
                    warning_signs=rng.randint(0, 6),
                    rescue_equipment="救生圈、救生杆、警示牌" if i % 3 else "",
                )
            )
    RiskWater.objects.bulk_create(waters)
    fed = [s for s in schools if s.institution_type != "kindergarten"]
    Canteen.objects.bulk_create(
        [
            Canteen(
                school=s,
                name="学生食堂",
                licence_no=f"JY3{s.code[-8:]}",
                # One licence runs out within the warning window of the demo's today.
                licence_expiry=today + dt.timedelta(days=12 if i == 0 else 200 + i % 500),
                bright_kitchen=rng.random() < 0.85,
                contracted=rng.random() < 0.2,
                officer="食品安全员",
            )
            for i, s in enumerate(fed)
        ]
    )
    suppliers = []
    for i, d in enumerate(sorted(districts.values(), key=lambda u: u.code)):
        for j, goods in enumerate(("米面油", "肉禽蛋", "蔬菜")):
            suppliers.append(
                Supplier(
                    unit=d,
                    name=f"{d.name}{goods}配送中心",
                    goods=goods,
                    licence_no=f"SP36{i:02d}{j}",
                    licence_expiry=today + dt.timedelta(days=20 if (i, j) == (0, 0) else 400),
                )
            )
    Supplier.objects.bulk_create(suppliers)
    donghu = (
        [s for s in fed if s.parent_id == districts["360102"].pk] if "360102" in districts else []
    )
    UniformProcurement.objects.bulk_create(
        [
            UniformProcurement(
                school=s,
                year=today.year,
                committee_took_part=True,
                decision_record=f"{today.year}年家委会会议纪要",
                supplier="南昌市某服饰有限公司",
                price=Decimal("168.00"),
                students=s.enrolment,
                bought=int(s.enrolment * rng.uniform(0.6, 0.95)),
                quality_report=f"ZJ{today.year}{s.code[-4:]}",
            )
            for s in donghu
        ]
    )
    InsurancePolicy.objects.bulk_create(
        [
            InsurancePolicy(
                school=s,
                year=today.year,
                insurer="中国人民财产保险",
                policy_no=f"PICC{today.year}{s.code[-6:]}",
                enrolled=s.enrolment,
                insured=s.enrolment - (rng.randint(1, 20) if rng.random() < 0.15 else 0),
                premium=Decimal(s.enrolment * 5),
            )
            for s in donghu
        ]
    )
    MealRecord.objects.bulk_create(
        [
            MealRecord(
                school=s,
                date=today - dt.timedelta(days=d),
                meal="lunch",
                leader="校长" if d % 2 else "分管副校长",
                dishes="米饭、红烧肉、青菜、紫菜汤",
                problems="" if rng.random() < 0.9 else "青菜偏咸，已反馈食堂",
            )
            for s in donghu
            for d in (1, 2, 5)
        ]
    )
    ParentLetter.objects.bulk_create(
        [
            ParentLetter(
                school=s,
                year=today.year,
                class_name=f"{g}年级{c}班",
                students=45,
                acknowledged=45 - (rng.randint(1, 4) if rng.random() < 0.2 else 0),
            )
            for s in donghu
            if s.institution_type in ("primary", "junior", "nine_year")
            for g in (3, 4, 5)
            for c in (1, 2)
        ]
    )
    _logistics(rng, today, donghu, waters)


def _logistics(rng, today, donghu, waters) -> None:
    """东湖区's canteens' last week of deliveries from the district's suppliers and their
    留样 checks (a few short), claims on some policies; a July patrol of each water."""
    canteens = list(Canteen.objects.filter(school__in=donghu).select_related("school"))
    # Each district's suppliers by goods: its schools buy from them (统一配送).
    suppliers: dict[int, dict[str, Supplier]] = {}
    for s in Supplier.objects.filter(unit__in={c.school.parent_id for c in canteens}):
        suppliers.setdefault(s.unit_id, {})[s.goods] = s
    week = [today - dt.timedelta(days=d) for d in (1, 2, 3)]
    FoodPurchase.objects.bulk_create(
        [
            FoodPurchase(
                school=c.school,
                canteen=c,
                date=day,
                supplier=supplier,
                goods={"米面油": "大米", "肉禽蛋": "猪肉", "蔬菜": "青菜"}[goods],
                quantity=Decimal(rng.randint(50, 300)),
                amount=Decimal(rng.randint(300, 3000)),
                certificates_checked=rng.random() < 0.95,
                accepted_by="食堂验收员",
            )
            for c in canteens
            for day in week
            for goods, supplier in suppliers.get(c.school.parent_id, {}).items()
            if supplier.licence_expiry >= day
        ]
    )
    SampleCheck.objects.bulk_create(
        [
            SampleCheck(
                school=c.school,
                canteen=c,
                date=day,
                meal="lunch",
                dishes=5,
                sampled=5 if rng.random() < 0.93 else 4,
                weight_ok=True,
                hours_ok=rng.random() < 0.97,
                fridge_ok=True,
                checked_by="食品安全员",
            )
            for c in canteens
            for day in week
        ]
    )
    policies = InsurancePolicy.objects.filter(school__in=donghu)
    # Claims of this year's policies, settled by now (none early in the year).
    start = dt.date(today.year, 1, 10)
    span = (today - start).days - 60
    InsuranceClaim.objects.bulk_create(
        [
            InsuranceClaim(
                policy=p,
                claim_no=f"LP{p.year}{p.school.code[-6:]}",
                incident_date=start + dt.timedelta(days=d),
                student_name="",
                injury="课间活动摔伤",
                claimed=Decimal("2800.00"),
                status="paid",
                paid=Decimal("2500.00"),
                settled_on=start + dt.timedelta(days=d + 45),
            )
            for p in policies.select_related("school")
            if span > 0 and rng.random() < 0.1
            for d in (rng.randint(0, span),)
        ]
    )
    for p in policies.filter(claim_rows__isnull=False).distinct():
        p.claims, p.claims_paid = p.claim_rows.count(), Decimal("2500.00") * p.claim_rows.count()
        p.save(update_fields=["claims", "claims_paid"])
    summer = today.year if today >= dt.date(today.year, 8, 1) else today.year - 1
    PatrolRecord.objects.bulk_create(
        [
            PatrolRecord(
                unit=w.unit,
                date=dt.date(summer, 7, 15 + i % 10),
                water=w,
                place=w.name,
                patrollers=rng.randint(2, 5),
                leader="防溺水巡查组长",
                dissuaded=rng.randint(0, 3),
                findings="警示牌缺失，已补设" if w.warning_signs == 0 else "",
            )
            for i, w in enumerate(
                RiskWater.objects.filter(name__in=[w.name for w in waters]).select_related("unit")
            )
        ]
    )
