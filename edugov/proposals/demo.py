"""The proposals part of ``make demo``: deterministic, idempotent.

About 300 proposals of 2023 — 人大代表建议 handed over on 2023-03-01 and 政协委员提案 on
2023-03-03, after the city's 两会 — on education topics (学位, 课后服务, 校园安全, 教师
待遇 …), each led by the department whose work it is. By the demo's day (2023-09-06)
they stand in every state: concluded, rated, answered and waiting for the proposer's
rating, consulted but not answered, being handled (some overdue, some extended), sent
back for a second answer after 不满意, and a few late items not yet handed over. Every
step is a real ``case_move`` at a dated moment, so the figures are computed, not written.

Departments without a demo login get a handler account (``proposals_<n>``, no usable
password): the moves need a member of the 主办 unit.
"""

from __future__ import annotations

import datetime as dt
import random
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from edugov.accounts.models import Role, RoleAssignment
from edugov.casework.models import Satisfaction
from edugov.casework.services import case_move
from edugov.core.context import acting
from edugov.org.models import Unit, UnitKind

from .models import Proposal, ProposalKind
from .services import proposal_save

SEED = 20230301
TZ = ZoneInfo("Asia/Shanghai")
TODAY = dt.date(2023, 9, 6)
HANDED = {ProposalKind.NPC: dt.date(2023, 3, 1), ProposalKind.CPPCC: dt.date(2023, 3, 3)}
COUNT = {ProposalKind.NPC: 180, ProposalKind.CPPCC: 120}
AREAS = ["红谷滩区", "东湖区", "西湖区", "青云谱区", "青山湖区", "新建区", "南昌县", "进贤县",
         "安义县", "湾里管理局", "经开区", "高新区", "全市", "城区", "农村地区"]  # fmt: skip
# (主办 department, 协办, category, title patterns)
TOPICS = [
    ("学前教育科", "计划财务科", "学前教育", [
        "关于增加{a}公办幼儿园学位供给的建议", "关于规范{a}普惠性民办幼儿园收费管理的建议",
        "关于提高{a}幼儿园教师待遇的建议", "关于推进{a}托幼一体化服务的建议"]),
    ("基础教育科", "体卫艺科", "义务教育", [
        "关于扩大{a}义务教育优质学位的建议", "关于提升{a}中小学课后服务质量的建议",
        "关于缓解{a}中小学大班额问题的建议", "关于推进{a}集团化办学的建议",
        "关于优化{a}义务教育招生划片的建议", "关于加强{a}随迁子女入学保障的建议"]),
    ("组织人事科", "计划财务科", "教师队伍", [
        "关于落实{a}中小学教师工资待遇的建议", "关于减轻{a}中小学教师非教学负担的建议",
        "关于补充{a}乡村学校紧缺学科教师的建议", "关于完善{a}教师职称评聘的建议"]),
    ("安全稳定科", "基础教育科", "校园安全", [
        "关于加强{a}校园周边交通安全管理的建议", "关于完善{a}校园安保设施配备的建议",
        "关于加强{a}中小学生防溺水教育的建议", "关于强化{a}校车安全管理的建议"]),
    ("体卫艺科", "基础教育科", "体育卫生", [
        "关于保障{a}中小学生每天校园体育活动一小时的建议", "关于加强{a}中小学生近视防控的建议",
        "关于加强{a}中小学生心理健康教育的建议", "关于改善{a}学校食堂管理的建议"]),
    ("职业与成人教育科", "招生考试中心", "职业教育", [
        "关于推进{a}产教融合校企合作的建议", "关于提升{a}中职学校办学条件的建议"]),
    ("民办教育管理科", "校外教育培训监管科", "民办教育", [
        "关于规范{a}民办学校招生行为的建议", "关于支持{a}民办学校教师社保落实的建议"]),
    ("校外教育培训监管科", "安全稳定科", "校外培训", [
        "关于加强{a}校外培训机构监管的建议", "关于治理{a}隐形变异学科类培训的建议"]),
    ("思政科", "体卫艺科", "德育思政", [
        "关于加强{a}中小学劳动教育实践基地建设的建议", "关于推进{a}家校社协同育人的建议"]),
    ("信息中心", "基础教育科", "教育信息化", [
        "关于推进{a}智慧校园建设的建议", "关于加强{a}中小学网络安全教育的建议"]),
    ("计划财务科", "基础教育科", "经费保障", [
        "关于加大{a}农村学校建设投入的建议", "关于规范{a}中小学收费管理的建议"]),
]  # fmt: skip
SURNAMES = "王李张刘陈杨黄赵吴周徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN = ["建华", "红梅", "志强", "秀英", "国庆", "丽华", "文斌", "晓燕", "海涛", "玉兰", "明辉",
         "春花", "卫东", "桂芳", "永刚", "慧敏", "建军", "淑珍", "立新", "雪梅"]  # fmt: skip
REASONS_C = ["用地指标尚未落实，待国土空间规划调整后统筹解决",
             "涉及编制总量调整，需省级部门批准",
             "财政资金有限，已列入“十四五”后期项目库"]  # fmt: skip
WAYS = ["当面", "电话", "座谈", "调研"]


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, 0, tzinfo=TZ)


def _person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def _handlers(departments: dict[str, Unit]) -> dict[int, object]:
    """A member of each 主办 department who may move its cases."""
    User = get_user_model()
    role = Role.objects.get(code="department_staff")
    handlers = {}
    for i, name in enumerate(sorted({t[0] for t in TOPICS} | {t[1] for t in TOPICS})):
        unit = departments[name]
        user = (
            User.objects.filter(unit=unit, is_active=True, roles__code="department_staff")
            .order_by("pk")
            .first()
        )
        if user is None:
            user = User(
                username=f"proposals_{i}",
                display_name=f"{name}经办人",
                unit=unit,
                must_change_password=False,
                password_changed_at=timezone.now(),
            )
            user.set_unusable_password()
            user.save()
            RoleAssignment.objects.create(user=user, role=role)
        handlers[unit.pk] = user
    return handlers


def _fate(rng: random.Random) -> str:
    r = rng.random()
    for fate, share in (
        ("closed", 0.56),
        ("rated", 0.10),
        ("replied", 0.09),
        ("consulted", 0.06),
        ("handling", 0.08),
        ("reopened", 0.04),
        ("received", 0.04),
    ):
        if r < share:
            return fate
        r -= share
    return "late"  # answered after the deadline, concluded


def _walk(p: Proposal, fate: str, rng, owner, handler, co_handler) -> None:
    handed = HANDED[p.kind]

    def step(user, name, day, **data):
        with acting(user):
            case_move(user=user, case=p.case, transition=name, now=_at(day), **data)

    if fate == "received":
        return
    if co_handler is not None and rng.random() < 0.4:
        step(co_handler, "co_opinion", handed + dt.timedelta(days=rng.randint(10, 25)),
             opinion="同意主办单位意见，将配合做好相关工作。")  # fmt: skip
    if fate == "handling":
        if rng.random() < 0.5:  # asked for and got more time
            ask = handed + dt.timedelta(days=rng.randint(70, 85))
            step(
                handler,
                "extend",
                ask,
                until=dt.date(2023, 9, 29),
                reason="涉及多部门协调，需进一步调研。",
            )
            step(owner, "approve_extension", ask + dt.timedelta(days=2))
        return  # the others are overdue (due 2023-06-01)
    consult_day = handed + dt.timedelta(days=rng.randint(18, 50))
    step(handler, "consult", consult_day, consult_date=consult_day.isoformat(),
         consult_way=rng.choice(WAYS), consult_people=f"{p.proposer}、{handler.unit.name}负责同志",
         consult_content=f"就“{p.title[2:-3]}”的办理思路和时间安排交换意见。")  # fmt: skip
    if fate == "consulted":
        return
    late = fate == "late"
    reply_day = (
        dt.date(2023, 6, 1) + dt.timedelta(days=rng.randint(5, 40))
        if late
        else min(consult_day + dt.timedelta(days=rng.randint(10, 35)), dt.date(2023, 5, 31))
    )
    r = rng.random()
    cls = "A" if r < 0.55 else "B" if r < 0.9 else "C"
    data = {
        "outcome": {
            "A": "经研究，您提出的建议已采纳并落实，相关工作已于今年上半年完成。",
            "B": "您提出的建议很有针对性，我局已将相关工作列入下一年度工作计划，正在推进。",
            "C": "您提出的建议我局高度重视，因客观条件限制，目前暂不能解决，我们将持续跟进。",
        }[cls],
        "classification": cls,
        "doc_number": f"洪教{'建' if p.kind == ProposalKind.NPC else '提'}〔2023〕{p.number}号",
        "contact": handler.display_name,
        "phone": f"0791-8398{rng.randint(1000, 9999)}",
    }
    if cls == "C":
        data["limitation"] = rng.choice(REASONS_C)
    step(handler, "reply", reply_day, **data)
    if fate == "replied":
        return
    review_day = reply_day + dt.timedelta(days=rng.randint(7, 20))
    if fate == "reopened":
        review_day = rng.choice([dt.date(2023, 7, 14), dt.date(2023, 8, 21)])
        step(owner, "review", review_day, satisfaction=Satisfaction.DISSATISFIED,
             reason="代表认为答复未解决实际问题，要求重新办理。")  # fmt: skip
        return  # redo due a month later: July's are overdue
    s = rng.random()
    sat = Satisfaction.SATISFIED if s < 0.8 else Satisfaction.BASIC
    step(owner, "review", review_day, satisfaction=sat)
    if fate == "rated":
        return
    step(owner, "finish", min(review_day + dt.timedelta(days=rng.randint(3, 10)), TODAY))


def load_demo() -> str:
    if Proposal.objects.filter(year=2023).exists():
        return "proposals: the 2023 lists are already loaded"
    User = get_user_model()
    owner = User.objects.filter(username="city_admin").first()
    if owner is None:
        return "proposals: no city_admin account; skipped"
    departments = {u.name: u for u in Unit.objects.filter(kind=UnitKind.DEPARTMENT)}
    rng = random.Random(SEED)
    counts: dict[str, int] = {}
    with transaction.atomic():
        handlers = _handlers(departments)
        for kind in (ProposalKind.NPC, ProposalKind.CPPCC):
            for n in range(1, COUNT[kind] + 1):
                lead, co, category, patterns = rng.choice(TOPICS)
                fate = _fate(rng)
                title = rng.choice(patterns).format(a=rng.choice(AREAS))
                handed = HANDED[kind] if fate != "received" else dt.date(2023, 8, 28)
                proposer = _person(rng)
                with acting(owner):
                    p = proposal_save(
                        user=owner,
                        proposal=Proposal(
                            unit=owner.unit,
                            kind=kind,
                            year=2023,
                            number=str(n),
                            title=title,
                            proposer=proposer,
                            co_signers="、".join(_person(rng) for _ in range(rng.randint(0, 4))),
                            category=category,
                            listed_lead=None if fate == "received" else departments[lead],
                            listed_co="" if fate == "received" else co,
                        ),
                        now=_at(handed, 9),
                    )
                _walk(
                    p,
                    fate,
                    rng,
                    owner,
                    handlers[departments[lead].pk],
                    handlers.get(departments[co].pk),
                )
                counts[fate] = counts.get(fate, 0) + 1
    total = sum(counts.values())
    detail = ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
    return f"proposals: {total} proposals of 2023 ({detail})"
