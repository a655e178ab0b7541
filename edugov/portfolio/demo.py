"""Demo: the 综合素质评价 of one grade-9 cohort — the demo roll's grade-9 students of
东湖区 and 进贤县 — in the five dimensions for the first term of 2026, and the class
assignments of the demo teachers so that a teacher logging in sees her class.

Deterministic (a fixed seed and fixed dates, never the clock) and bulk: a school's
records are all signed off, all on 公示, or drafts, by the school's place in code order,
so every state is there to look at. Idempotent."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from edugov.accounts.models import User
from edugov.audit.services import audit_record
from edugov.students.models import ClassAssignment, EnrolmentStatus, Student, TeachingRole

from .models import ActivityKind, Dimension, PortfolioActivity, PortfolioRecord, Status
from .services import notice_period

DISTRICTS = ("东湖区", "进贤县")
SCHOOL_YEAR, TERM, GRADE = 2026, 1, 9
SEED = 2026_09
# A signed-off school's notice ran in November; a school on notice started on 1 December.
SIGNED_NOTICE_FROM = dt.date(2026, 11, 9)
NOTICE_FROM = dt.date(2026, 12, 1)
OBJECTION_ACTOR = "donghu_junior_principal"  # the demo's principal of that school
OBJECTION_TEXTS = (
    "同班同学反映：该生未参加所填的社区志愿服务。",
    "家长反映：实践时长与社区证明不符。",
)
GRADE_WEIGHTS = (("A", 0.35), ("B", 0.42), ("C", 0.18), ("D", 0.05))
EVIDENCE = {
    Dimension.MORAL: (
        "担任班级卫生委员，按时完成值日",
        "参加学校升旗仪式护旗队",
        "获评校级文明学生",
    ),
    Dimension.ACADEMIC: (
        "学期各科成绩稳定，数学进步明显",
        "完成物理探究实验报告 3 篇",
        "参加校英语演讲比赛",
    ),
    Dimension.HEALTH: ("体质健康测试达标，坚持晨跑", "参加校运会 800 米比赛", "心理健康课程全勤"),
    Dimension.ARTS: ("参加校合唱团排练与演出", "美术作品入选校园画展", "学习二胡两年"),
    Dimension.PRACTICE: (
        "社区志愿服务 24 小时",
        "参加农耕劳动实践基地活动 2 天",
        "参观八一起义纪念馆并撰写心得",
    ),
}
# Demo teachers and the class each heads: (username, grade); the class is the roll's first.
TEACHERS = (("donghu_teacher", 5), ("donghu_class_teacher", 9))


def _assign_teachers() -> int:
    """The demo teachers head a class of their own schools that has students."""
    rows = []
    for username, grade in TEACHERS:
        user = User.objects.filter(username=username).first()
        if user is None or ClassAssignment.objects.filter(user=user).exists():
            continue
        class_name = (
            Student.objects.filter(school_id=user.unit_id, grade=grade)
            .order_by("class_name")
            .values_list("class_name", flat=True)
            .first()
        )
        if class_name:
            rows.append(
                ClassAssignment(
                    user=user,
                    school_id=user.unit_id,
                    grade=grade,
                    class_name=class_name,
                    role=TeachingRole.HEAD,
                )
            )
    ClassAssignment.objects.bulk_create(rows)
    return len(rows)


def load_demo() -> str:
    if PortfolioRecord.objects.exists():
        return "portfolio: already loaded"
    students = list(
        Student.objects.filter(
            school__parent__name__in=DISTRICTS, grade=GRADE, status=EnrolmentStatus.ENROLLED
        )
        .order_by("school__code", "class_name", "pk")
        .values_list("pk", "school_id", "class_name")
    )
    rng = random.Random(SEED)
    schools = sorted({s[1] for s in students})
    state = {
        school: (Status.SIGNED, Status.NOTICE, Status.DRAFT)[i % 3]
        for i, school in enumerate(schools)
    }
    # The school of the demo's 班主任 and junior principal has its records on 公示, with
    # objections (``_objections``): what they log in to see. It swaps states with the
    # first school on 公示, so every state is still present.
    actor = User.objects.filter(username=OBJECTION_ACTOR).values_list("unit_id", flat=True)
    for school in actor:
        noticed = next((s for s in schools if state[s] == Status.NOTICE), None)
        if school in state and noticed is not None:
            state[school], state[noticed] = Status.NOTICE, state[school]
    signed_from, signed_to = notice_period(SIGNED_NOTICE_FROM)
    notice_from, notice_to = notice_period(NOTICE_FROM)
    signed_at = timezone.make_aware(
        dt.datetime.combine(signed_to + dt.timedelta(days=3), dt.time(10))
    )
    grades = [g for g, _ in GRADE_WEIGHTS]
    weights = [w for _, w in GRADE_WEIGHTS]
    rows = []
    for pk, school_id, class_name in students:
        status = state[school_id]
        for dimension in Dimension:
            rows.append(
                PortfolioRecord(
                    school_id=school_id,
                    student_id=pk,
                    school_year=SCHOOL_YEAR,
                    term=TERM,
                    grade_level=GRADE,
                    class_name=class_name,
                    dimension=dimension,
                    evidence=rng.choice(EVIDENCE[dimension]),
                    grade=rng.choices(grades, weights)[0],
                    status=status,
                    notice_start={Status.SIGNED: signed_from, Status.NOTICE: notice_from}.get(
                        status
                    ),
                    notice_end={Status.SIGNED: signed_to, Status.NOTICE: notice_to}.get(status),
                    signed_at=signed_at if status == Status.SIGNED else None,
                )
            )
    with transaction.atomic():
        PortfolioRecord.objects.bulk_create(rows, batch_size=2000)
        assigned = _assign_teachers()
        objections = _objections(notice_from)
        activities = _activities(students)
        audit_record(
            "demo.load",
            detail=f"portfolio: {len(rows)} records, {activities} practice and reading rows, "
            f"{assigned} class assignments",
        )
    return (
        f"portfolio: {len(rows)} records of {len(students)} grade-9 students in "
        f"{len(schools)} schools of {'、'.join(DISTRICTS)}; {assigned} class assignments; "
        f"{objections} objections during 公示; {activities} practice and reading rows"
    )


# The school's own practice activities and a shelf of books (the demo's bases vary by
# district, so the demo names none: every practice is the school's own).
PRACTICES = ("社区志愿服务", "敬老院慰问演出", "校园劳动周", "博物馆研学")
BOOKS = (("红岩", "罗广斌"), ("平凡的世界", "路遥"), ("骆驼祥子", "老舍"), ("朝花夕拾", "鲁迅"))


def _activities(students) -> int:
    """Per student of the term: two practices (2–6 hours) and one or two books, on days of
    the term; drawn with a seed of their own, so the records' grades stay as they were."""
    rng = random.Random(SEED + 1)
    rows = []
    for pk, school_id, class_name in students:
        common = dict(
            school_id=school_id,
            student_id=pk,
            school_year=SCHOOL_YEAR,
            term=TERM,
            grade_level=GRADE,
            class_name=class_name,
        )
        for title in rng.sample(PRACTICES, 2):
            rows.append(
                PortfolioActivity(
                    **common,
                    kind=ActivityKind.PRACTICE,
                    on=dt.date(SCHOOL_YEAR, 10, rng.randint(8, 31)),
                    hours=Decimal(rng.randint(4, 12)) / 2,
                    title=title,
                )
            )
        for title, author in rng.sample(BOOKS, rng.randint(1, 2)):
            rows.append(
                PortfolioActivity(
                    **common,
                    kind=ActivityKind.READING,
                    on=dt.date(SCHOOL_YEAR, 11, rng.randint(1, 30)),
                    hours=Decimal(rng.randint(4, 20)) / 2,
                    title=title,
                    author=author,
                )
            )
    PortfolioActivity.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def _objections(notice_from: dt.date) -> int:
    """Two objections during the notice at the demo principal's school, through the
    services: one still open, so its record cannot be signed off, one dismissed."""
    from edugov.casework.services import case_move
    from edugov.core.context import acting

    from .services import portfolio_object

    admin = User.objects.filter(username=OBJECTION_ACTOR).first()
    records = list(
        PortfolioRecord.objects.filter(
            status=Status.NOTICE, dimension=Dimension.PRACTICE, school_id=admin.unit_id
        )
        .select_related("student", "school")
        .order_by("pk")[:2]
    )
    if admin is None or len(records) < 2:
        return 0
    day = timezone.make_aware(dt.datetime.combine(notice_from + dt.timedelta(days=1), dt.time(10)))
    with acting(admin):
        for record, text in zip(records, OBJECTION_TEXTS, strict=True):
            case = portfolio_object(user=admin, record=record, text=text, now=day)
        case_move(
            user=admin,
            case=case,
            transition="dismiss",
            outcome="经核实，该生实践记录有社区盖章证明，异议不成立。",
            now=day + dt.timedelta(days=1),
        )
    return len(records)
