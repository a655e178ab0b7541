"""API tokens (issue 13, H3): the token endpoint shares the form login's lockout and
audit, refuses accounts that need a second factor before looking at the password, and
its tokens are stored hashed, expire, and die with every act that ends a user's access."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from edugov.accounts.models import User
from edugov.audit.models import AuditEvent
from edugov.conftest import PASSWORD, session_login

pytestmark = pytest.mark.django_db
TOKEN_URL = "/api/token/"
NEW_PASSWORD = "Fresh#pass2024x"


def obtain(username, password, ip="10.0.0.1"):
    return APIClient().post(TOKEN_URL, {"username": username, "password": password}, REMOTE_ADDR=ip)


def key_for(user, password=PASSWORD):
    response = obtain(user.username, password)
    assert response.status_code == 200, response.content
    return response.json()["token"]


def api_status(key):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client.get("/api/units/").status_code


def events(kind, **filters):
    return AuditEvent.objects.filter(event_type=kind, **filters).count()


def test_thirty_wrong_passwords_lock_the_endpoint_and_the_form_login_and_are_audited(cast):
    for _ in range(30):
        assert obtain("donghu_admin", "wrong-password").status_code == 400
    assert obtain("donghu_admin", PASSWORD).status_code == 400
    assert events("login.lockout") == 1
    assert events("login.failure") == 31  # 5 counted, then 26 refused by the lock
    form = Client().post(
        reverse("accounts:login"),
        {"username": "donghu_admin", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.1",
    )
    assert form.status_code == 200 and events("login.success") == 0


def test_a_token_from_the_endpoint_is_audited_as_a_login_and_a_creation(cast):
    key_for(cast.donghu_officer)
    success = AuditEvent.objects.get(event_type="login.success")
    created = AuditEvent.objects.get(event_type="token.create")
    assert success.detail == "api token" and created.actor_username == "donghu_admin"


def test_failures_on_the_form_login_lock_the_token_endpoint(cast):
    for _ in range(5):
        Client().post(
            reverse("accounts:login"),
            {"username": "donghu_admin", "password": "wrong"},
            REMOTE_ADDR="10.0.0.1",
        )
    assert obtain("donghu_admin", PASSWORD).status_code == 400


def test_an_account_that_needs_two_factors_is_refused_before_its_password_is_checked(
    cast, monkeypatch
):
    checked = []
    original = User.check_password

    def spy(self, raw):
        checked.append(self.username)
        return original(self, raw)

    monkeypatch.setattr(User, "check_password", spy)
    right, wrong = obtain("city_admin", PASSWORD), obtain("city_admin", "wrong-password")
    assert checked == []
    # The right password earns exactly the answer of a wrong one: nothing is confirmed.
    assert right.status_code == wrong.status_code == 400
    assert right.json() == wrong.json()
    assert events("login.failure", object_repr="city_admin") == 2


def test_an_account_that_owes_a_password_change_gets_no_token(cast):
    User.objects.filter(pk=cast.donghu_officer.pk).update(must_change_password=True)
    assert obtain("donghu_admin", PASSWORD).status_code == 400


def test_logout_keeps_a_token_but_the_security_admins_end_sessions_kills_it(cast):
    key = key_for(cast.donghu_officer)
    browser = Client()
    browser.post(reverse("accounts:login"), {"username": "donghu_admin", "password": PASSWORD})
    browser.post(reverse("accounts:logout"))
    # Plain logout ends the browser session only (docs/security.md, "API tokens").
    assert api_status(key) == 200
    admin = session_login(Client(), cast.secadmin)
    admin.post(reverse("accounts:user_end_sessions", args=[cast.donghu_officer.pk]))
    assert api_status(key) == 401


@pytest.mark.parametrize("how", ["disable button", "edit form"])
def test_disabling_the_account_kills_its_tokens_for_good(cast, how):
    key = key_for(cast.donghu_officer)
    admin = session_login(Client(), cast.sysadmin)
    target = cast.donghu_officer
    if how == "disable button":
        admin.post(reverse("accounts:user_disable", args=[target.pk]))
    else:
        response = admin.post(
            reverse("accounts:user_edit", args=[target.pk]),
            {
                "username": target.username,
                "display_name": target.display_name,
                "phone": "",
                "unit": target.unit_id,
                # No roles posted: the system admin's form keeps the roles she may not give.
            },
        )
        assert response.status_code == 302
    assert api_status(key) == 401
    # Enabling the account again does not bring the old token back.
    User.objects.filter(pk=target.pk).update(is_active=True)
    assert api_status(key) == 401


@pytest.mark.parametrize("how", ["own change", "admin reset"])
def test_a_password_change_kills_the_tokens(cast, how):
    key = key_for(cast.donghu_officer)
    if how == "own change":
        response = session_login(Client(), cast.donghu_officer).post(
            reverse("accounts:password_change"),
            {
                "old_password": PASSWORD,
                "new_password1": NEW_PASSWORD,
                "new_password2": NEW_PASSWORD,
            },
        )
        assert response.status_code == 302
    else:
        session_login(Client(), cast.sysadmin).post(
            reverse("accounts:user_reset_password", args=[cast.donghu_officer.pk])
        )
        User.objects.filter(pk=cast.donghu_officer.pk).update(must_change_password=False)
    assert api_status(key) == 401


def test_a_token_expires_after_the_configured_days(cast, settings):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        key = key_for(cast.donghu_officer)
    with time_machine.travel(start + dt.timedelta(days=29), tick=False):
        assert api_status(key) == 200
    with time_machine.travel(start + dt.timedelta(days=31), tick=False):
        assert api_status(key) == 401
    settings.EDUGOV_API_TOKEN_DAYS = 2
    with time_machine.travel(start, tick=False):
        short = key_for(cast.donghu_principal)
    with time_machine.travel(start + dt.timedelta(days=3), tick=False):
        assert api_status(short) == 401


def test_the_database_holds_no_key_in_clear(cast):
    key = key_for(cast.donghu_officer)
    assert api_status(key) == 200
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f'SELECT * FROM "{table}"')
            if any(key in str(value) for row in cursor.fetchall() for value in row):
                found.append(table)
    assert found == []


def test_a_token_made_on_the_page_is_shown_once_works_and_is_audited(cast):
    client = session_login(Client(), cast.donghu_officer)
    assert reverse("accounts:token_list") in client.get("/").content.decode()
    response = client.post(reverse("accounts:token_create"), {"name": "nightly sync"})
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    key = response.context["key"]
    assert key in response.content.decode() and api_status(key) == 200
    listing = client.get(reverse("accounts:token_list")).content.decode()
    assert "nightly sync" in listing and key not in listing
    assert events("token.create") == 1


def test_a_user_sees_and_revokes_only_her_own_tokens(cast):
    mine = session_login(Client(), cast.donghu_officer)
    mine.post(reverse("accounts:token_create"), {"name": "officer-token"})
    theirs = session_login(Client(), cast.donghu_principal)
    their_key = theirs.post(reverse("accounts:token_create"), {"name": "principal-token"})
    their_key = their_key.context["key"]
    listing = mine.get(reverse("accounts:token_list")).content.decode()
    assert "officer-token" in listing and "principal-token" not in listing
    from edugov.accounts.models import ApiToken

    own = ApiToken.objects.get(user=cast.donghu_officer)
    other = ApiToken.objects.get(user=cast.donghu_principal)
    assert mine.post(reverse("accounts:token_revoke", args=[other.pk])).status_code == 404
    assert api_status(their_key) == 200
    assert mine.post(reverse("accounts:token_revoke", args=[own.pk])).status_code == 302
    assert not ApiToken.objects.filter(pk=own.pk).exists()
    assert events("token.revoke") == 1


def test_an_account_that_needs_two_factors_cannot_make_a_token_on_the_page(cast):
    client = session_login(Client(), cast.city_admin)
    assert client.get(reverse("accounts:token_list")).status_code == 200
    client.post(reverse("accounts:token_create"), {"name": "x"})
    from edugov.accounts.models import ApiToken

    assert not ApiToken.objects.exists()
