"""Rows for the authorization matrix: a published catchment of 东湖区 and of 进贤县, each
with a community and its school's plan, and one application (with a document) to the
东湖区 school and one to the 进贤县 school, from two different parents; and one child left
unplaced (统筹) at each of the two schools, for the district's allocation pages; the
东湖区 plan's results published, the 进贤县 plan's not."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from edugov.accounts.models import Role, RoleAssignment, User
from edugov.core.context import acting
from edugov.engines.codes import id_check_char
from edugov.enrolment import rules
from edugov.enrolment.models import Application, Catchment, Community, SchoolPlan, Status
from edugov.enrolment.services import application_review, application_submit

NOW = dt.datetime(2026, 7, 1, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
PDF = b"%PDF-1.4\n%test\n"
SQUARE = {"type": "Polygon", "coordinates": [[[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]]}


def child_id(birth: dt.date, serial: int) -> str:
    first17 = f"360102{birth:%Y%m%d}{serial:03d}"
    return first17 + id_check_char(first17)


def parent(phone: str) -> User:
    user = User.objects.create(
        username=f"p{phone}",
        phone=phone,
        must_change_password=False,
        password_changed_at=timezone.now(),
    )
    RoleAssignment.objects.create(user=user, role=Role.objects.get(code="parent"))
    return user


def catchment(district, school, name: str, community: str, *, polygon=None, private=False):
    c = Catchment.objects.create(
        district=district,
        year=2026,
        name=name,
        published_at=NOW - dt.timedelta(days=30),
        polygon=polygon,
    )
    c.schools.add(school)
    Community.objects.create(catchment=c, name=community)
    SchoolPlan.objects.get_or_create(
        school=school, year=2026, stage="primary", defaults={"seats": 2, "private": private}
    )
    return c


HOME = rules.Facts(True, None, True, dt.date(2020, 1, 1), False, None)


def apply(user, school, community: str, serial: int, *, facts=HOME, key: str = ""):
    birth = dt.date(2020, 3, 1)
    with acting(user):
        return application_submit(
            user=user,
            idempotency_key=key or f"k{serial}",
            school=school,
            stage="primary",
            child_name=f"孩子{serial}",
            child_id=child_id(birth, serial),
            birth_date=birth,
            community=community,
            facts=facts,
            files=[("household", SimpleUploadedFile("hukou.pdf", PDF))],
            now=NOW,
        )


def build(cast) -> None:
    catchment(cast.donghu, cast.donghu_school, "育新学区", "育新花园", polygon=SQUARE)
    catchment(cast.jinxian, cast.jinxian_school, "民和学区", "民和小区")
    apply(parent("13900000001"), cast.donghu_school, "育新花园", 1)
    jinxian = apply(parent("13900000002"), cast.jinxian_school, "民和小区", 2)
    # One waiting for the parent's documents: the supplement move has a row to act on.
    with acting(cast.jinxian_principal):
        application_review(
            user=cast.jinxian_principal, application=jinxian, move="ask_more", reason="请补充户口簿"
        )
    # Left without a place by the placement (set here directly: the placement itself is
    # tested in test_flow), one per district, so 统筹 has a row inside and outside.
    left = [
        apply(parent("13900000003"), cast.donghu_school, "育新花园", 3),
        apply(parent("13900000004"), cast.jinxian_school, "民和小区", 4),
    ]
    Application.objects.filter(pk__in=[a.pk for a in left]).update(status=Status.UNPLACED)
    # 东湖区's results are published (its plan may be pre-registered, not published
    # again); 进贤县's are not (publishable, not yet pre-registrable).
    SchoolPlan.objects.filter(school=cast.donghu_school).update(results_published_at=NOW)
