"""The SMS outbox backend and the login codes' shared store: a code sent through one
worker process is checked by another."""

import json
import re

import pytest
from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache

from edugov.enrolment import sms

pytestmark = pytest.mark.django_db


def test_the_outbox_backend_appends_one_json_line_a_message(settings, tmp_path):
    settings.EDUGOV_SMS_OUTBOX = str(tmp_path / "outbox.jsonl")
    settings.EDUGOV_SMS_BACKEND = "edugov.enrolment.sms.OutboxSMS"
    sms.send_code("13800000001")
    sms.backend().send("13800000002", "您的入学申请 RX2026 状态：已录取")
    lines = [json.loads(x) for x in (tmp_path / "outbox.jsonl").read_text().splitlines()]
    assert [m["phone"] for m in lines] == ["13800000001", "13800000002"]
    code = re.search(r"验证码是 (\d{6})", lines[0]["text"]).group(1)
    assert sms.check_code("13800000001", code)
    assert not sms.check_code("13800000001", code)  # spent


def test_a_code_sent_through_one_process_is_checked_through_another(settings, tmp_path):
    """The codes live in the ``enrolment_sms`` database cache (its table made by the
    migration): a second cache object on the same table — what another gunicorn worker,
    or another app server, holds — reads and spends the code."""
    settings.EDUGOV_SMS_OUTBOX = str(tmp_path / "outbox.jsonl")
    settings.EDUGOV_SMS_BACKEND = "edugov.enrolment.sms.OutboxSMS"
    assert isinstance(caches["enrolment_sms"], DatabaseCache)  # the settings' store
    sms.send_code("13800000003")
    text = json.loads((tmp_path / "outbox.jsonl").read_text())["text"]
    code = re.search(r"验证码是 (\d{6})", text).group(1)
    other = DatabaseCache(settings.CACHES["enrolment_sms"]["LOCATION"], {})
    assert other.get(sms._key("13800000003"))["t"] == 0
    assert sms.check_code("13800000003", "000000" if code != "000000" else "111111") is False
    assert other.get(sms._key("13800000003"))["t"] == 1  # the wrong try is seen by both
    assert sms.check_code("13800000003", code)
    assert other.get(sms._key("13800000003")) is None
