"""The hotline part of ``make demo``: deterministic, idempotent, fast.

About 5,000 12345 orders received by the city bureau's hotline desk from 2023-01-03 to the
demo's today, across every district and many schools, dispatched to the districts and
handled there: most answered and rated 满意, some late, some reopened after 不满意 (二次
办理), some still open and overdue, some repeated calls merged into their main order;
and a few dozen 舆情 items at the three levels. The escalation scan then runs once, so
the overdue ones stand at the ladder's level they would have reached.

Loaded through ``casework.services.cases_bulk_load`` (the moves replayed in memory, a
few statements per thousand cases), not one ``case_move`` per move: 5,000 orders × 5
moves one by one took minutes; the bulk path takes seconds.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from zoneinfo import ZoneInfo

from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import OuterRef, Subquery

from edugov.accounts.models import Role, RoleAssignment, User
from edugov.casework import escalation
from edugov.casework.calendar import current_calendar
from edugov.casework.models import Case
from edugov.casework.services import PastCase, PastMove, case_move, cases_bulk_load
from edugov.core import clock
from edugov.core.context import acting
from edugov.org.models import Unit, UnitKind

from . import config
from .casetypes import ORDER
from .models import Channel, HotlineOrder
from .services import opinion_open, order_title

SEED = 16_4
TZ = ZoneInfo("Asia/Shanghai")
ORDERS = 5000
PREFIX = "NC2023"

TYPES = (("consult", 40), ("complaint", 28), ("help", 12), ("suggestion", 10), ("report", 10))
# Topic → requests as callers put them ({school} is filled in).
REQUESTS = {
    "admission": (
        "咨询{school}今年一年级招生划片范围和报名时间",
        "孩子户籍在学区内但房产证未满一年，{school}不予登记入学",
        "随迁子女积分入学材料要求不清楚，希望{school}说明",
        "反映{school}转学手续办理拖延",
    ),
    "fees": (
        "{school}课后服务收费标准不清，要求公示",
        "反映{school}强制订购教辅资料",
        "{school}校服费用过高，家长意见大",
        "{school}食堂伙食费退费未到账",
    ),
    "tutoring": (
        "举报{school}附近某培训机构违规开展学科类培训",
        "校外培训机构预收费跑路，要求退费",
        "反映有在职教师到培训机构兼职补课",
    ),
    "ethics": (
        "反映{school}某老师体罚学生",
        "举报{school}教师有偿家教",
        "{school}班主任辱骂学生，家长要求处理",
    ),
    "safety": (
        "{school}门口上下学时段交通拥堵存在安全隐患",
        "{school}食堂卫生状况差",
        "反映{school}校车超载",
        "{school}附近水塘无防护设施，担心学生溺水",
    ),
    "other": (
        "建议{school}延长图书馆开放时间",
        "咨询教师资格证认定流程",
        "反映{school}作业量过大，学生睡眠不足",
        "建议增加{school}周边学位供给",
    ),
}
TOPIC_WEIGHTS = (
    ("admission", 24),
    ("fees", 20),
    ("tutoring", 14),
    ("ethics", 8),
    ("safety", 14),
    ("other", 20),
)
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
ANSWERS = (
    "经核实，情况属实，已责令学校整改并向来电人反馈。",
    "经核实，学校做法符合政策规定，已向来电人解释说明。",
    "已转相关部门联合调查处理，处理结果已告知来电人。",
    "已约谈学校负责人，督促落实整改。",
)
OPINIONS = (
    ("网传{school}学生食物中毒", "major"),
    ("短视频平台反映{school}强制补课", "serious"),
    ("微博反映{school}校门口交通拥堵", "general"),
    ("家长群流传{school}招生“内部指标”", "serious"),
    ("论坛帖子反映{school}收费问题", "general"),
)


def _weighted(rng: random.Random, pairs) -> str:
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


def _handlers(districts: list[Unit]) -> dict[int, User]:
    """One hotline handler per district (district staff), for the timeline's actors; the
    demo districts' own administrators where the demo has one."""
    role = Role.objects.get(code="district_staff")
    admins = {
        u.unit_id: u
        for u in User.objects.filter(
            username__in=["donghu_admin", "jinxian_admin", "honggutan_admin"]
        )
    }
    out = {}
    for d in districts:
        if d.pk in admins:
            out[d.pk] = admins[d.pk]
            continue
        user, created = User.objects.get_or_create(
            username=f"hotline_{d.code}",
            defaults={
                "unit": d,
                "display_name": f"{d.name}热线专员",
                "password": make_password(None),
            },
        )
        if created:
            RoleAssignment.objects.create(user=user, role=role)
        out[d.pk] = user
    return out


def _working_moment(rng: random.Random, day: dt.date, cal) -> dt.datetime:
    while not cal.is_workday(day):
        day += dt.timedelta(days=1)
    return dt.datetime(
        day.year, day.month, day.day, rng.randint(8, 17), rng.randint(0, 59), tzinfo=TZ
    )


def _after(moment: dt.datetime, cal, workdays: int, rng: random.Random) -> dt.datetime:
    day = moment.date()
    left = workdays
    while left > 0:
        day += dt.timedelta(days=1)
        if cal.is_workday(day):
            left -= 1
    if workdays == 0:
        return moment + dt.timedelta(minutes=rng.randint(20, 180))
    return dt.datetime(
        day.year, day.month, day.day, rng.randint(8, 17), rng.randint(0, 59), tzinfo=TZ
    )


def load_demo() -> str:
    if HotlineOrder.objects.filter(platform_no__startswith=PREFIX).exists():
        return "hotline: already loaded"
    started = time.monotonic()
    rng = random.Random(SEED)
    cal = current_calendar()
    city = Unit.objects.filter(kind=UnitKind.CITY).order_by("pk").first()
    desk = User.objects.get(username="city_admin")
    districts = list(Unit.objects.filter(kind=UnitKind.DISTRICT).order_by("code"))
    schools: dict[int, list[Unit]] = {}
    for s in Unit.objects.filter(kind=UnitKind.SCHOOL, parent__in=districts).only(
        "pk", "name", "parent_id", "path"
    ):
        schools.setdefault(s.parent_id, []).append(s)
    handlers = _handlers(districts)
    now = dt.datetime.combine(clock.today(), dt.time(9, 0), tzinfo=TZ)
    first = dt.date(2023, 1, 3)
    span = (now.date() - first).days
    weights = [
        3 if d.code in ("360102", "360103", "360104", "360111", "360113") else 1 for d in districts
    ]
    pasts: list[PastCase] = []
    orders: list[HotlineOrder] = []
    merges: list[tuple[int, int]] = []  # (index of the duplicate, index of its main)
    duplicates: set[int] = set()
    for i in range(ORDERS):
        received = _working_moment(rng, first + dt.timedelta(days=rng.randrange(span)), cal)
        if received >= now:
            received = now - dt.timedelta(hours=rng.randint(1, 40))
        district = rng.choices(districts, weights=weights)[0]
        school = (
            rng.choice(schools[district.pk])
            if schools.get(district.pk) and rng.random() < 0.75
            else None
        )
        topic = _weighted(rng, TOPIC_WEIGHTS)
        otype = _weighted(rng, TYPES)
        content = rng.choice(REQUESTS[topic]).format(
            school=school.name if school else district.name + "某校"
        )
        order = HotlineOrder(
            unit=city,
            platform_no=f"{PREFIX}{received:%m%d}{i:05d}",
            received_at=received,
            order_type=otype,
            topic=topic,
            channel=rng.choices(Channel.values, weights=[70, 12, 10, 6, 2])[0],
            content=content,
            area_text=school.name if school else district.name,
            district=district,
            school=school,
            caller_name=rng.choice(SURNAMES) + rng.choice(("先生", "女士")),
            caller_phone=f"1{rng.choice('3589')}{rng.randrange(10**9):09d}",
        )
        handler = handlers[district.pk]
        limit = int(config.get("deadlines")[otype].split()[0])
        moves: list[PastMove] = []
        # A repeated call about the same matter: merged into an earlier order after.
        if orders and rng.random() < 0.02:
            main = rng.randrange(len(orders))
            while main in duplicates:
                main = rng.randrange(len(orders))
            merges.append((i, main))
            duplicates.add(i)
        else:
            t = received + dt.timedelta(minutes=rng.randint(10, 120))
            moves.append(PastMove("dispatch", t, desk, {"lead_unit": district}))
            t = _after(t, cal, rng.choice((0, 0, 1)), rng)
            if t < now:
                moves.append(PastMove("sign", t, handler))
            late = rng.random() < 0.08
            stuck = rng.random() < 0.03  # never answered: overdue now
            days = rng.randint(limit + 1, limit + 6) if late else rng.randint(0, max(limit - 1, 0))
            answered = _after(t, cal, days, rng)
            if len(moves) == 2 and not stuck and answered < now:
                moves.append(
                    PastMove("answer", answered, handler, {"outcome": rng.choice(ANSWERS)})
                )
                review = _after(answered, cal, rng.choice((0, 1, 2)), rng)
                if review < now:
                    sat = rng.choices(("satisfied", "basic", "dissatisfied"), weights=[80, 12, 8])[
                        0
                    ]
                    moves.append(PastMove("review", review, desk, {"satisfaction": sat}))
                    if sat == "dissatisfied":
                        again = _after(review, cal, rng.randint(1, limit), rng)
                        if again < now:
                            moves.append(
                                PastMove(
                                    "answer",
                                    again,
                                    handler,
                                    {"outcome": "二次办理：" + rng.choice(ANSWERS)},
                                )
                            )
                            last = _after(again, cal, 1, rng)
                            if last < now:
                                sat = rng.choices(
                                    ("satisfied", "basic", "dissatisfied"), weights=[60, 25, 15]
                                )[0]
                                moves.append(PastMove("review", last, desk, {"satisfaction": sat}))
        pasts.append(
            PastCase(
                title=order_title(order),
                unit=city,
                opened_at=received,
                opened_by=desk,
                description=content,
                school=school,
                subject_label=order.platform_no,
                attrs={"order_type": otype, "topic": topic},
                moves=moves,
            )
        )
        orders.append(order)
    with acting(desk), transaction.atomic():
        cases = cases_bulk_load(user=desk, case_type=ORDER, cases=pasts)
        for order, case in zip(orders, cases, strict=True):
            order.case = case
        HotlineOrder.objects.bulk_create(orders, batch_size=1000)
        # Each case names its order: one statement, not an UPDATE per case.
        Case.objects.filter(case_type=ORDER, subject_id__isnull=True).update(
            subject_type=ContentType.objects.get_for_model(HotlineOrder),
            subject_id=Subquery(HotlineOrder.objects.filter(case=OuterRef("pk")).values("pk")[:1]),
        )
        for dup, main in merges:
            case_move(
                user=desk,
                case=cases[dup],
                transition="merge",
                main=orders[main].platform_no,
                now=cases[dup].opened_at + dt.timedelta(minutes=30),
            )
        opinions = _opinions(rng, desk, districts, schools, handlers, now, cal)
    result = escalation.scan(now)
    reopened = Case.objects.filter(case_type=ORDER, reopened__gt=0).count()
    overdue = Case.objects.filter(case_type=ORDER, is_open=True, deadline_at__lt=now).count()
    return (
        f"hotline: {len(orders)} 12345 orders ({reopened} reopened, {overdue} overdue, "
        f"{len(merges)} merged), {opinions} 舆情 items, {result.escalated} escalated, "
        f"in {time.monotonic() - started:.1f} s"
    )


def _opinions(rng, desk, districts, schools, handlers, now, cal) -> int:
    count = 0
    for week in range(36):
        if rng.random() < 0.2:
            continue
        district = rng.choice(districts)
        school = rng.choice(schools[district.pk]) if schools.get(district.pk) else None
        title, level = rng.choice(OPINIONS)
        found = _working_moment(rng, dt.date(2023, 1, 2) + dt.timedelta(weeks=week), cal)
        if found >= now:
            break
        case = opinion_open(
            user=desk,
            title=title.format(school=school.name if school else district.name),
            level=level,
            source=rng.choice(("微博", "抖音", "本地论坛", "家长群")),
            school=school,
            now=found,
        )
        count += 1
        assigned = found + dt.timedelta(minutes=rng.randint(10, 40))
        if assigned >= now:
            continue
        case_move(user=desk, case=case, transition="assign", lead_unit=district, now=assigned)
        hours = int(config.get("opinion_levels")[level][1].split()[0])
        responded = assigned + dt.timedelta(
            hours=rng.uniform(0.3, hours * (1.6 if rng.random() < 0.15 else 0.9))
        )
        if responded >= now or rng.random() < 0.05:
            continue
        case_move(
            user=handlers[district.pk],
            case=case,
            transition="respond",
            outcome="已核实情况并发布回应",
            now=responded,
        )
        if responded + dt.timedelta(hours=4) < now:
            case_move(
                user=desk, case=case, transition="verify", now=responded + dt.timedelta(hours=4)
            )
    return count
