"""The enrolment part of ``make demo`` (lean): the 2026 primary-school enrolment of 东湖区
and 进贤县 — a catchment for every primary school (two 东湖区 schools share a 多校划片
catchment), each school's plan, a few hundred applications across every category with a
document each, and the first 东湖区 school oversubscribed and drawn by the admissions
lottery, leaving 统筹 cases. Deterministic and idempotent."""

from __future__ import annotations

import datetime as dt
import random
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from edugov.accounts.models import Role, RoleAssignment, User
from edugov.core.context import acting
from edugov.engines.codes import id_check_char
from edugov.engines.lottery import commit
from edugov.org.models import Unit, UnitKind

from . import rules
from .models import Application, Catchment, Community, SchoolPlan, Status

SEED = 24
TZ = ZoneInfo("Asia/Shanghai")
OPENED = dt.datetime(2026, 8, 14, 9, 0, tzinfo=TZ)  # 幼升小 collection opens
PUBLISHED = dt.datetime(2026, 7, 28, 9, 0, tzinfo=TZ)  # 学区 published
DISTRICTS = ("360102", "360124")  # 东湖区, 进贤县
PER_SCHOOL = 40
SEATS = 45
EXTRA = 25  # applications beyond PER_SCHOOL at the first school: it is oversubscribed
PDF = b"%PDF-1.4\n% demo document\n"
# The demo notary's secret is a public string, as in the admissions demo: anyone may
# replay the demo draw.
NOTARY_SECRET = "-".join(("公证处", "2026", "演示"))


def _facts(rng: random.Random) -> rules.Facts:
    kind = rng.choices(range(5), weights=(50, 15, 15, 15, 5))[0]
    since = dt.date(2018, 5, 1)
    return rules.Facts(
        household_in_catchment=kind in (0, 1),
        household_since=since if kind in (0, 1) else None,
        property_in_catchment=kind in (0, 2),
        property_since=since if kind in (0, 2) else None,
        residence_permit=kind == 3,
        permit_since=dt.date(2024, 3, 1) if kind == 3 else None,
    )


def _member(school: Unit, role: str) -> User:
    user, created = User.objects.get_or_create(
        username=f"enrol_{school.code}",
        defaults={"unit": school, "must_change_password": False, "display_name": "招生审核"},
    )
    if created:
        user.set_unusable_password()
        user.save()
        RoleAssignment.objects.create(user=user, role=Role.objects.get(code=role))
    return user


def load_demo() -> str:
    from edugov.admissions.services.lottery import draw_close, draw_run, party_commit, party_reveal

    from .services import (
        application_review,
        application_submit,
        placement_apply_draw,
        placement_prepare,
    )

    if Catchment.objects.filter(year=2026).exists():
        return "enrolment: already loaded"
    rng = random.Random(SEED)
    districts = list(Unit.objects.filter(code__in=DISTRICTS).order_by("code"))
    schools_by = {
        d.pk: list(
            Unit.objects.filter(
                kind=UnitKind.SCHOOL,
                is_active=True,
                path__startswith=d.path,
                institution_type__in=["primary", "nine_year"],
            ).order_by("code")
        )
        for d in districts
    }
    catchments = 0
    for d in districts:
        schools = schools_by[d.pk]
        for i, school in enumerate(schools):
            c = Catchment.objects.create(
                district=d, year=2026, name=f"{school.name}学区", published_at=PUBLISHED
            )
            c.schools.add(school)
            if d.code == "360102" and i == 1:  # 多校划片: the second school shares the first's
                Catchment.objects.get(name=f"{schools[0].name}学区", year=2026).schools.add(school)
            Community.objects.bulk_create(
                [Community(catchment=c, name=f"{school.name[:6]}{n}号小区") for n in (1, 2)]
            )
            SchoolPlan.objects.create(
                school=school,
                year=2026,
                stage="primary",
                seats=SEATS,
                private=school.ownership == "private",
            )
            catchments += 1
    apps_made = 0
    donghu = schools_by.get(districts[0].pk, []) if districts else []
    born: set[tuple[dt.date, int]] = set()
    for n, school in enumerate(donghu[:6]):
        count = PER_SCHOOL + (EXTRA if n == 0 else 0)
        for k in range(count):
            serial = n * 1000 + k
            phone = f"139{serial:08d}"
            parent, created = User.objects.get_or_create(
                username=f"p{phone}",
                defaults={
                    "phone": phone,
                    "must_change_password": False,
                    "password_changed_at": timezone.now(),
                },
            )
            if created:
                parent.set_unusable_password()
                parent.save()
                RoleAssignment.objects.create(user=parent, role=Role.objects.get(code="parent"))
            # The ID's sequence code is k, the same at every school: draw again until the
            # (birth date, k) pair is new, or two schools' k-th children share an ID number
            # and the second is refused as a duplicate child (it happened on PostgreSQL).
            while True:
                birth = dt.date(2019, 9, 1) + dt.timedelta(days=rng.randrange(365))
                if (birth, k) not in born:
                    born.add((birth, k))
                    break
            first17 = f"360102{birth:%Y%m%d}{serial % 1000:03d}"
            with acting(parent):
                application_submit(
                    user=parent,
                    idempotency_key=f"demo-{serial}",
                    school=school,
                    stage="primary",
                    child_name=f"学生{serial}",
                    child_id=first17 + id_check_char(first17),
                    birth_date=birth,
                    community=f"{school.name[:6]}{1 + k % 2}号小区",
                    facts=_facts(rng),
                    files=[("household", SimpleUploadedFile("hukou.pdf", PDF))],
                    now=OPENED,
                )
            apps_made += 1
    drawn = ""
    if donghu:
        school = donghu[0]
        reviewer = _member(school, "school_admin")
        officer = User.objects.filter(
            unit__code="360102", roles__code="district_admin", is_active=True
        ).first() or _member(districts[0], "district_admin")
        pending = Application.objects.filter(school=school, status=Status.SUBMITTED)
        for i, app in enumerate(pending.order_by("pk")):
            move = "ask_more" if i % 20 == 7 else "approve"
            with acting(reviewer):
                application_review(
                    user=reviewer,
                    application=app,
                    move=move,
                    reason="请补充不动产权证" if move == "ask_more" else "",
                    now=OPENED,
                )
        plan = SchoolPlan.objects.get(school=school, year=2026)
        with acting(officer):
            draw = placement_prepare(
                user=officer, plan=plan, public_number_rule="2026年8月30日中国福利彩票3D开奖号码"
            )
            if draw is not None:
                party_commit(draw=draw, party="南昌市公证处", commitment=commit(NOTARY_SECRET))
                draw_close(draw=draw)
                party_reveal(party=draw.parties.get(), secret=NOTARY_SECRET)
                draw_run(draw=draw, public_number="372")
                plan.refresh_from_db()
                placement_apply_draw(user=officer, plan=plan)
                drawn = f", 1 draw at {school.name}"
    unplaced = Application.objects.filter(status=Status.UNPLACED).count()
    return (
        f"enrolment: {catchments} catchments, {apps_made} applications{drawn}, {unplaced} for 统筹"
    )
