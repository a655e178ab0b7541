"""The private-school part of ``make demo``: deterministic, idempotent.

About 120 private institutions of the demo registry get a file (every private school
that is not a kindergarten, then private kindergartens up to the number): licence,
founder, a fee filing, the tuition account. Each district's bureau ran the 2022 年检
(decided and published; 基本合格 and 不合格 schools rectified and struck off) and is
running 2023's (most schools have submitted their self-report; a third have a result).
Risk is assessed for both years: most schools 绿 or 黄, a few 橙, and 红 where a hard
trigger fires (three licences expired in June, two schools with wage arrears, one tuition
account not supervised, the 不合格 results), each change to 橙 or 红 opening a disposal
case. One small private primary school closed in July 2023 with every student placed.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import Q

from edugov.accounts.models import User
from edugov.audit.services import audit_record
from edugov.casework.services import case_move, case_open
from edugov.core.context import acting
from edugov.engines.codes import credit_code_check_char, id_check_char
from edugov.org.models import Unit, UnitKind
from edugov.org.services import unit_save

from . import config
from .casetypes import APPROVAL, RECTIFY
from .models import (
    AnnualInspection,
    FeeFiling,
    Founder,
    InspectionItem,
    InspectionRound,
    ItemAnswer,
    Notice,
    Placement,
    PrivateSchool,
    RiskAssessment,
    SchoolStatus,
)
from .models.inspection import InspectionState
from .risk import risk_assess
from .services import inspection_review, notice_send, result_for, round_start

SEED = 2023
TARGET = 120
TZ = dt.timezone(dt.timedelta(hours=8))
# The six areas of 《民办中小学年度检查指标体系（试行）》 (教发厅函〔2021〕40号).
FORM = (
    ("A1", "党的建设", "党组织设置和党的工作全覆盖", 10, False),
    ("B1", "办学条件", "证照齐全、有效、一致", 15, True),
    ("B2", "办学条件", "校舍、场地符合安全和生均面积标准", 15, False),
    ("C1", "依法治校", "章程核准并按章程办学", 10, False),
    ("D1", "财务资产管理", "学费收入全部进入专户并接受监管", 20, True),
    ("E1", "办学行为", "按核定规模和范围招生，无违规收费", 15, False),
    ("F1", "师生权益", "按时足额发放工资、缴纳社保", 15, False),
)
SURNAMES = "王李张刘陈杨黄赵吴周徐孙胡朱高林何郭马罗"
GIVEN = ("建国", "秀英", "志强", "丽华", "国平", "海燕", "德明", "春梅", "立新", "文斌")


def at(y, m, d, h=10):
    return dt.datetime(y, m, d, h, 0, tzinfo=TZ)


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(f"{name}.pdf", b"%PDF-1.4 demo " + name.encode())


def _id_number(rng: random.Random) -> str:
    body = f"3601{rng.randint(2, 30):02d}19{rng.randint(60, 85)}{rng.randint(1, 12):02d}"
    body += f"{rng.randint(1, 28):02d}{rng.randint(100, 999)}"
    return body + id_check_char(body)


def _credit(rng: random.Random) -> str:
    body = f"91360100{rng.randint(0, 10**9 - 1):09d}"
    return body + credit_code_check_char(body)


def _files(rng: random.Random, schools: list[Unit]) -> list[PrivateSchool]:
    files, founders, fees = [], [], []
    for i, s in enumerate(schools):
        kg = s.institution_type == "kindergarten"
        valid_until = dt.date(2023 + rng.randint(1, 4), 8, 31)
        files.append(
            PrivateSchool(
                school=s,
                status=SchoolStatus.LICENSED,
                profit_type="non_profit" if kg or rng.random() < 0.8 else "for_profit",
                licence_number=f"教民{s.code[2:]}{i:03d}号",
                licence_scope="学前教育" if kg else s.get_institution_type_display() + "学历教育",
                licence_valid_from=valid_until.replace(year=valid_until.year - 5),
                licence_valid_until=valid_until,
                registered_on=dt.date(2010 + rng.randint(0, 12), rng.randint(1, 12), 1),
                registration_authority="南昌市民政局"
                if s.credit_code[:2] == "52"
                else "南昌市市场监督管理局",
                approved_capacity=int(s.enrolment * rng.uniform(1.0, 1.3)) + 30,
                account_bank=rng.choice(("江西银行", "南昌农商银行", "中国建设银行南昌分行")),
                account_number=f"62170{rng.randint(0, 10**11 - 1):011d}",
                account_supervised=True,
                charter_approved_on=dt.date(2021, rng.randint(9, 12), 1),
            )
        )
    PrivateSchool.objects.bulk_create(files)
    for f in files:
        person = rng.random() < 0.4
        founders.append(
            Founder(
                file=f,
                name=rng.choice(SURNAMES) + rng.choice(GIVEN)
                if person
                else f"南昌{rng.choice(('博文', '育才', '启航', '明德'))}教育投资有限公司",
                is_organisation=not person,
                id_number=_id_number(rng) if person else _credit(rng),
                phone=f"139{rng.randint(0, 10**8 - 1):08d}" if person else "",
                since=f.registered_on,
            )
        )
        fees.append(
            FeeFiling(
                file=f,
                year=2023,
                item="保育教育费" if f.school.institution_type == "kindergarten" else "学费",
                amount=Decimal(rng.randrange(2400, 16000, 100)),
                filed_on=dt.date(2023, 7, rng.randint(1, 28)),
                filing_number=f"洪发改收费〔2023〕{rng.randint(1, 300)}号",
            )
        )
    Founder.objects.bulk_create(founders)
    FeeFiling.objects.bulk_create(fees)
    return files


def _round(unit: Unit, year: int, user) -> InspectionRound:
    r = InspectionRound.objects.create(
        code=f"NJ{year}-{unit.code}",
        year=year,
        title=f"{unit.name}{year}年度民办学校年检",
        unit=unit,
        self_due=dt.date(year, 4, 15),
    )
    InspectionItem.objects.bulk_create(
        [
            InspectionItem(round=r, code=c, area=a, name=n, max_score=Decimal(m), mandatory=must)
            for c, a, n, m, must in FORM
        ]
    )
    round_start(round=r, user=user)
    return r


def _fill(rng, inspection: AnnualInspection, profile: str, reviewed: bool) -> list[ItemAnswer]:
    """Self scores (mostly full marks) and, when reviewed, the bureau's: a ``good``
    school meets every item, a ``fair`` one loses a little on one or two ordinary items
    (still 合格), a ``weak`` one falls short on a 必达 item (基本合格), a ``bad`` one on
    several (不合格)."""
    rows = list(inspection.answers.select_related("item"))
    ordinary = [a for a in rows if not a.item.mandatory]
    mandatory = [a for a in rows if a.item.mandatory]
    short = {
        "good": [],
        "fair": rng.sample(ordinary, 2),
        "weak": [rng.choice(mandatory)],
        "bad": mandatory + rng.sample(ordinary, 3),
    }[profile]
    for a in rows:
        full = a.item.max_score
        a.self_score = (
            full if rng.random() < 0.95 else (full * Decimal("0.8")).quantize(Decimal("1"))
        )
        a.self_note = "已自查，材料齐全"
        if reviewed:
            cut = Decimal("0.6") if profile in ("fair", "weak") else Decimal("0.2")
            a.review_score = (full * cut).quantize(Decimal("1")) if a in short else full
            a.review_note = "材料与实际不符，扣分" if a in short else ""
    return rows


def _profile(rng) -> str:
    return rng.choices(("good", "fair", "weak", "bad"), (80, 12, 6, 2))[0]


@transaction.atomic
def load_demo() -> str:
    if PrivateSchool.objects.exists():
        return "private: already loaded"
    city_admin = User.objects.filter(username="city_admin").first()
    if city_admin is None:
        return "private: no city_admin account; skipped"
    rng = random.Random(SEED)
    private = Unit.objects.filter(kind=UnitKind.SCHOOL, ownership="private", is_active=True)
    schools = list(
        private.exclude(institution_type="kindergarten").exclude(credit_code="").order_by("code")
    )
    schools += list(
        private.filter(institution_type="kindergarten")
        .exclude(credit_code="")
        .order_by("code")[: max(0, TARGET - len(schools))]
    )
    with acting(city_admin):
        files = _files(rng, schools)
        by_file = {f.school_id: f for f in files}
        # Three licences ran out in June 2023; one account escaped supervision.
        for f in files[5:8]:
            f.licence_valid_until = dt.date(2023, 6, 30)
            f.save(update_fields=["licence_valid_until"])
        files[9].account_supervised = False
        files[9].save(update_fields=["account_supervised"])
        districts = Unit.objects.filter(
            Q(kind__in=[UnitKind.DISTRICT, UnitKind.ZONE]) | Q(kind=UnitKind.CITY)
        ).order_by("path")
        ids = {f.school_id for f in files}
        # The districts first, the city (its 局属 schools) last: see ``round_start``.
        organisers = sorted(
            (d for d in districts if Unit.objects.filter(pk__in=ids, parent=d).exists()),
            key=lambda d: d.kind == UnitKind.CITY,
        )
        n_rectified = 0
        # 2022: decided, rectified, published.
        for d in organisers:
            r = _round(d, 2022, city_admin)
            for i in r.inspections.select_related("school"):
                rows = _fill(rng, i, _profile(rng), reviewed=True)
                ItemAnswer.objects.bulk_update(
                    rows, ["self_score", "self_note", "review_score", "review_note"]
                )
                total, full, result = result_for(rows)
                i.self_total = sum((a.self_score for a in rows), Decimal(0))
                i.review_total, i.max_total, i.result = total, full, result
                i.state, i.conclusion = InspectionState.DECIDED, "按年检指标体系复核。"
                i.submitted_at, i.decided_at = at(2022, 4, 15), at(2022, 11, 30)
                if result != "合格":
                    case = case_open(
                        user=city_admin,
                        case_type=RECTIFY,
                        title=f"{i.school.name} 2022年度年检{result}，限期整改",
                        lead_unit=i.school,
                        school=i.school,
                        subject=i,
                        subject_label=str(i),
                        attrs={"result": result, "round": r.code},
                        now=at(2022, 12, 1),
                    )
                    case = case_move(
                        user=city_admin, case=case, transition="sign", now=at(2022, 12, 2)
                    )
                    case = case_move(
                        user=city_admin,
                        case=case,
                        transition="report",
                        outcome="已完成整改",
                        files=[_pdf("整改报告")],
                        now=at(2023, 2, 20),
                    )
                    case_move(
                        user=city_admin, case=case, transition="strike_off", now=at(2023, 3, 1)
                    )
                    i.case = case
                    n_rectified += 1
                i.save()
            r.published_at = at(2022, 12, 20)
            r.save(update_fields=["published_at"])
        for f in files:
            RiskAssessment.objects.create(
                file=f,
                year=2022,
                debt_ratio=Decimal(rng.randint(15, 70)),
                cash_months=Decimal(rng.randint(3, 14)),
                audit_opinion="标准无保留",
            )
            risk_assess(file=f, user=city_admin, year=2022, now=at(2022, 12, 25))
        # 2023: self-reports in, a third reviewed (through the service: cases, tiers).
        decided = 0
        for d in organisers:
            r = _round(d, 2023, city_admin)
            for i in r.inspections.select_related("school"):
                roll = rng.random()
                if roll < 0.15:
                    continue  # still writing its self-report
                rows = _fill(rng, i, _profile(rng), reviewed=roll > 0.65)
                ItemAnswer.objects.bulk_update(rows, ["self_score", "self_note"])
                i.self_total = sum((a.self_score for a in rows), Decimal(0))
                i.state, i.submitted_at = InspectionState.SUBMITTED, at(2023, 4, 14)
                i.save(update_fields=["self_total", "state", "submitted_at"])
                if roll > 0.65:
                    inspection_review(
                        inspection=i,
                        user=city_admin,
                        answers={
                            a.pk: {"score": a.review_score, "note": a.review_note} for a in rows
                        },
                        conclusion="按年检指标体系复核。",
                        now=at(2023, 8, 25),
                    )
                    decided += 1
        for n, f in enumerate(files):
            ra, _ = RiskAssessment.objects.get_or_create(file=f, year=2023)
            ra.debt_ratio = Decimal(rng.randint(15, 75) + (30 if n % 17 == 3 else 0))
            ra.cash_months = Decimal(rng.randint(1, 12) if n % 13 == 4 else rng.randint(4, 14))
            ra.audit_opinion = "保留" if n % 19 == 7 else "标准无保留"
            if n in (14, 15):  # two schools in financial trouble: 橙 by the score alone
                ra.debt_ratio, ra.cash_months, ra.audit_opinion = Decimal(110), Decimal(0), "否定"
            ra.wage_arrears = n in (11, 12)
            ra.save()
            risk_assess(file=f, user=city_admin, year=2023, now=at(2023, 9, 1))
        for title, body, day in (
            (
                "关于开展2023年度民办学校年检工作的通知",
                "请各民办学校于4月15日前完成自查并报送材料。",
                3,
            ),
            (
                "关于进一步加强民办学校学费专户监管的通知",
                "学费收入须全部进入专户，接受监管银行监督。",
                6,
            ),
        ):
            notice_send(
                notice=Notice(
                    unit=city_admin.unit, title=title, body=body, issued_on=dt.date(2023, day, 1)
                ),
                user=city_admin,
            )
        closed = _closure(rng, files, by_file, city_admin)
        audit_record(
            "private.demo_load", changes={"files": len(files), "rectified_2022": n_rectified}
        )
    tiers = {
        t: RiskAssessment.objects.filter(year=2023, tier=t).count()
        for t in ("红", "橙", "黄", "绿")
    }
    return (
        f"private: {len(files)} private school files, 2 years of 年检 ({decided} results in 2023, "
        f"{n_rectified} rectified in 2022), 2023 tiers {tiers}, closure {closed}"
    )


def _closure(rng, files, by_file, user) -> str:
    """The smallest private primary school closes in July 2023, every student placed."""
    small = min(
        (f for f in files if f.school.institution_type == "primary"),
        key=lambda f: f.school.enrolment,
        default=None,
    )
    if small is None:
        return "none"
    school = small.school
    receivers = list(
        Unit.objects.filter(
            parent=school.parent,
            kind=UnitKind.SCHOOL,
            ownership="public",
            institution_type="primary",
            is_active=True,
        ).order_by("code")[:3]
    )
    left, placements = school.enrolment, []
    for n, grade in enumerate(("一至二年级", "三至四年级", "五至六年级")):
        count = left if n == 2 else left // 3
        left -= count
        placements.append(
            Placement(
                file=small,
                grade=grade,
                students=count,
                receiving_school=receivers[n % len(receivers)] if receivers else None,
                receiving_name="" if receivers else "新建区某小学",
                placed_on=dt.date(2023, 7, 10),
            )
        )
    docs = [_pdf(name) for name in config.approval_kinds()["closure"]["documents"]]
    case = case_open(
        user=user,
        case_type=APPROVAL,
        title=f"{school.name} 终止办学",
        lead_unit=user.unit,
        co_units=[school],
        school=school,
        subject=small,
        subject_label=school.name,
        attrs={
            "kind": "closure",
            "documents": list(config.approval_kinds()["closure"]["documents"]),
        },
        files=docs,
        now=at(2023, 6, 1),
    )
    case = case_move(user=user, case=case, transition="review", now=at(2023, 6, 5))
    Placement.objects.bulk_create(placements)
    case_move(
        user=user,
        case=case,
        transition="approve",
        outcome="同意终止办学，学生已全部安置",
        now=at(2023, 7, 15),
    )
    small.status = SchoolStatus.CLOSED
    small.save(update_fields=["status"])
    school.closed_on, school.is_active = dt.date(2023, 7, 31), False
    unit_save(unit=school)
    return f"{school.name} ({school.enrolment} students placed)"
