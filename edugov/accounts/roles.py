"""Built-in roles, declared once as (app label, model) patterns × actions.

Roles are data: the security admin edits them in the UI and creates new ones. On every
``migrate`` each built-in role is brought exactly to its declaration: what a pattern now
grants is added, what it no longer grants is revoked. So narrowing a role here reaches every
install, and a new app grants nothing to a role that does not name it. Roles the security
admin created are left alone. Customise by creating a new role; the built-in ones are
templates. Role names are data (Chinese, as the bureau names them), not interface strings.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from .models import Duty

ALL = ("view", "add", "change", "delete", "export")

# --- personal data (students app) -----------------------------------------------------
# Custom permissions no app-wide pattern may sweep in: "view_full_personal_data" starts
# with "view_", and full personal data is granted to no built-in role; the security
# admin grants it to a role explicitly.
PATTERN_EXCLUDED_CODENAMES = ("view_full_personal_data",)
# Single permissions built-in roles get beyond their patterns.
EXTRA_PERMISSIONS: dict[str, tuple[str, ...]] = {
    "city_admin": ("students.approve_export", "workplan.supervise_task"),
    "district_admin": ("students.approve_export", "workplan.supervise_task"),
    # Issuing a 督办单 (a casework case); whose unit may issue is Unit.supervises (data).
    "department_staff": ("workplan.supervise_task",),
    "district_staff": ("workplan.supervise_task",),
    # Who holds the supervising power (督办) is security configuration, like roles, and
    # so is who holds which role (accounts/separation.py: the 三员 duties).
    "security_admin": ("org.manage_supervision", "accounts.assign_role"),
}
# --- end personal data -----------------------------------------------------------------


@dataclass(frozen=True)
class RoleSpec:
    code: str
    name: str
    grants: tuple[tuple[str, tuple[str, ...]], ...]  # ("app" or "app.model", actions)
    duty: str = ""
    description: str = ""
    class_bound: bool = False  # see Role.class_bound


def _on(apps: tuple[str, ...], actions: tuple[str, ...]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The same actions on each of ``apps`` (an app label or "app.model")."""
    return tuple((app, actions) for app in apps)


# Each role names its apps: a module added later reaches a role only when it is named here.
BUREAU_APPS = ("org", "students", "registry", "workplan", "admissions", "academics")
JOBS = (("jobs.job", ("view",)),)  # one's own background jobs (scoped to their owner)
EDIT = ("view", "add", "change", "export")
VIEW = ("view",)
# Casework: cases and what hangs on them. The working-day calendar is the city's: only
# the city admin records its adjustments (casework.calendaradjustment, see city_admin).
CASEWORK = (
    "casework.case",
    "casework.casetransition",
    "casework.casecomment",
    "casework.caseevidence",
    "hotline.hotlineorder",  # a 12345 order's own data: read and written with its case
)
PROPOSALS = ("proposals",)  # 人大建议 / 政协提案: the bureau's office and its departments

BUILTIN_ROLES: tuple[RoleSpec, ...] = (
    RoleSpec(
        "city_admin",
        "市教育局管理员",
        _on((*BUREAU_APPS, "casework", "hotline"), ALL) + JOBS + _on(PROPOSALS, ALL),
    ),
    RoleSpec(
        "department_staff",
        "科室工作人员",
        _on(BUREAU_APPS, EDIT) + _on(CASEWORK, EDIT) + JOBS + _on(PROPOSALS, EDIT),
    ),
    RoleSpec(
        "district_admin",
        "县区教体局管理员",
        _on(BUREAU_APPS + CASEWORK, ALL) + JOBS + _on(PROPOSALS, ALL),
    ),
    RoleSpec("district_staff", "县区工作人员", _on(BUREAU_APPS, EDIT) + _on(CASEWORK, EDIT) + JOBS),
    RoleSpec(
        "school_admin",
        "校长（学校管理员）",
        _on(BUREAU_APPS, ("view", "change", "export")) + _on(CASEWORK, EDIT) + JOBS,
    ),
    # A teacher works with her school's classes: the roll (masked), exam results and the
    # work plan's tasks. A counselor follows pupils, not their marks: the roll only, until
    # the mental-health module gives her its casework (and the teacher none of it).
    RoleSpec(
        "teacher",
        "教师",
        _on(("org.unit", "students.student", "academics", "workplan"), VIEW) + JOBS,
        class_bound=True,
    ),
    RoleSpec("counselor", "心理辅导员", _on(("org.unit", "students.student"), VIEW) + JOBS),
    RoleSpec(
        "system_admin",
        "系统管理员",
        (("org.unit", ALL), ("accounts.user", ALL), ("jobs.job", ("view",))),
        duty=Duty.SYSTEM,
        description="管理账号和单位；不能查看审计日志和个人信息。",
    ),
    RoleSpec(
        "security_admin",
        "安全管理员",
        (
            ("accounts.role", ALL),
            ("accounts.objectgrant", ("view", "add", "delete")),
            ("accounts.loginlock", ("view", "delete")),
            ("accounts.user", ("view",)),
        ),
        duty=Duty.SECURITY,
        description="管理角色、授权和安全策略。",
    ),
    RoleSpec(
        "audit_admin",
        "审计管理员",
        (("audit.auditevent", ("view", "export")),),
        duty=Duty.AUDIT,
        description="只能查看审计日志。",
    ),
)


def permissions_for(spec: RoleSpec):
    from django.contrib.auth.models import Permission
    from django.db.models import Q

    q = Q(pk__in=[])
    for target, actions in spec.grants:
        app, _, model = target.partition(".")
        for action in actions:
            cond = Q(content_type__app_label=app, codename__startswith=f"{action}_")
            if model:
                cond &= Q(content_type__model=model, codename=f"{action}_{model}")
            q |= cond
    q &= ~Q(codename__in=PATTERN_EXCLUDED_CODENAMES)  # personal data: see above
    for perm in EXTRA_PERMISSIONS.get(spec.code, ()):
        app, _, codename = perm.partition(".")
        q |= Q(content_type__app_label=app, codename=codename)
    return Permission.objects.filter(q)


def sync_builtin_roles(app_config=None, **kwargs) -> None:
    from django.apps import apps

    from .models import Role

    # post_migrate is sent once per app (and again by every ``flush``: each transactional
    # test's teardown). Sync after the last app only: by then every app has created its
    # permissions, and once is enough — 54 syncs per flush were most of the test suite's
    # transactional teardowns.
    with_models = [c for c in apps.get_app_configs() if c.models_module is not None]
    if app_config is not None and with_models and app_config is not with_models[-1]:
        return
    for spec in BUILTIN_ROLES:
        role, _ = Role.objects.get_or_create(
            code=spec.code,
            defaults={
                "name": spec.name,
                "duty": spec.duty,
                "description": spec.description,
                "builtin": True,
            },
        )
        if role.class_bound != spec.class_bound:
            role.class_bound = spec.class_bound
            role.save(update_fields=["class_bound"])
        # Exactly the declaration: ``set`` revokes what a narrowed pattern no longer grants.
        role.permissions.set(permissions_for(spec))


def with_grants(
    roles: tuple[RoleSpec, ...], grants: dict[str, tuple[tuple[str, tuple[str, ...]], ...]]
) -> tuple[RoleSpec, ...]:
    """``roles`` with a module's grants added to the roles it names: each module declares
    what its roles may do in one block below, beside the others, without editing them."""
    unknown = set(grants) - {r.code for r in roles}
    if unknown:
        raise ValueError(f"grants for unknown roles: {sorted(unknown)}")
    return tuple(
        dataclasses.replace(r, grants=r.grants + grants[r.code]) if r.code in grants else r
        for r in roles
    )


# 督导 (issue 16 §4): the bureaus run it; a school reads its visits and campaigns and
# writes its self-assessment ("change" through Campaign.actions, only while it is open).
INSPECTION_GRANTS = {
    "city_admin": (("inspection", ALL),),
    "department_staff": (("inspection", EDIT),),
    "district_admin": (("inspection", ALL),),
    "district_staff": (("inspection", EDIT),),
    "school_admin": (("inspection", ("view", "change")),),
}
BUILTIN_ROLES = with_grants(BUILTIN_ROLES, INSPECTION_GRANTS)


# 双减 (issue 20): the bureaus supervise off-campus training; a school records its own
# 课后服务. ``public_intake`` is the system account of the public complaint form
# (training/services.intake_user): no usable password, and it may only open cases and
# complaints.
TRAINING_GRANTS = {
    "city_admin": (("training", ALL),),
    "department_staff": (("training", EDIT),),
    "district_admin": (("training", ALL),),
    "district_staff": (("training", EDIT),),
    "school_admin": (("training.programme", ("view", "add", "change", "export")),),
}
BUILTIN_ROLES = with_grants(BUILTIN_ROLES, TRAINING_GRANTS) + (
    RoleSpec(
        "public_intake",
        "网上投诉受理（系统账号）",
        (("casework.case", ("add",)), ("training.complaint", ("add",))),
        description="校外培训公开投诉表单使用的系统账号，不能登录，只能立投诉件。",
    ),
)

# 民办学校 (issue 19): the bureaus run it; a private school reads its own file, writes its
# 年检 self-report (through AnnualInspection.actions) and files its fees and 关联交易.
_PRIVATE_SCHOOL = (
    ("private.privateschool", VIEW),
    ("private.founder", VIEW),
    ("private.filechange", VIEW),
    ("private.placement", VIEW),
    ("private.riskassessment", VIEW),
    ("private.annualinspection", ("view", "change")),
    ("private.itemanswer", ("view", "change")),
    ("private.feefiling", ("view", "add", "change")),
    ("private.relatedpartytransaction", ("view", "add", "change")),
    ("private.notice", VIEW),
)
PRIVATE_GRANTS = {
    "city_admin": (("private", ALL),),
    "department_staff": (("private", EDIT),),
    "district_admin": (("private", ALL),),
    "district_staff": (("private", EDIT),),
    "school_admin": _PRIVATE_SCHOOL,
}
BUILTIN_ROLES = with_grants(BUILTIN_ROLES, PRIVATE_GRANTS)

# 平安校园 and 后勤 (issue 17): the bureaus run the plans, checklists and ledgers; a
# school records its inspections, its hazards (opened by the service), its canteens,
# uniforms and insurance. Hazard moves are casework's ("change" on casework.case).
SAFETY_GRANTS = {
    "city_admin": (("safety", ALL),),
    "department_staff": (("safety", EDIT),),
    "district_admin": (("safety", ALL),),
    "district_staff": (("safety", EDIT),),
    "school_admin": (
        ("safety.inspection", ("view", "add", "export")),
        ("safety.inspectionresult", VIEW),
        ("safety.inspectionphoto", VIEW),
        ("safety.hazard", ("view", "export")),
        ("safety.checklistitem", VIEW),
        ("safety.inspectionplan", VIEW),
        ("safety.riskwater", VIEW),
        ("safety.canteen", EDIT),
        ("safety.supplier", EDIT),
        ("safety.uniformprocurement", EDIT),
        ("safety.insurancepolicy", EDIT),
        ("safety.mealrecord", EDIT),
        ("safety.parentletter", EDIT),
    ),
}
BUILTIN_ROLES = with_grants(BUILTIN_ROLES, SAFETY_GRANTS)

# 心理健康 (issue 18). Need-to-know is the readers relation (wellbeing/readers.py), not
# these grants: a role here only makes a model reachable. The counselor works the cases
# (casework's Case and what hangs on it; a school counselor in the district's unit is the
# district center's staff) and reads only the files the relation opens to her. Principals,
# districts, departments and the city read campaigns, staffing and counts by tier, never
# a result, a case or a note. The class teacher hands out codes and records consent.
_WB_SETUP = ("wellbeing.campaign", "wellbeing.staffing", "wellbeing.center", "wellbeing.hospital")
_WB_COUNTS = (("wellbeing.tiercount", ("view", "export")),)
_WB_COUNSEL = (
    "wellbeing.casefile",
    "wellbeing.casenote",
    "wellbeing.referral",
    "wellbeing.submission",
    "wellbeing.slot",
    "wellbeing.appointment",
    "wellbeing.dutyshift",
    "wellbeing.hotlinecall",
)
WELLBEING_GRANTS = {
    "city_admin": _on(_WB_SETUP, ALL) + _WB_COUNTS,
    "department_staff": _on(_WB_SETUP, VIEW) + _WB_COUNTS,
    "district_admin": _on(_WB_SETUP, ALL) + _WB_COUNTS,
    "district_staff": _on(_WB_SETUP, EDIT) + _WB_COUNTS,
    "school_admin": _on(_WB_SETUP, ("view", "add", "change")) + _WB_COUNTS,
    "teacher": (
        ("wellbeing.campaign", VIEW),
        ("wellbeing.answercode", ("view", "add")),
        ("wellbeing.consent", ("view", "add")),
    ),
    "counselor": _on(CASEWORK[:4], EDIT)
    + _on(_WB_COUNSEL, EDIT)
    + _on(("wellbeing.campaign", "wellbeing.answercode", "wellbeing.consent"), ("view", "add"))
    + _on(("wellbeing.staffing", "wellbeing.center", "wellbeing.hospital"), VIEW)
    + _WB_COUNTS,
}
BUILTIN_ROLES = with_grants(BUILTIN_ROLES, WELLBEING_GRANTS)

# 义务教育招生入学 (issue 24): the bureaus run placement; a school reviews the documents of
# its applications; a parent (a user without a unit, logged in by SMS) applies and reads
# their own applications only (``Application.actions["own"]``).
ENROLMENT_GRANTS = {
    "city_admin": (("enrolment", ALL),),
    "district_admin": (("enrolment", ALL),),
    "district_staff": (("enrolment", EDIT),),
    "school_admin": (("enrolment", ("view", "change", "export")),),
}
BUILTIN_ROLES = with_grants(BUILTIN_ROLES, ENROLMENT_GRANTS) + (
    RoleSpec("parent", "家长", (("enrolment.application", ("apply",)),)),
)

# 体质健康 (issue 23 §1): a school records and reads its students' results (the PE teacher
# uploads a class's); districts read figures, not students: ``count`` opens the rows to the
# report's aggregates only (pass rate, 优良率, trend, weakest grades), never a student.
FITNESS_GRANTS = {
    "city_admin": (("fitness", (*ALL, "count")),),
    "district_admin": (("fitness.fitnessresult", ("count",)),),
    "district_staff": (("fitness.fitnessresult", ("count",)),),
    "school_admin": (("fitness.fitnessresult", (*EDIT, "count")),),
    "teacher": (("fitness", ("view", "add", "change")),),
}
BUILTIN_ROLES = with_grants(BUILTIN_ROLES, FITNESS_GRANTS)

# 平安校园 and 后勤, second part (issue 17): a school also keeps its 防溺水 patrols and
# incident reports, its canteens' 大宗食材 purchases and 留样 checks, reports its food
# incidents (the case's moves are casework's) and its insurance claims. The bureaus' roles
# hold the whole app already (SAFETY_GRANTS).
SAFETY_LEDGER_GRANTS = {
    "school_admin": _on(
        (
            "safety.patrolrecord",
            "safety.drowningincident",
            "safety.foodpurchase",
            "safety.samplecheck",
            "safety.foodincident",
            "safety.insuranceclaim",
        ),
        EDIT,
    ),
}
BUILTIN_ROLES = with_grants(BUILTIN_ROLES, SAFETY_LEDGER_GRANTS)
# 重大重点项目 and 教育经费 (issue 22): the bureaus run the ledger, budgets and funding
# checks; a school reads its projects and files their monthly reports and milestone dates
# and photos (delay cases are casework's "change" on casework.case), reads its own
# 生均公用经费 allocation, and keeps its asset ledger (a disposal's approval is the
# district's, on its case).
PROJECTS_GRANTS = {
    "city_admin": (("projects", ALL),),
    "department_staff": (("projects", EDIT),),
    "district_admin": (("projects", ALL),),
    "district_staff": (("projects", EDIT),),
    "school_admin": (
        ("projects.project", ("view", "export")),
        ("projects.projectmilestone", ("view", "change")),
        ("projects.milestonephoto", ("view", "add")),
        ("projects.progressreport", EDIT),
        ("projects.capacityaddition", VIEW),
        ("projects.publicfundallocation", VIEW),
        ("projects.asset", EDIT),
        ("projects.assettransfer", ("view", "export")),
        ("projects.assetdisposal", VIEW),
    ),
}
BUILTIN_ROLES = with_grants(BUILTIN_ROLES, PROJECTS_GRANTS)
# 教师队伍 (issue 21): the district holds the registry, the approved posts (县管校聘) and
# the rotation plan (approve/publish: ``teachers.approve_rotationplan``, through the
# "approve" pattern); a school reads its teachers (masked), edits what it keeps (post,
# exemption, commute limit), confirms the plan's moves from and to it, imports its
# training hours and records 师德 cases. Full ID numbers: no built-in role (the security
# admin grants ``teachers.view_full_personal_data``).
TEACHERS_GRANTS = {
    "city_admin": (("teachers", (*ALL, "approve")),),
    "department_staff": (("teachers", EDIT),),
    "district_admin": (("teachers", (*ALL, "approve")),),
    "district_staff": (("teachers", EDIT),),
    "school_admin": (
        ("teachers.teacher", ("view", "change", "export")),
        ("teachers.teacherevent", VIEW),
        ("teachers.approvedpost", ("view", "export")),
        ("teachers.schoolconfirmation", ("view", "change")),
        ("teachers.trainingrecord", ("view", "add", "change", "export")),
        ("teachers.ethicsrecord", ("view", "add")),
    ),
}
BUILTIN_ROLES = with_grants(BUILTIN_ROLES, TEACHERS_GRANTS)

# 综合素质评价 (issue 23 §2): the school writes its students' records (the class teacher
# enters them), the principal puts them on 公示 and signs them off; districts count them
# (``count``: aggregates only, no personal row) and the city holds all.
PORTFOLIO_GRANTS = {
    "city_admin": (("portfolio", (*ALL, "signoff", "count")),),
    "district_admin": (("portfolio.portfoliorecord", ("count",)),),
    "district_staff": (("portfolio.portfoliorecord", ("count",)),),
    "school_admin": (
        ("portfolio.portfoliorecord", (*EDIT, "signoff", "count")),
        ("portfolio.portfolioactivity", EDIT),
    ),
    "teacher": (
        ("portfolio.portfoliorecord", ("view", "add", "change")),
        ("portfolio.portfolioactivity", ("view", "add", "change")),
    ),
}
BUILTIN_ROLES = with_grants(BUILTIN_ROLES, PORTFOLIO_GRANTS)

# Programme registry and 党建 (issue 23 §3): the bureau's departments and the districts
# keep programmes and confirm (认定) those of the units below them (``Programme.actions``);
# a school records its own programmes and its party organization.
PROGRAMMES_GRANTS = {
    "city_admin": (("programmes", ALL),),
    "department_staff": (("programmes", EDIT),),
    "district_admin": (("programmes", ALL),),
    "district_staff": (("programmes", EDIT),),
    "school_admin": (("programmes", EDIT),),
}
BUILTIN_ROLES = with_grants(BUILTIN_ROLES, PROGRAMMES_GRANTS)

# 班级任课 (issue 23, scope): the school records who teaches which class; the teacher role
# is class-bound (RoleSpec.class_bound), so what it records narrows her to her classes.
# Districts and the city hold the students app already (BUREAU_APPS).
CLASS_GRANTS = {
    "school_admin": (("students.classassignment", ("add", "delete")),),
}
BUILTIN_ROLES = with_grants(BUILTIN_ROLES, CLASS_GRANTS)
