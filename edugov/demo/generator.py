"""A deterministic, believable Nanchang: about 1,800 institutions over the 12 district
and zone units, and one demo account for every role in several scopes.

Deterministic (a fixed seed, no clock) so that screenshots, tests and the numbers in
docs stay comparable between machines.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from edugov.accounts.models import Role, RoleAssignment, User
from edugov.audit.services import audit_record
from edugov.engines.codes import credit_code_check_char
from edugov.engines.codes.checksums import CREDIT_ALPHABET
from edugov.org.models import InstitutionType as T
from edugov.org.models import Ownership, Unit, UnitKind, UrbanRural
from edugov.org.seed import seed_city

SEED = 2023
DEMO_PASSWORD = "Edugov#2023demo"

# Share of the city's institutions per district/zone, roughly by population.
DISTRICT_WEIGHTS = {
    "360102": 0.075,
    "360103": 0.08,
    "360104": 0.06,
    "360111": 0.12,
    "360112": 0.115,
    "360113": 0.08,
    "360121": 0.17,
    "360123": 0.05,
    "360124": 0.12,
    "Z360100A": 0.045,
    "Z360100B": 0.045,
    "Z360100C": 0.02,
}
URBAN = {"360102", "360103", "360104", "360111", "360113", "Z360100B"}

# (type, count over the city, code category, enrolment range)
MIX = [
    (T.KINDERGARTEN, 1010, "11", (60, 420)),
    (T.PRIMARY, 455, "21", (180, 3200)),
    (T.TEACHING_POINT, 40, "21", (12, 90)),
    (T.JUNIOR, 105, "31", (300, 2600)),
    (T.NINE_YEAR, 85, "31", (500, 3100)),
    (T.COMPLETE_SECONDARY, 22, "34", (1200, 4200)),
    (T.SENIOR, 38, "34", (900, 3800)),
    (T.VOCATIONAL, 30, "36", (500, 3500)),
    (T.SPECIAL, 12, "51", (40, 320)),
]
SUFFIX = {
    T.KINDERGARTEN: "幼儿园",
    T.PRIMARY: "小学",
    T.TEACHING_POINT: "教学点",
    T.JUNIOR: "中学",
    T.NINE_YEAR: "学校",
    T.COMPLETE_SECONDARY: "中学",
    T.SENIOR: "高级中学",
    T.VOCATIONAL: "职业学校",
    T.SPECIAL: "特殊教育学校",
}
PLACES = [
    "育新",
    "滕王阁",
    "豫章",
    "洪都",
    "八一",
    "青山",
    "赣江",
    "阳明",
    "百花洲",
    "湖滨",
    "东方",
    "光明",
    "朝阳",
    "站前",
    "南湖",
    "书院",
    "民德",
    "象湖",
    "莲塘",
    "向塘",
    "幽兰",
    "三店",
    "蛟桥",
    "昌北",
    "九龙湖",
    "凤凰洲",
    "沙井",
    "桃花",
    "京东",
    "罗家",
    "塘山",
    "湖坊",
    "广润门",
    "系马桩",
    "松柏",
    "上海路",
    "丁公路",
    "洪城",
    "青云",
    "梅岭",
    "石埠",
    "招贤",
    "长堎",
    "望城",
    "樵舍",
    "生米",
    "鼎湖",
    "龙津",
    "万埠",
    "长埠",
    "黄洲",
    "李渡",
    "文港",
    "前坊",
    "三里",
    "架桥",
    "衙前",
    "钟陵",
    "池溪",
    "温圳",
    "民和",
    "泾口",
    "幽兰",
    "武阳",
    "富山",
    "黄马",
    "冈上",
    "八一路",
]


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    unit: str


def _credit_code(rng: random.Random, prefix: str, area: str) -> str:
    body = prefix + area + "".join(rng.choice(CREDIT_ALPHABET[:10] + "ABCDEFGH") for _ in range(9))
    return body + credit_code_check_char(body)


def build_schools(rng: random.Random, city: Unit) -> list[Unit]:
    parents = {u.code: u for u in Unit.objects.filter(kind__in=[UnitKind.DISTRICT, UnitKind.ZONE])}
    codes = list(DISTRICT_WEIGHTS)
    weights = [DISTRICT_WEIGHTS[c] for c in codes]
    seq = 0
    used_names: set[str] = set()
    schools: list[Unit] = []
    for itype, count, category, (lo, hi) in MIX:
        for _ in range(count):
            seq += 1
            # A third of the senior schools are 局属学校, run directly by the city bureau.
            direct = itype in (T.SENIOR, T.COMPLETE_SECONDARY) and rng.random() < 0.35
            parent = city if direct else parents[rng.choices(codes, weights)[0]]
            district_code = (
                parent.code
                if parent.kind == UnitKind.DISTRICT
                else (parent.legal_district.code if parent.legal_district_id else "360100")
            )
            urban = parent.code in URBAN or direct
            if itype == T.KINDERGARTEN:
                r = rng.random()
                ownership = Ownership.PUBLIC if r < 0.50 else Ownership.PRIVATE
                inclusive = ownership == Ownership.PRIVATE and r < 0.88
            else:
                private_share = {
                    T.VOCATIONAL: 0.35,
                    T.SENIOR: 0.3,
                    T.JUNIOR: 0.12,
                    T.NINE_YEAR: 0.15,
                }.get(itype, 0.05)
                ownership = Ownership.PRIVATE if rng.random() < private_share else Ownership.PUBLIC
                inclusive = False
            if itype == T.SPECIAL:
                ownership = Ownership.PUBLIC
            place = rng.choice(PLACES)
            area_name = "南昌市" if direct else parent.name
            name = f"{area_name}{place}{SUFFIX[itype]}"
            n = 2
            while name in used_names:
                name = (
                    f"{area_name}{place}第{n}{SUFFIX[itype]}"
                    if itype != T.TEACHING_POINT
                    else f"{area_name}{place}{n}号教学点"
                )
                n += 1
            used_names.add(name)
            enrol = int(rng.triangular(lo, hi, lo + (hi - lo) * 0.4))
            if not urban:
                enrol = max(lo, int(enrol * 0.7))
            prefix = "12" if ownership == Ownership.PUBLIC else rng.choice(["52", "52", "91"])
            schools.append(
                Unit(
                    kind=UnitKind.SCHOOL,
                    code=f"{category}36{seq:06d}",
                    name=name,
                    parent=parent,
                    institution_type=itype,
                    ownership=ownership,
                    inclusive=inclusive,
                    urban_rural=UrbanRural.URBAN
                    if urban
                    else rng.choice([UrbanRural.TOWN, UrbanRural.RURAL]),
                    credit_code=_credit_code(rng, prefix, district_code),
                    address=f"{parent.name}{place}路{rng.randint(1, 399)}号",
                    enrolment=enrol,
                    sort_order=seq,
                )
            )
    return schools


def _insert_tree(units: list[Unit]) -> None:
    for u in units:
        u.full_clean(exclude=["path", "depth"], validate_unique=False)
        u.path = "/pending/"
    Unit.objects.bulk_create(units, batch_size=500)
    for u in units:
        u.path = f"{u.parent.path}{u.pk}/"
        u.depth = u.parent.depth + 1
    Unit.objects.bulk_update(units, ["path", "depth"], batch_size=500)


def demo_users(city: Unit) -> list[tuple[str, str, str, Unit]]:
    """(username, display name, role code, unit): every role, in several scopes."""
    dept = {u.name: u for u in Unit.objects.filter(kind=UnitKind.DEPARTMENT)}
    donghu = Unit.objects.get(code="360102")
    jinxian = Unit.objects.get(code="360124")
    honggutan = Unit.objects.get(code="360113")

    def first_school(district: Unit, itype: str) -> Unit:
        return Unit.objects.filter(parent=district, institution_type=itype).order_by("code").first()

    return [
        ("city_admin", "王建国", "city_admin", city),
        ("jichu_staff", "李明", "department_staff", dept["基础教育科"]),
        ("xueqian_staff", "陈静", "department_staff", dept["学前教育科"]),
        ("duban_staff", "刘洋", "department_staff", dept["督导室"]),
        ("donghu_admin", "张伟", "district_admin", donghu),
        ("donghu_staff", "赵敏", "district_staff", donghu),
        ("jinxian_admin", "周强", "district_admin", jinxian),
        ("honggutan_admin", "吴芳", "district_admin", honggutan),
        ("donghu_principal", "孙丽", "school_admin", first_school(donghu, T.PRIMARY)),
        ("jinxian_principal", "钱军", "school_admin", first_school(jinxian, T.PRIMARY)),
        ("donghu_teacher", "郑华", "teacher", first_school(donghu, T.PRIMARY)),
        ("donghu_counselor", "冯雪", "counselor", first_school(donghu, T.JUNIOR)),
        # The 班主任 of a grade-9 class: sees her class's portfolios (portfolio/demo.py).
        ("donghu_class_teacher", "郑红", "teacher", first_school(donghu, T.JUNIOR)),
        # Her principal: puts the grade's records on 公示, records and answers objections.
        ("donghu_junior_principal", "何敏", "school_admin", first_school(donghu, T.JUNIOR)),
        ("sysadmin", "系统管理员", "system_admin", city),
        ("secadmin", "安全管理员", "security_admin", city),
        ("auditadmin", "审计管理员", "audit_admin", city),
    ]


def load_demo() -> list[DemoLogin]:
    """Seed the org tree, the institutions and the demo accounts (idempotent)."""
    rng = random.Random(SEED)
    with transaction.atomic():
        city = seed_city("nanchang")
        if not Unit.objects.filter(kind=UnitKind.SCHOOL).exists():
            _insert_tree(build_schools(rng, city))
        roles = {r.code: r for r in Role.objects.all()}
        logins = []
        for username, display, role, unit in demo_users(city):
            user = User.objects.filter(username=username).first()
            if user is None:
                # Demo accounts skip the first-login password change so a visitor can look
                # around at once; roles that need 2FA still set it up at first login.
                user = User(
                    username=username,
                    display_name=display,
                    unit=unit,
                    must_change_password=False,
                    password_changed_at=timezone.now(),
                )
                user.set_password(DEMO_PASSWORD)
                user.save()
                RoleAssignment.objects.create(user=user, role=roles[role])
            logins.append(DemoLogin(username, roles[role].name, unit.name))
        from .students import load_demo_students

        added = load_demo_students()
        audit_record(
            "demo.load",
            detail=f"{Unit.objects.filter(kind=UnitKind.SCHOOL).count()} institutions, {added} students",
        )
    return logins
