"""The security admin's page that gives a user roles (三员: accounts/separation.py)."""

import pytest
from django.urls import reverse

from edugov.accounts.models import Role
from edugov.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def pks(*codes):
    return [Role.objects.get(code=c).pk for c in codes]


def test_the_security_admin_assigns_roles_and_it_is_audited(cast, client_for):
    target = cast.donghu_principal
    response = client_for(cast.secadmin).post(
        reverse("accounts:role_assign", args=[target.pk]), {"roles": pks("teacher")}
    )
    assert response.status_code == 302
    assert list(target.roles.values_list("code", flat=True)) == ["teacher"]
    event = AuditEvent.objects.order_by("-seq").first()
    assert (event.event_type, event.actor_username) == ("user.roles", "secadmin")
    assert event.changes["roles"] == [["school_admin"], ["teacher"]]


def test_the_security_admin_may_give_a_separated_duty(cast, client_for):
    response = client_for(cast.secadmin).post(
        reverse("accounts:role_assign", args=[cast.counselor.pk]), {"roles": pks("audit_admin")}
    )
    assert response.status_code == 302
    assert cast.counselor.duty() == "audit"


def test_the_security_admin_cannot_assign_her_own_roles(cast, client_for):
    response = client_for(cast.secadmin).post(
        reverse("accounts:role_assign", args=[cast.secadmin.pk]),
        {"roles": pks("security_admin", "city_admin")},
    )
    assert response.status_code == 400
    assert "不能更改自己的角色" in response.content.decode()
    assert list(cast.secadmin.roles.values_list("code", flat=True)) == ["security_admin"]


def test_the_page_refuses_two_duties_on_one_account(cast, client_for):
    response = client_for(cast.secadmin).post(
        reverse("accounts:role_assign", args=[cast.sysadmin.pk]),
        {"roles": pks("system_admin", "audit_admin")},
    )
    assert response.status_code == 400
    assert list(cast.sysadmin.roles.values_list("code", flat=True)) == ["system_admin"]


def test_only_the_security_admin_opens_it_or_sees_its_button(cast, client_for):
    url = reverse("accounts:role_assign", args=[cast.counselor.pk])
    for name, user in cast.users().items():
        expected = 200 if name == "secadmin" else 404
        assert client_for(user).get(url).status_code == expected, name
        assert (client_for(user).post(url, {"roles": pks("city_admin")}).status_code == 302) == (
            name == "secadmin"
        ), name
    detail = reverse("accounts:user_detail", args=[cast.counselor.pk])
    assert url in client_for(cast.secadmin).get(detail).content.decode()
    assert url not in client_for(cast.sysadmin).get(detail).content.decode()
