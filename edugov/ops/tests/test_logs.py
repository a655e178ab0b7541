"""JSON log lines carry the request id that the response header and the audit trail
carry."""

from __future__ import annotations

import copy
import datetime as dt
import io
import json
import logging
import logging.config

import pytest
from django.conf import settings
from django.utils import timezone

from edugov.core.context import acting
from edugov.jobs.models import Job
from edugov.ops import health
from edugov.ops.logs import JsonFormatter, RequestIdFilter


def test_a_line_is_one_json_object_with_the_request_id():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter())
    log = logging.getLogger("edugov.test_json")
    log.addHandler(handler)
    try:
        with acting(None, request_id="req-42"):
            log.warning("学校 %s 导入 %d 行", "东湖区第一中学", 3, extra={"rows": 3})
        try:
            raise ValueError("boom")
        except ValueError:
            log.exception("crashed")
    finally:
        log.removeHandler(handler)
    first, second = (json.loads(line) for line in stream.getvalue().splitlines())
    assert first["message"] == "学校 东湖区第一中学 导入 3 行"
    assert (first["request_id"], first["level"], first["rows"]) == ("req-42", "WARNING", 3)
    assert first["logger"] == "edugov.test_json" and first["time"].endswith("+00:00")
    assert second["request_id"] == "" and "ValueError: boom" in second["exc"]


@pytest.mark.django_db
def test_the_settings_json_handler_logs_a_requests_id_as_its_response_header(
    client, cast, monkeypatch, settings
):
    config = copy.deepcopy(settings.LOGGING)
    config["handlers"]["console"]["formatter"] = "json"
    stream = io.StringIO()
    config["handlers"]["console"]["stream"] = stream
    logging.config.dictConfig(config)
    try:
        settings.EDUGOV_HEALTH_CACHE_SECONDS = 0
        monkeypatch.setattr(health, "_cache", None)
        Job.objects.create(
            kind="test.kind",
            title="t",
            owner=cast.donghu_officer,
            unit=cast.donghu,
        )
        Job.objects.update(created_at=timezone.now() - dt.timedelta(days=1))
        response = client.get("/ops/health/", HTTP_X_REQUEST_ID="lb-probe-7")
        assert response.status_code == 503
    finally:
        logging.config.dictConfig(settings.LOGGING)
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    failed = [x for x in lines if x["logger"] == "edugov.health"]
    assert failed and failed[0]["request_id"] == response["X-Request-ID"] == "lb-probe-7"
    assert "job_queue" in failed[0]["message"]


def test_the_console_handler_has_the_json_formatter_and_the_request_id_filter():
    assert settings.LOGGING["formatters"]["json"]["()"] == "edugov.ops.logs.JsonFormatter"
    assert "request_id" in settings.LOGGING["handlers"]["console"]["filters"]
