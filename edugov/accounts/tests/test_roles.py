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
