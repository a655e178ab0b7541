"""The 双减 part of ``make demo``: deterministic, idempotent, lean.

- about 900 institutions spread over the districts, most 非学科类, some 学科类; about 6 %
  in 整改, 3 % 停业, 2 % 注销; a course each, dated lessons for 100 of them (a few 学科类
  lessons on a weekend or a holiday, for the rule check to find), two staff each for 300;
- a year of bank statements for 50 of them (weekly charges and releases, refunds, month-end
  balances), a fifth of them short of their reserve at the end, some refunds unpaid;
- a plan per district, about 400 inspection records, 60 隐形变异 findings and 8 unlicensed
  operators, each a ``training_case`` at some stage of its loop (loaded in bulk through
  ``casework.cases_bulk_load``), the rectifying ones' institutions in 整改;
- 20 public complaints in the districts' inboxes;
- an after-school programme for every school, with participation between 70 % and 99 %.

Rows are written in bulk with one audit event for the lot (like an import).
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction

from edugov.accounts.models import User
from edugov.audit.services import audit_record
from edugov.casework.services import PastCase, PastMove, cases_bulk_load
from edugov.core import clock
from edugov.core.context import acting
from edugov.org.models import Unit, UnitKind

from .casetypes import CASE
from .models import (
    DISGUISED,
    Course,
    FieldRecord,
    Finding,
    FindingKind,
    InspectionPlan,
    Institution,
    Programme,
    Session,
    Staff,
    StatementLine,
    Status,
)
from .services import complaint_submit

SEED = 2021  # the year of 双减
TZ = dt.timezone(dt.timedelta(hours=8))
N_INSTITUTIONS = 900
PREFIX = (
    "启航",
    "博学",
    "新星",
    "明德",
    "智慧",
    "阳光",
    "未来",
    "睿思",
    "小树",
    "彩虹",
    "思源",
    "英才",
)
KINDS = (
    ("nonsubject", "arts", ("美术", "书法", "舞蹈", "钢琴", "声乐")),
    ("nonsubject", "sports", ("篮球", "游泳", "跆拳道", "足球", "围棋")),
    ("nonsubject", "tech", ("编程", "机器人", "科学实验")),
    ("subject", "subject", ("数学", "英语", "语文")),
)
SURNAMES = "王李张刘陈杨黄赵吴周徐孙胡朱高林何郭马罗"
DISGUISED_TEXT = {
    FindingKind.FRONT: "以家政服务名义上门开展学科辅导",
    FindingKind.TEACHERS: "聘用在职中小学教师周末授课",
    FindingKind.TIMES: "学科类课程安排在周六上午",
    FindingKind.PLACES: "在住宅小区内开设“一对一”学科培训",
    FindingKind.LABELLED: "以研学营名义开展数学集训",
    FindingKind.ONLINE: "线下机构通过直播平台开展英语学科培训",
    FindingKind.OTHER_DISGUISED: "以托管名义开展作业辅导和学科讲授",
}


def load_demo() -> str:
    if Institution.objects.exists():
        return "training: already loaded"
    users = {u.username: u for u in User.objects.filter(is_active=True).select_related("unit")}
    city_admin = users.get("city_admin")
    if city_admin is None:
        return "training: no city_admin account; skipped"
    rng = random.Random(SEED)
    today = clock.today()
    districts = list(
        Unit.objects.filter(kind__in=[UnitKind.DISTRICT, UnitKind.ZONE]).order_by("path")
    )
    schools = list(Unit.objects.filter(kind=UnitKind.SCHOOL, is_active=True).order_by("path"))
    with transaction.atomic(), acting(city_admin):
        insts = _institutions(rng, districts)
        sessions, staff = _courses_and_staff(rng, insts, today)
        lines = _statements(rng, insts, today)
        programmes = _programmes(rng, schools, districts, today, insts)
        records, cases = _inspections(rng, districts, insts, city_admin, today)
        audit_record(
            "training.demo_load",
            object_type="training.institution",
            changes={
                "institutions": len(insts),
                "lessons": sessions,
                "staff": staff,
                "statement_lines": lines,
                "records": records,
                "cases": cases,
                "programmes": programmes,
            },
        )
    complaints = _complaints(rng, insts, today)
    return (
        f"training: {len(insts)} institutions, {lines} statement lines, {records} inspections, "
        f"{cases} cases, {complaints} complaints, {programmes} after-school programmes"
    )


def _institutions(rng, districts) -> list[Institution]:
    insts = []
    for i in range(N_INSTITUTIONS):
        district = districts[i % len(districts)]
        category, field, subjects = rng.choices(KINDS, weights=[30, 25, 25, 20])[0]
        status = rng.choices(Status.values, weights=[89, 6, 3, 2])[0]
        name = f"{district.name}{rng.choice(PREFIX)}{rng.choice(subjects)}培训{i:03d}"
        insts.append(
            Institution(
                code=f"JG{district.code}{i:05d}",
                name=name,
                licence_no=f"教民{district.code}7{i:07d}号",
                category=category,
                field=field,
                online=rng.random() < 0.1,
                address=f"{district.name}{rng.choice(('八一大道', '红谷中大道', '北京东路', '站前路'))}{rng.randint(1, 999)}号",
                district=district,
                status=status,
                custody="guarantee" if rng.random() < 0.2 else "bank",
                penalty="2023 年责令停止招收学员" if status == Status.SUSPENDED else "",
            )
        )
    Institution.objects.bulk_create(insts, batch_size=1000)
    return insts


def _courses_and_staff(rng, insts, today) -> tuple[int, int]:
    courses = [
        Course(
            institution=inst,
            code="C01",
            name=f"{inst.name[-8:-3]}课程",
            online=inst.online,
            price=Decimal(rng.choice((80, 100, 120, 150, 200))),
        )
        for inst in insts
    ]
    Course.objects.bulk_create(courses, batch_size=1000)
    sessions = []
    for course in courses[:100]:
        subject = course.institution.category == "subject"
        for w in range(8):
            day = today - dt.timedelta(days=7 * w + rng.randint(0, 6))
            # A few 学科类 lessons slip onto a weekend: the rule check finds them.
            if subject and day.weekday() >= 5 and rng.random() < 0.7:
                day -= dt.timedelta(days=2)
            start = dt.time(rng.choice((9, 14, 16, 18, 19)), 0)
            end = dt.time(start.hour + 1, rng.choice((0, 30)))
            sessions.append(Session(course=course, date=day, start=start, end=end))
    Session.objects.bulk_create(sessions, batch_size=2000)
    staff = []
    for inst in insts[:300]:
        for _ in range(2):
            staff.append(
                Staff(
                    institution=inst,
                    name=rng.choice(SURNAMES) + rng.choice(("老师", "教练")),
                    phone=f"139{rng.randint(0, 99999999):08d}",
                    qualification=rng.choices(("teacher", "skill", "none"), weights=[6, 3, 1])[0],
                    certificate_no=f"2023{rng.randint(0, 10**10):010d}",
                    teaches_subjects=inst.category == "subject",
                    in_service=rng.random() < 0.02,
                )
            )
    Staff.objects.bulk_create(staff, batch_size=1000)
    return len(sessions), len(staff)


def _statements(rng, insts, today) -> int:
    """A year of weekly lines for 50 operating institutions with bank custody or a
    guarantee; a fifth end the year short of their reserve."""
    chosen = [i for i in insts if i.status == Status.NORMAL][:50]
    lines = []
    start = today - dt.timedelta(days=364)
    for n, inst in enumerate(chosen):
        short = n % 5 == 0
        price = Decimal(rng.choice((80, 100, 120)))
        held = Decimal("0.00")
        day = start
        week = 0
        while day <= today:
            lessons = rng.randint(10, 40)
            charge = price * lessons
            lines.append(
                StatementLine(
                    institution=inst,
                    serial=f"BK{inst.code}{week:03d}C",
                    booked_on=day,
                    kind="charge",
                    amount=charge,
                    lessons=lessons,
                    covers_from=day,
                    covers_to=day + dt.timedelta(days=rng.choice((30, 60, 85))),
                )
            )
            taught = rng.randint(lessons // 2, lessons)
            lines.append(
                StatementLine(
                    institution=inst,
                    serial=f"BK{inst.code}{week:03d}R",
                    booked_on=day + dt.timedelta(days=3),
                    kind="release",
                    amount=price * taught,
                    lessons=taught,
                )
            )
            held += charge - price * taught
            if rng.random() < 0.05:
                ref = f"TF{inst.code}{week:03d}"
                refund = price * rng.randint(1, 5)
                lines.append(
                    StatementLine(
                        institution=inst,
                        serial=f"BK{inst.code}{week:03d}Q",
                        booked_on=day,
                        kind="refund_request",
                        amount=refund,
                        ref=ref,
                    )
                )
                if rng.random() < 0.7:
                    lines.append(
                        StatementLine(
                            institution=inst,
                            serial=f"BK{inst.code}{week:03d}P",
                            booked_on=day + dt.timedelta(days=5),
                            kind="refund",
                            amount=refund,
                            lessons=1,
                            ref=ref,
                        )
                    )
                    held -= refund
            if week % 4 == 3:
                balance = held * (
                    Decimal("0.7") if short and day > today - dt.timedelta(days=60) else 1
                )
                lines.append(
                    StatementLine(
                        institution=inst,
                        serial=f"BK{inst.code}{week:03d}B",
                        booked_on=day + dt.timedelta(days=4),
                        kind="balance",
                        amount=balance.quantize(Decimal("0.01")),
                    )
                )
            day += dt.timedelta(days=7)
            week += 1
    StatementLine.objects.bulk_create(
        [ln for ln in lines if ln.booked_on <= today], batch_size=2000
    )
    return sum(1 for ln in lines if ln.booked_on <= today)


def _programmes(rng, schools, districts, today, insts) -> int:
    year = today.year if today.month >= 9 else today.year - 1
    progs = []
    for s in schools:
        students = s.enrolment or rng.randint(300, 1500)
        progs.append(
            Programme(
                school=s,
                year=year,
                days_per_week=5,
                minutes_per_day=rng.choice((120, 120, 135, 150)),
                ends_at=dt.time(17, rng.choice((30, 30, 45))),
                courses="作业辅导\n体育活动\n兴趣社团",
                teachers=max(5, students // 40),
                students=students,
                participants=int(students * rng.uniform(0.70, 0.99)),
                fee=Decimal(rng.choice((0, 300, 400))),
                subsidy=Decimal(rng.choice((100, 150, 200))),
            )
        )
    Programme.objects.bulk_create(progs, batch_size=1000)
    providers = [i for i in insts if i.status == Status.NORMAL and i.category == "nonsubject"]
    through = Programme.providers.through
    links = [
        through(programme_id=p.pk, institution_id=rng.choice(providers).pk)
        for p in progs
        if rng.random() < 0.3
    ]
    through.objects.bulk_create(links, batch_size=2000)
    return len(progs)


def _inspections(rng, districts, insts, city_admin, today) -> tuple[int, int]:
    plans = [
        InspectionPlan(
            unit=d,
            title=f"{d.name}{today.year}年校外培训季度巡检",
            starts=dt.date(today.year, 1, 1),
            ends=dt.date(today.year, 12, 31),
            checklist="办学许可证\n收费公示与预收费监管\n从业人员资质\n培训时间\n消防安全",
        )
        for d in districts
    ]
    InspectionPlan.objects.bulk_create(plans)
    plan_of = {p.unit_id: p for p in plans}
    by_district: dict[int, list[Institution]] = {}
    for inst in insts:
        if inst.status != Status.CANCELLED:
            by_district.setdefault(inst.district_id, []).append(inst)
    records = []
    for n in range(400):
        d = districts[n % len(districts)]
        pool = by_district.get(d.pk) or insts
        records.append(
            FieldRecord(
                district=d,
                plan=plan_of[d.pk],
                institution=rng.choice(pool),
                visited_on=today - dt.timedelta(days=rng.randint(1, 240)),
                inspectors=f"{rng.choice(SURNAMES)}某、{rng.choice(SURNAMES)}某",
                checked={"办学许可证": "ok", "收费公示与预收费监管": rng.choice(("ok", "problem"))},
            )
        )
    for n in range(8):
        d = districts[n % len(districts)]
        records.append(
            FieldRecord(
                district=d,
                plan=plan_of[d.pk],
                operator=f"无证托管班{n + 1}",
                place=f"{d.name}某小区{rng.randint(1, 30)}栋",
                visited_on=today - dt.timedelta(days=rng.randint(1, 120)),
                inspectors="联合执法组",
            )
        )
    FieldRecord.objects.bulk_create(records, batch_size=1000)
    flagged = rng.sample(records[:400], 60) + records[400:]
    pasts, findings, rectifying = [], [], []
    for rec in flagged:
        kind = rng.choice(DISGUISED) if rec.institution else FindingKind.UNLICENSED
        text = DISGUISED_TEXT.get(kind, "无证开展校外培训")
        at = dt.datetime.combine(rec.visited_on, dt.time(16, 0), TZ)
        moves = [PastMove("assign", at, city_admin, {"lead_unit": rec.district})]
        age = (today - rec.visited_on).days
        if rec.institution is None:
            if age > 20:
                moves.append(
                    PastMove(
                        "penalise",
                        at + dt.timedelta(days=10),
                        city_admin,
                        {"penalty": "取缔，没收违法所得"},
                    )
                )
        else:
            moves.append(PastMove("order_rectify", at + dt.timedelta(days=2), city_admin))
            if age > 60:
                moves.append(
                    PastMove(
                        "report",
                        at + dt.timedelta(days=40),
                        city_admin,
                        {"outcome": "已停止违规培训并整改"},
                    )
                )
                moves.append(
                    PastMove(
                        "strike_off", at + dt.timedelta(days=45), city_admin, {"reason": "复查合格"}
                    )
                )
            else:
                rectifying.append(rec.institution.pk)
        pasts.append(
            PastCase(
                title=f"【{FindingKind(kind).label}】{rec.institution or rec.operator}",
                unit=rec.district,
                opened_at=at,
                opened_by=city_admin,
                moves=moves,
                description=text,
                lead_unit=rec.district,
                subject_label=str(rec.institution or rec.operator),
                attrs={
                    "source": "inspection",
                    "kind": str(kind),
                    "record": rec.pk,
                    "institution": rec.institution.pk if rec.institution else None,
                },
            )
        )
        findings.append(Finding(record=rec, kind=kind, description=text))
    cases = cases_bulk_load(user=city_admin, case_type=CASE, cases=pasts)
    for f, case in zip(findings, cases, strict=True):
        f.case = case
    Finding.objects.bulk_create(findings)
    Institution.objects.filter(pk__in=rectifying).update(status=Status.RECTIFY)
    return len(records), len(cases)


def _complaints(rng, insts, today) -> int:
    now = dt.datetime.combine(today, dt.time(9, 0), TZ)
    texts = (
        "周末上学科类课程",
        "退费迟迟不到账",
        "一次性收取一年学费",
        "在居民楼内上课",
        "老师无资质",
    )
    pool = [i for i in insts if i.status in (Status.NORMAL, Status.RECTIFY)]
    for n, inst in enumerate(rng.sample(pool, 20)):
        complaint_submit(
            institution=inst,
            content=f"{inst.name}{rng.choice(texts)}",
            contact_phone=f"139{rng.randint(0, 99999999):08d}",
            now=now - dt.timedelta(hours=n * 7),
        )
    return 20
