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


def sync_builtin_roles(**kwargs) -> None:
    from .models import Role

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
        # Exactly the declaration: ``set`` revokes what a narrowed pattern no longer grants.
        role.permissions.set(permissions_for(spec))


# 督导 (issue 16 §4): the bureaus run it; a school reads its visits and campaigns and
# writes its self-assessment ("change" through Campaign.actions, only while it is open).
INSPECTION_GRANTS = {
    "city_admin": (("inspection", ALL),),
    "department_staff": (("inspection", EDIT),),
    "district_admin": (("inspection", ALL),),
    "district_staff": (("inspection", EDIT),),
    "school_admin": (("inspection", ("view", "change")),),
}
BUILTIN_ROLES = tuple(
    dataclasses.replace(r, grants=r.grants + INSPECTION_GRANTS[r.code])
    if r.code in INSPECTION_GRANTS
    else r
    for r in BUILTIN_ROLES
)

# 体质健康 (issue 23 §1): a school records and reads its students' results (the PE teacher
# uploads a class's); districts and the city read figures, not students, so their
# roles get no rows here (the aggregated report is the module's KPI, not a row list).
FITNESS_GRANTS = {
    "city_admin": (("fitness", ALL),),
    "school_admin": (("fitness", EDIT),),
    "teacher": (("fitness", ("view", "add", "change")),),
}
BUILTIN_ROLES = tuple(
    dataclasses.replace(r, grants=r.grants + FITNESS_GRANTS[r.code])
    if r.code in FITNESS_GRANTS
    else r
    for r in BUILTIN_ROLES
)
