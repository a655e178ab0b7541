import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from edugov.accounts.models import LoginLock
from edugov.audit.models import AuditEvent
from edugov.conftest import PASSWORD, session_login

pytestmark = pytest.mark.django_db
LOGIN = "/accounts/login/"


def post_login(client, username, password, ip="10.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def events(kind):
    return AuditEvent.objects.filter(event_type=kind).count()


def test_a_good_login_rotates_the_session_key_and_is_audited_once(cast, client):
    client.get(LOGIN)
    before = client.cookies.get("sessionid")
    response = post_login(client, "donghu_admin", PASSWORD)
    assert response.status_code == 302
    assert client.cookies["sessionid"].value != (before.value if before else None)
    assert events("login.success") == 1
    assert client.get(reverse("org:unit_list")).status_code == 200


def test_five_failures_lock_and_the_sixth_attempt_fails_even_with_the_right_password(cast, client):
    for _ in range(5):
        post_login(client, "donghu_admin", "wrong-password")
    response = post_login(client, "donghu_admin", PASSWORD)
    assert response.status_code == 200 and "30" in response.content.decode()
    assert events("login.lockout") == 1 and events("login.success") == 0


def test_the_lock_is_keyed_on_username_and_ip(cast, client):
    for _ in range(5):
        post_login(client, "donghu_admin", "wrong", ip="10.0.0.1")
    assert post_login(Client(), "donghu_admin", PASSWORD, ip="10.0.0.2").status_code == 302


def test_failures_spread_over_more_than_15_minutes_do_not_lock(cast, client):
    start = timezone.now()
    for i in range(5):
        with time_machine.travel(start + dt.timedelta(minutes=4 * i), tick=False):
            post_login(client, "donghu_admin", "wrong")
    with time_machine.travel(start + dt.timedelta(minutes=17), tick=False):
        assert post_login(client, "donghu_admin", PASSWORD).status_code == 302


def test_the_lock_lifts_after_30_minutes(cast, client):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for _ in range(5):
            post_login(client, "donghu_admin", "wrong")
    with time_machine.travel(start + dt.timedelta(minutes=29), tick=False):
        assert post_login(client, "donghu_admin", PASSWORD).status_code == 200
    with time_machine.travel(start + dt.timedelta(minutes=31), tick=False):
        assert post_login(client, "donghu_admin", PASSWORD).status_code == 302


def test_unknown_users_get_the_same_response_and_the_same_lock(cast):
    def run(username):
        client = Client()
        pages = [post_login(client, username, "wrong").content for _ in range(6)]
        return [p.replace(username.encode(), b"") for p in pages]

    import re

    def main(page: bytes) -> bytes:
        # The page minus the per-response CSRF token.
        return re.sub(rb"[A-Za-z0-9]{64}", b"TOKEN", page)

    known, unknown = run("donghu_admin"), run("nobody_here")
    assert [main(p) for p in known] == [main(p) for p in unknown]
    assert LoginLock.objects.filter(username="nobody_here").exists()


def test_a_security_admin_can_unlock(cast, client_for):
    for _ in range(5):
        post_login(Client(), "donghu_admin", "wrong")
    lock = LoginLock.objects.get(username="donghu_admin")
    assert (
        client_for(cast.secadmin).post(reverse("accounts:lock_unlock", args=[lock.pk])).status_code
        == 302
    )
    assert not LoginLock.objects.exists()
    assert post_login(Client(), "donghu_admin", PASSWORD).status_code == 302
    assert events("login.unlock") == 1


def test_a_system_admin_cannot_unlock(cast, client_for):
    for _ in range(5):
        post_login(Client(), "donghu_admin", "wrong")
    lock = LoginLock.objects.get()
    assert (
        client_for(cast.sysadmin).post(reverse("accounts:lock_unlock", args=[lock.pk])).status_code
        == 404
    )


def test_no_audit_event_contains_the_password_tried(cast, client):
    post_login(client, "donghu_admin", "S3cret-Guess!")
    post_login(client, "donghu_admin", PASSWORD)
    dumped = " ".join(f"{e.changes} {e.detail} {e.object_repr}" for e in AuditEvent.objects.all())
    assert "S3cret-Guess!" not in dumped and PASSWORD not in dumped


def test_logout_ends_the_session_and_an_old_cookie_lands_on_the_login_page(cast, client):
    post_login(client, "donghu_admin", PASSWORD)
    old = client.cookies["sessionid"].value
    client.post(reverse("accounts:logout"))
    replay = Client()
    replay.cookies["sessionid"] = old
    response = replay.get(reverse("org:unit_list"))
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)
    assert events("logout") == 1


@pytest.mark.parametrize(
    ("user_name", "idle_minutes"), [("donghu_officer", 30), ("city_admin", 15)]
)
def test_an_idle_session_ends(cast, client, user_name, idle_minutes):
    user = getattr(cast, user_name)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        session_login(client, user)
    with time_machine.travel(start + dt.timedelta(minutes=idle_minutes - 1), tick=False):
        assert client.get("/").status_code == 200
    with time_machine.travel(start + dt.timedelta(minutes=2 * idle_minutes), tick=False):
        response = client.get("/")
        assert response.status_code == 302 and response["Location"].startswith(LOGIN)


@pytest.mark.parametrize(("user_name", "hours"), [("donghu_officer", 12), ("city_admin", 8)])
def test_a_session_lives_at_most_its_lifetime_however_busy(cast, client, user_name, hours):
    user = getattr(cast, user_name)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        session_login(client, user)
    t = start
    while t < start + dt.timedelta(hours=hours) - dt.timedelta(minutes=10):
        t += dt.timedelta(minutes=10)
        with time_machine.travel(t, tick=False):
            assert client.get("/").status_code == 200
    with time_machine.travel(start + dt.timedelta(hours=hours, minutes=5), tick=False):
        assert client.get("/").status_code == 302


def test_disabling_a_user_ends_her_sessions(cast, client, client_for):
    victim = Client()
    session_login(victim, cast.donghu_officer)
    client_for(cast.sysadmin).post(reverse("accounts:user_disable", args=[cast.donghu_officer.pk]))
    assert victim.get(reverse("org:unit_list")).status_code == 302


def test_the_security_admins_end_sessions_ends_them(cast, client_for):
    victim = Client()
    session_login(victim, cast.donghu_officer)
    assert victim.get(reverse("org:unit_list")).status_code == 200
    client_for(cast.secadmin).post(
        reverse("accounts:user_end_sessions", args=[cast.donghu_officer.pk])
    )
    response = victim.get(reverse("org:unit_list"))
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)
