"""Notifications: the inbox, e-mail, and a group robot that fails first and is retried
without holding up or rolling back the move."""

from __future__ import annotations

import datetime as dt
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from edugov.casework import notify
from edugov.casework.escalation import scan
from edugov.casework.models import Case, Delivery, DeliveryStatus, Notification
from edugov.conftest import make_user

from .conftest import T0, at, move

pytestmark = pytest.mark.django_db


class Robot(BaseHTTPRequestHandler):
    """A 企业微信-style group robot: the first ``fail`` requests get a 500."""

    fail = 1
    received: list[dict] = []

    def do_POST(self):  # noqa: N802 - the http.server API
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).received.append({"path": self.path, "json": json.loads(body)})
        if len(type(self).received) <= type(self).fail:
            self.send_response(500)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b'{"errcode": 0, "errmsg": "ok"}')

    def log_message(self, *args):
        pass


@pytest.fixture
def robot(settings):
    Robot.received = []
    Robot.fail = 1
    server = HTTPServer(("127.0.0.1", 0), Robot)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.EDUGOV_CASEWORK_WEBHOOKS = [
        {"name": "督办群", "url": f"http://127.0.0.1:{server.server_port}/send?key=k"}
    ]
    yield Robot
    server.shutdown()
    server.server_close()


def test_assigning_tells_the_lead_and_co_units_in_their_inbox(cast, open_case, duban):
    case = open_case()
    move(case, cast.city_admin, "assign", lead_unit=cast.donghu, supervising_unit=duban.unit)
    inbox = Notification.objects.filter(case=case)
    assert list(inbox.values_list("recipient__username", flat=True)) == ["donghu_admin"]
    assert "交办" in inbox.get().subject and case.number in inbox.get().subject


def test_a_unit_member_without_casework_is_not_told(cast, open_case):
    # A teacher of 东湖区第一中学 holds no casework permission: told nothing, and never
    # sent the title of a case she could not open. (Its counselor works crisis cases
    # since issue 18, so she reads the school's cases.)
    teacher = make_user("junior_teacher", "teacher", cast.donghu_junior)
    case = open_case()
    move(case, cast.city_admin, "assign", lead_unit=cast.donghu_junior)
    assert not Notification.objects.filter(recipient=teacher).exists()


def test_email_goes_to_recipients_with_an_address_after_the_commit(
    cast, open_case, django_capture_on_commit_callbacks
):
    cast.donghu_officer.email = "donghu@example.cn"
    cast.donghu_officer.save()
    case = open_case()
    with django_capture_on_commit_callbacks(execute=True):
        move(case, cast.city_admin, "assign", lead_unit=cast.donghu)
    assert [m.to for m in mail.outbox] == [["donghu@example.cn"]]
    assert Delivery.objects.get().status == DeliveryStatus.SENT


def test_a_failing_robot_is_retried_and_never_undoes_the_move(
    cast, open_case, robot, django_capture_on_commit_callbacks
):
    case = open_case()
    # The after-commit send reads the platform's clock: frozen at the move's moment.
    with time_machine.travel(T0, tick=False), django_capture_on_commit_callbacks(execute=True):
        move(case, cast.city_admin, "assign", lead_unit=cast.donghu)
    case.refresh_from_db()
    assert case.state == "assigned"  # the move stands
    delivery = Delivery.objects.get(channel="webhook")
    assert delivery.status == DeliveryStatus.PENDING and delivery.attempts == 1
    assert "500" in delivery.last_error
    assert delivery.next_attempt_at == T0 + dt.timedelta(seconds=notify.BACKOFF[0])
    assert len(robot.received) == 1
    # The scan retries it once its pause is over, not before.
    assert scan(at(2023, 9, 25, 10, 0, 30)).sent == 0
    result = scan(delivery.next_attempt_at)
    assert result.sent == 1
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT and delivery.attempts == 2
    assert robot.received[-1]["json"]["msgtype"] == "text"
    assert case.number in robot.received[-1]["json"]["text"]["content"]
    scan(at(2023, 9, 27, 12, 0))  # later scans do not send it again
    delivery.refresh_from_db()
    assert delivery.attempts == 2
    assigned = [r for r in robot.received if "交办" in r["json"]["text"]["content"]]
    assert len(assigned) == 2  # the failed attempt and the one that went through


def test_a_robot_that_keeps_failing_gives_up_and_says_so(cast, open_case, robot, caplog):
    robot.fail = 100
    case = open_case()
    move(case, cast.city_admin, "assign", lead_unit=cast.donghu)
    delivery = Delivery.objects.get(channel="webhook")
    moment = T0
    for _ in range(notify.MAX_ATTEMPTS):
        notify.deliver(now=moment)
        delivery.refresh_from_db()
        moment = delivery.next_attempt_at
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.attempts == notify.MAX_ATTEMPTS
    assert "failed for good" in caplog.text
    assert Case.objects.get(pk=case.pk).state == "assigned"


def test_a_robot_answering_errcode_is_a_failure(cast, open_case, robot):
    robot.fail = 0
    case = open_case()
    move(case, cast.city_admin, "assign", lead_unit=cast.donghu)
    delivery = Delivery.objects.get(channel="webhook")
    delivery.target = "unknown"
    delivery.save()
    notify.deliver(now=T0)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.PENDING and "unknown" in delivery.last_error


def test_a_dingtalk_secret_signs_the_url():
    url = notify.signed_url("https://oapi.dingtalk.com/robot/send?access_token=t", "SEC", 1)
    assert url.startswith("https://oapi.dingtalk.com/robot/send?access_token=t&timestamp=1&sign=")
    assert url != notify.signed_url("https://oapi.dingtalk.com/robot/send?access_token=t", "X", 1)


def test_the_header_shows_the_unread_count_and_reading_clears_it(cast, open_case, client_for):
    case = open_case()
    move(case, cast.city_admin, "assign", lead_unit=cast.donghu)
    client = client_for(cast.donghu_officer)
    page = client.get(reverse("casework:case_list")).content.decode()
    assert reverse("casework:unread_badge") in page  # the header loads it
    badge = client.get(reverse("casework:unread_badge")).content.decode()
    assert ">1</span>" in badge
    notices = client.get(reverse("casework:inbox"), {"box": "notices"}).content.decode()
    assert case.number in notices
    client.post(reverse("casework:notifications_read"))
    assert ">0</span>" in client.get(reverse("casework:unread_badge")).content.decode()


def test_one_users_notifications_are_not_anothers(cast, open_case, client_for):
    case = open_case()
    move(case, cast.city_admin, "assign", lead_unit=cast.donghu)
    mine = Notification.objects.get(recipient=cast.donghu_officer)
    client = client_for(cast.donghu_principal)
    assert (
        case.number
        not in client.get(reverse("casework:inbox"), {"box": "notices"}).content.decode()
    )
    client.post(reverse("casework:notifications_read"), {"pk": mine.pk})
    mine.refresh_from_db()
    assert mine.read_at is None
