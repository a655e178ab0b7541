"""三员 separation below the services: the ORM in both directions, the seeding and
manage.py commands (accounts/separation.py, accounts/signals.py)."""

import contextlib

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import transaction

from edugov.accounts import roles as builtin
from edugov.accounts import separation
from edugov.accounts.models import Role, RoleAssignment, User
from edugov.accounts.separation import DUTY_PERMISSIONS, SeparationError
from edugov.core.context import acting

pytestmark = pytest.mark.django_db


@contextlib.contextmanager
def refused():
    # The ORM's m2m writes run in the caller's transaction: a savepoint keeps the test's
    # usable after the refusal.
    with pytest.raises(SeparationError), transaction.atomic():
        yield


def perm(name: str) -> Permission:
    app, _, codename = name.partition(".")
    return Permission.objects.get(content_type__app_label=app, codename=codename)


def role(code: str) -> Role:
    return Role.objects.get(code=code)


def test_the_three_duties_are_disjoint_and_keep_their_powers():
    system, security, audit = (DUTY_PERMISSIONS[d] for d in ("system", "security", "audit"))
    assert not (system & security or system & audit or security & audit)
    assert "accounts.change_user" in system and "accounts.add_user" in system
    assert {"accounts.assign_role", "accounts.change_role", "org.manage_supervision"} <= security
    assert {"audit.view_auditevent", "audit.export_auditevent"} <= audit


def test_a_duty_spec_that_overlaps_another_or_sweeps_an_app_is_refused(monkeypatch):
    overlapping = (
        *builtin.BUILTIN_ROLES,
        builtin.RoleSpec("auditor2", "x", (("accounts.role", ("view",)),), duty="audit"),
    )
    monkeypatch.setattr(separation, "BUILTIN_ROLES", overlapping)
    with pytest.raises(ImproperlyConfigured):
        separation._build_duty_permissions()
    sweeping = (
        *builtin.BUILTIN_ROLES,
        builtin.RoleSpec("a2", "x", (("audit", ("view",)),), "audit"),
    )
    monkeypatch.setattr(separation, "BUILTIN_ROLES", sweeping)
    with pytest.raises(ImproperlyConfigured):
        separation._build_duty_permissions()


def test_a_duty_role_cannot_get_another_dutys_permission_through_the_orm(cast):
    with refused():
        role("security_admin").permissions.add(perm("audit.view_auditevent"))
    with refused():  # the reverse accessor is the same table
        perm("audit.export_auditevent").roles.add(role("security_admin"))
    with refused():
        role("system_admin").permissions.add(perm("accounts.assign_role"))
    assert not User.objects.get(pk=cast.secadmin.pk).has_perm("audit.view_auditevent")


def test_an_ordinary_role_cannot_carry_a_duty_permission(cast):
    with refused():
        role("teacher").permissions.add(perm("audit.view_auditevent"))
    custom = Role.objects.create(code="helper", name="助手")
    with refused():
        custom.permissions.set([perm("accounts.assign_role")])


def test_a_separated_role_cannot_hold_personal_data(cast):
    for code in ("audit_admin", "system_admin", "security_admin"):
        with refused():
            role(code).permissions.add(perm("students.view_student"))
    with refused():
        role("audit_admin").permissions.add(perm("students.view_full_personal_data"))


def test_roles_add_cannot_give_a_second_duty_and_copies_the_duty(cast):
    with refused():
        cast.sysadmin.roles.add(role("audit_admin"))
    with refused():
        role("audit_admin").users.add(cast.secadmin)
    # add() skips RoleAssignment.save; the duty the database constraint needs is copied.
    role("audit_admin").users.add(cast.city_admin)
    assert (
        RoleAssignment.objects.get(user=cast.city_admin, role__code="audit_admin").duty == "audit"
    )


def test_a_held_role_cannot_change_its_duty(cast):
    teacher = role("teacher")
    teacher.duty = "audit"
    with refused():
        teacher.save()


def test_nobody_changes_their_own_roles_even_through_the_orm(cast):
    with acting(cast.sysadmin):
        with refused():
            RoleAssignment.objects.create(user=cast.sysadmin, role=role("city_admin"))
        with refused():
            cast.sysadmin.roles.remove(role("system_admin"))
    with acting(cast.secadmin):
        with refused():
            cast.secadmin.roles.add(role("teacher"))
        with refused():
            role("security_admin").permissions.remove(perm("accounts.view_loginlock"))


def test_the_system_admin_cannot_give_a_protected_role_through_the_orm(cast):
    with acting(cast.sysadmin):
        with refused():
            RoleAssignment.objects.create(user=cast.counselor, role=role("city_admin"))
        with refused():
            RoleAssignment.objects.filter(user=cast.secadmin).delete()
    assert cast.secadmin.roles.get().code == "security_admin"


def test_groups_and_per_user_permissions_are_refused(cast):
    with refused():
        cast.counselor.user_permissions.add(perm("audit.view_auditevent"))
    group = Group.objects.create(name="auditors")
    with refused():
        cast.counselor.groups.add(group)


def test_seeding_respects_the_separation(cast, monkeypatch):
    builtin.sync_builtin_roles()  # a second run on a seeded database is fine
    for r in Role.objects.prefetch_related("permissions__content_type"):
        separation.check_role_permissions(r, r.permissions.all())
    # A built-in role declared with another duty's permission fails the migrate.
    monkeypatch.setitem(
        builtin.EXTRA_PERMISSIONS,
        "city_admin",
        ("students.approve_export", "audit.view_auditevent"),
    )
    with refused():
        builtin.sync_builtin_roles()


def test_manage_py_commands_cannot_give_an_account_a_second_duty(cast):
    call_command("create_system_admin", "root2", stdout=open("/dev/null", "w"))  # noqa: SIM115
    root2 = User.objects.get(username="root2")
    assert root2.duty() == "system"
    with refused():
        call_command(
            "shell",
            command=(
                "from edugov.accounts.models import Role, User; "
                "User.objects.get(username='root2').roles.add(Role.objects.get(code='audit_admin'))"
            ),
        )
    assert list(root2.roles.values_list("code", flat=True)) == ["system_admin"]


def test_the_startup_check_finds_a_role_broken_before_the_rules_existed(cast):
    from edugov.accounts.checks import roles_respect_the_separation

    assert roles_respect_the_separation(None) == []
    # Written around the signals, as an old database or raw SQL would have it.
    Role.permissions.through.objects.bulk_create(
        [
            Role.permissions.through(
                role=role("security_admin"), permission=perm("audit.view_auditevent")
            )
        ]
    )
    assert [e.id for e in roles_respect_the_separation(None)] == ["edugov.E003"]


def test_an_object_grant_cannot_cross_the_duties_or_be_given_to_oneself(cast):
    from django.contrib.contenttypes.models import ContentType

    from edugov.accounts.models import ObjectGrant
    from edugov.audit.models import AuditEvent
    from edugov.students.models import Student

    audit_ct = ContentType.objects.get_for_model(AuditEvent)
    with refused():
        ObjectGrant.objects.create(
            user=cast.secadmin, content_type=audit_ct, object_id=1, action="view"
        )
    with refused():  # a separated admin gets no personal data row by row either
        ObjectGrant.objects.create(
            user=cast.sysadmin,
            content_type=ContentType.objects.get_for_model(Student),
            object_id=1,
            action="view",
        )
    with acting(cast.secadmin), refused():
        ObjectGrant.objects.create(
            user=cast.secadmin,
            content_type=ContentType.objects.get_for_model(User),
            object_id=cast.city_admin.pk,
            action="change",
        )
    # An ordinary grant between others is still fine.
    ObjectGrant.objects.create(
        user=cast.counselor,
        content_type=ContentType.objects.get_for_model(Student),
        object_id=1,
        action="view",
    )
