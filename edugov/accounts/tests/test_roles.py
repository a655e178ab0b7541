import pytest
from django.db import IntegrityError, transaction

from edugov.accounts.models import Role, RoleAssignment, User

pytestmark = pytest.mark.django_db


def test_no_account_can_hold_two_separated_duties(cast):
    # bulk_create skips save() and every signal: the database constraint still refuses.
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.bulk_create(
            [
                RoleAssignment(
                    user=cast.sysadmin, role=Role.objects.get(code="audit_admin"), duty="audit"
                )
            ]
        )


def test_a_separated_admin_may_still_hold_an_ordinary_role(cast):
    RoleAssignment.objects.create(user=cast.sysadmin, role=Role.objects.get(code="teacher"))
    assert set(cast.sysadmin.roles.values_list("code", flat=True)) == {"system_admin", "teacher"}


def test_usernames_are_unique_regardless_of_case(cast):
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="City_Admin")


def test_login_is_case_insensitive(cast, client):
    from edugov.conftest import PASSWORD

    assert client.login(username="CITY_ADMIN", password=PASSWORD)


def test_permissions_come_from_roles_only(cast):
    user = User.objects.get(pk=cast.donghu_officer.pk)
    assert user.has_perm("org.change_unit")
    assert not user.has_perm("audit.view_auditevent")
    assert not User.objects.get(pk=cast.auditadmin.pk).has_perm("org.view_unit")


def test_the_system_admin_manages_accounts_but_cannot_read_the_audit_log(cast):
    user = User.objects.get(pk=cast.sysadmin.pk)
    assert user.has_perm("accounts.change_user") and user.has_perm("org.change_unit")
    assert not user.has_perm("audit.view_auditevent")


def test_the_system_admin_edits_a_user_and_the_change_is_audited(cast, client_for):
    from django.urls import reverse

    from edugov.audit.models import AuditEvent

    target = cast.donghu_principal
    response = client_for(cast.sysadmin).post(
        reverse("accounts:user_edit", args=[target.pk]),
        {
            "username": target.username,
            "display_name": "孙丽",
            "phone": "13812341234",
            "unit": target.unit_id,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    event = AuditEvent.objects.order_by("-seq").first()
    assert event.event_type == "user.update"
    assert event.actor_username == "sysadmin"
    # The principal's role reaches personal data: the form could not show it, and kept it.
    assert "roles" not in event.changes
    assert target.roles.get().code == "school_admin"
    # Personal data is masked in the audit trail.
    assert event.changes["phone"] == ["", "138****1234"]


# --- 三员 through the pages (accounts/separation.py) -----------------------------------


def _user_form(user, **overrides):
    data = {
        "username": user.username,
        "display_name": user.display_name,
        "phone": user.phone,
        "unit": user.unit_id,
        "is_active": "on",
    }
    return {**data, **overrides}


def test_the_system_admin_cannot_give_herself_the_city_admin_role(cast, client_for):
    from django.urls import reverse

    client = client_for(cast.sysadmin)
    city_admin = Role.objects.get(code="city_admin")
    response = client.post(
        reverse("accounts:user_edit", args=[cast.sysadmin.pk]),
        _user_form(cast.sysadmin, roles=[city_admin.pk]),
    )
    assert response.status_code == 400
    assert list(cast.sysadmin.roles.values_list("code", flat=True)) == ["system_admin"]
    assert client.get(reverse("students:student_list")).status_code == 404


def test_the_system_admin_cannot_give_anyone_a_duty_or_personal_data_role(cast, client_for):
    from django.urls import reverse

    client = client_for(cast.sysadmin)
    for code in ("audit_admin", "security_admin", "city_admin", "teacher"):
        response = client.post(
            reverse("accounts:user_edit", args=[cast.counselor.pk]),
            _user_form(cast.counselor, roles=[Role.objects.get(code=code).pk]),
        )
        assert response.status_code == 400, code
    assert list(cast.counselor.roles.values_list("code", flat=True)) == ["counselor"]


def test_the_system_admin_gives_a_harmless_role_and_keeps_the_others(cast, client_for):
    from django.contrib.auth.models import Permission
    from django.urls import reverse

    helper = Role.objects.create(code="job_watcher", name="任务查看")
    helper.permissions.add(Permission.objects.get(codename="view_job"))
    response = client_for(cast.sysadmin).post(
        reverse("accounts:user_edit", args=[cast.counselor.pk]),
        _user_form(cast.counselor, roles=[helper.pk]),
    )
    assert response.status_code == 302
    assert set(cast.counselor.roles.values_list("code", flat=True)) == {"counselor", "job_watcher"}


def test_nobody_moves_their_own_account_to_another_unit(cast, client_for):
    from django.urls import reverse

    response = client_for(cast.sysadmin).post(
        reverse("accounts:user_edit", args=[cast.sysadmin.pk]),
        _user_form(cast.sysadmin, unit=cast.donghu.pk),
    )
    assert response.status_code == 400
    assert User.objects.get(pk=cast.sysadmin.pk).unit_id == cast.city.pk


def _role_form(role, extra=()):
    codenames = [p.pk for p in role.permissions.all()] + [p.pk for p in extra]
    return {"code": role.code, "name": role.name, "description": "", "permissions": codenames}


def test_the_security_admin_cannot_give_her_role_the_audit_permissions(cast, client_for):
    from django.contrib.auth.models import Permission
    from django.urls import reverse

    client = client_for(cast.secadmin)
    role = Role.objects.get(code="security_admin")
    audit = Permission.objects.filter(
        content_type__app_label="audit", codename__endswith="_auditevent"
    )
    response = client.post(reverse("accounts:role_edit", args=[role.pk]), _role_form(role, audit))
    assert response.status_code == 400
    assert not role.permissions.filter(content_type__app_label="audit").exists()
    assert client.get(reverse("audit:list")).status_code == 404


def test_nobody_edits_the_permissions_of_a_role_they_hold(cast, client_for):
    from django.urls import reverse

    role = Role.objects.get(code="security_admin")
    data = _role_form(role)
    data["permissions"] = data["permissions"][1:]  # even taking one away
    response = client_for(cast.secadmin).post(reverse("accounts:role_edit", args=[role.pk]), data)
    assert response.status_code == 400
    assert role.permissions.count() == len(data["permissions"]) + 1


def test_a_role_cannot_be_edited_to_hold_another_dutys_or_personal_permissions(cast, client_for):
    from django.contrib.auth.models import Permission
    from django.urls import reverse

    client = client_for(cast.secadmin)
    audit_role = Role.objects.get(code="audit_admin")
    for codename in ("change_role", "view_student", "change_user"):
        extra = Permission.objects.filter(codename=codename)
        response = client.post(
            reverse("accounts:role_edit", args=[audit_role.pk]), _role_form(audit_role, extra)
        )
        assert response.status_code == 400, codename
    # A new ordinary role cannot carry a duty's permission either.
    response = client.post(
        reverse("accounts:role_create"),
        {
            "code": "peeker",
            "name": "窥视",
            "permissions": [Permission.objects.get(codename="view_auditevent").pk],
        },
    )
    assert response.status_code == 400
    assert not Role.objects.filter(code="peeker").exists()


def test_a_users_roles_permissions_and_class_bound_flags_come_from_one_query(cast):
    """``accounts.backends.load_roles``: a role without permissions still counts among the
    codes; a permission is class-bound only if every role granting it is."""
    from django.contrib.auth.models import Permission
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from edugov.core.scoping import class_bound
    from edugov.students.models import Student

    view = Permission.objects.get(codename="view_student")
    bound = Role.objects.create(code="t_bound", name="班级", class_bound=True)
    bound.permissions.add(view)
    empty = Role.objects.create(code="t_empty", name="无权限")
    user = User.objects.create(username="t_roles", unit=cast.donghu_school)
    for role in (bound, empty):
        RoleAssignment.objects.create(user=user, role=role)
    user = User.objects.get(pk=user.pk)
    with CaptureQueriesContext(connection) as queries:
        assert user.role_codes() == ["t_bound", "t_empty"]
        assert user.has_perm("students.view_student")
        assert class_bound(user, Student, "view")
    assert len(queries) == 1
    whole = Role.objects.create(code="t_whole", name="全校")
    whole.permissions.add(view)
    RoleAssignment.objects.create(user=user, role=whole)
    user = User.objects.get(pk=user.pk)
    assert not class_bound(user, Student, "view")  # another role grants it school-wide
