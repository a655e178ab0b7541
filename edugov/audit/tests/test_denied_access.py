"""Finding L4: denied accesses are audited, and a scan cannot flood the chain."""

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from edugov.audit.middleware import DENIED, LIMIT, LIMITED
from edugov.audit.models import AuditEvent
from edugov.conftest import session_login

pytestmark = pytest.mark.django_db


def _denied():
    return AuditEvent.objects.filter(event_type__startswith="access.denied").order_by("seq")


def test_an_out_of_scope_404_is_recorded_without_the_query_string(cast, client_for):
    client = client_for(cast.donghu_officer)
    url = reverse("org:unit_detail", args=[cast.jinxian_school.pk])
    assert client.get(url, {"token": "s3cret-value"}).status_code == 404
    (event,) = _denied()
    assert (event.event_type, event.actor_username, event.outcome) == (
        DENIED,
        "donghu_admin",
        "failure",
    )
    assert event.changes == {"path": url, "method": "GET", "status": 404}
    assert "s3cret" not in event.changes["path"] + event.detail + event.object_repr


def test_a_page_that_does_not_exist_is_not_an_access_decision(cast, client_for):
    assert client_for(cast.donghu_officer).get("/no-such-page/").status_code == 404
    assert not _denied().exists()


def test_a_403_is_recorded_for_a_user_and_for_an_anonymous_ip(cast):
    client = session_login(Client(enforce_csrf_checks=True), cast.donghu_officer)
    url = reverse("org:unit_edit", args=[cast.donghu_school.pk])
    assert client.post(url, {"name": "x"}).status_code == 403
    anonymous = Client(enforce_csrf_checks=True, REMOTE_ADDR="203.0.113.9")
    assert anonymous.post(reverse("accounts:login"), {"username": "x"}).status_code == 403
    first, second = _denied()
    assert (first.actor_username, first.changes["method"], first.changes["status"]) == (
        "donghu_admin",
        "POST",
        403,
    )
    assert (second.actor_id, second.ip, second.changes["status"]) == (None, "203.0.113.9", 403)


def test_a_scan_is_recorded_at_most_20_times_in_10_minutes_then_summarised_once(cast):
    url = reverse("org:unit_detail", args=[cast.jinxian_school.pk])
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client = session_login(Client(), cast.donghu_officer)
        for _ in range(LIMIT + 15):
            assert client.get(url).status_code == 404
        # Another user is counted apart.
        session_login(Client(), cast.counselor).get(url)
    kinds = list(_denied().values_list("event_type", "actor_username"))
    assert kinds == [(DENIED, "donghu_admin")] * LIMIT + [
        (LIMITED, "donghu_admin"),
        (DENIED, "donghu_counselor"),
    ]
    with time_machine.travel(start + dt.timedelta(minutes=11), tick=False):
        session_login(Client(), cast.donghu_officer).get(url)
    assert _denied().last().event_type == DENIED
    assert _denied().count() == LIMIT + 3


def test_an_api_denial_is_recorded_against_the_token_user(cast):
    from edugov.conftest import token_client

    client = token_client(cast.donghu_officer)
    assert client.get(f"/api/units/{cast.jinxian_school.pk}/").status_code == 404
    (event,) = _denied()
    assert (event.actor_username, event.changes["status"]) == ("donghu_admin", 404)
