"""Rows for the authorization matrix and the module's tests: teachers, posts and sites in
东湖区 (a sending school, a receiving junior school) and in 进贤县; a generated 东湖区
rotation plan (moves and confirmations) and an empty 进贤县 one; training records and a
师德 record on each side."""

from __future__ import annotations

import datetime as dt
import itertools

from edugov.core.context import acting
from edugov.core.crypto import blind_index
from edugov.students.tests.conftest import make_id
from edugov.teachers import rotation, services
from edugov.teachers.models import (
    ApprovedPost,
    Graduate,
    RecruitmentLine,
    RotationPlan,
    SchoolSite,
    Teacher,
    TrainingRecord,
)

_serial = itertools.count(1)
# Cases are opened on a fixed day: a deadline in a year the holiday calendar lacks is refused.
NOW = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def make_teacher(school, *, subject="maths", backbone="", joined=dt.date(2015, 9, 1), **extra):
    born = extra.pop("born", dt.date(1985, 3, 2))
    with acting(None):
        return services.teacher_save(
            teacher=Teacher(
                school=school,
                name=extra.pop("name", "王丽"),
                id_number=extra.pop("id_number", make_id(born, area="360102")),
                post_type="established",
                subject=subject,
                title=extra.pop("title", "intermediate"),
                backbone=backbone,
                joined_school_on=joined,
                **extra,
            )
        )


def site(school, lon, lat):
    with acting(None):
        return services.site_save(site=SchoolSite(school=school, longitude=lon, latitude=lat))


def post(school, subject, posts, year=2026):
    with acting(None):
        return services.post_save(
            post=ApprovedPost(school=school, year=year, subject=subject, posts=posts)
        )


def training(teacher, hours, year=2026):
    with acting(None):
        return services.training_save(
            record=TrainingRecord(
                teacher=teacher,
                serial=f"PX{next(_serial):08d}",
                year=year,
                kind="provincial",
                project="省级骨干研修",
                hours=hours,
            )
        )


def rotation_district(cast) -> list[Teacher]:
    """东湖区: ten maths teachers at 育新学校 (three backbone, eight years there), one at
    the junior school, which has three maths posts: a shortage of two."""
    site(cast.donghu_school, 115.90, 28.68)
    site(cast.donghu_junior, 115.92, 28.69)
    post(cast.donghu_junior, "maths", 3)
    post(cast.donghu_school, "maths", 8)
    teachers = [
        make_teacher(cast.donghu_school, backbone="county" if i % 4 == 0 else "") for i in range(10)
    ]
    make_teacher(cast.donghu_junior, joined=dt.date(2024, 9, 1))
    return teachers


def recruit(district, subject, planned, year=2026, free_normal=0):
    with acting(None):
        return services.recruitment_line_save(
            line=RecruitmentLine(
                district=district,
                year=year,
                subject=subject,
                planned=planned,
                free_normal=free_normal,
            )
        )


def graduate(district, subject, year=2026, born=dt.date(2003, 4, 5)):
    idn = make_id(born, area="360102")
    with acting(None):
        return services.graduate_save(
            graduate=Graduate(
                district=district,
                year=year,
                name="李婷",
                id_number=idn,
                id_number_index=blind_index(idn, "id"),
                subject=subject,
            )
        )


def make_plan(user, district, year=2026, **params) -> RotationPlan:
    with acting(user):
        return rotation.plan_generate(
            user=user, plan=RotationPlan(district=district, year=year, **params)
        )


def build(cast) -> None:
    donghu = rotation_district(cast)
    jinxian = make_teacher(cast.jinxian_school, subject="chinese")
    site(cast.jinxian_school, 116.26, 28.37)
    post(cast.jinxian_school, "chinese", 2)
    make_plan(cast.donghu_officer, cast.donghu)
    make_plan(cast.city_admin, cast.jinxian)
    training(donghu[0], 40)
    training(jinxian, 80)
    with acting(cast.donghu_principal):
        services.ethics_open(
            user=cast.donghu_principal,
            teacher=donghu[1],
            year=2026,
            summary="有偿补课",
            veto=True,
            now=NOW,
        )
    with acting(cast.jinxian_principal):
        services.ethics_open(
            user=cast.jinxian_principal,
            teacher=jinxian,
            year=2026,
            summary="体罚学生",
            veto=False,
            now=NOW,
        )
    recruit(cast.donghu, "maths", 1)
    recruit(cast.jinxian, "chinese", 2)
    graduate(cast.donghu, "maths")
    graduate(cast.jinxian, "chinese")
    # A title change: a history event on each side.
    for t in (donghu[2], jinxian):
        t.title = "vice_senior"
        with acting(None):
            services.teacher_save(teacher=t)
