"""The health endpoint: 200 when the database, the job queue and the storage answer,
503 when one does not; it names no reason to its anonymous caller."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import OperationalError, connection
from django.utils import timezone

from edugov.jobs.models import Job, JobStatus
from edugov.ops import health

pytestmark = pytest.mark.django_db
URL = "/ops/health/"


@pytest.fixture(autouse=True)
def fresh(settings, monkeypatch):
    settings.EDUGOV_HEALTH_CACHE_SECONDS = 0
    monkeypatch.setattr(health, "_cache", None)


def test_a_healthy_system_answers_200_without_a_login(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "job_queue": "ok", "storage": "ok"},
    }
    assert "no-cache" in response["Cache-Control"]


def test_a_database_that_does_not_answer_is_a_503_with_no_reason_given(client, caplog):
    def down(execute, sql, params, many, context):
        raise OperationalError('connection to server at "10.1.2.3", port 5432 failed')

    with connection.execute_wrapper(down):
        response = client.get(URL)
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["database"] == "unavailable"
    assert body["checks"]["storage"] == "ok"
    assert "10.1.2.3" not in response.content.decode()  # the reason goes to the log only
    assert any("10.1.2.3" in r.getMessage() for r in caplog.records)


def test_a_job_queue_nobody_takes_jobs_from_is_a_503(client, cast, settings):
    settings.EDUGOV_HEALTH_JOB_QUEUE_MAX_AGE = 600
    job = Job.objects.create(
        kind="test.kind", title="t", owner=cast.donghu_officer, unit=cast.donghu
    )
    assert client.get(URL).status_code == 200  # queued a moment ago: a worker may be busy
    Job.objects.filter(pk=job.pk).update(created_at=timezone.now() - dt.timedelta(minutes=11))
    response = client.get(URL)
    assert response.status_code == 503
    assert response.json()["checks"] == {
        "database": "ok",
        "job_queue": "unavailable",
        "storage": "ok",
    }
    Job.objects.filter(pk=job.pk).update(status=JobStatus.SUCCEEDED)
    assert client.get(URL).status_code == 200


def test_storage_that_cannot_be_written_is_a_503(client, settings, tmp_path):
    blocked = tmp_path / "media"
    blocked.write_text("a file where the media directory should be")
    settings.MEDIA_ROOT = str(blocked)
    response = client.get(URL)
    assert response.status_code == 503
    assert response.json()["checks"]["storage"] == "unavailable"


def test_probes_within_the_cache_time_run_the_checks_once(client, settings, monkeypatch):
    settings.EDUGOV_HEALTH_CACHE_SECONDS = 60
    runs = []
    real = health.run_checks
    monkeypatch.setattr(health, "run_checks", lambda: runs.append(1) or real())
    for _ in range(5):
        assert client.get(URL).status_code == 200
    assert runs == [1]


def test_only_get(client):
    assert client.post(URL).status_code == 405
