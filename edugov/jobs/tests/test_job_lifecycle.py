"""A job's process may die (killed, out of memory): its heartbeat stops and the
reaper fails it. An uploaded file is private while it waits and gone once the job
ends, whatever the outcome."""

import datetime as dt
import os
import stat

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from edugov.audit.models import AuditEvent
from edugov.jobs.models import Job, JobStatus
from edugov.jobs.services import JobFailed, job_create, register

pytestmark = pytest.mark.django_db
SEEN: dict = {}


@register("test.peek")
def peek(job, progress):
    """Records what the running job looks like from inside."""
    path = job.input_file.path
    SEEN["file_mode"] = stat.S_IMODE(os.stat(path).st_mode)
    SEEN["dir_mode"] = stat.S_IMODE(os.stat(os.path.dirname(path)).st_mode)
    SEEN["heartbeat"] = Job.objects.get(pk=job.pk).heartbeat_at
    if job.params.get("fail"):
        raise JobFailed(["no"])
    if job.params.get("crash"):
        raise RuntimeError("a bug")
    return {}


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def files(media) -> list:
    return [p for p in media.rglob("*") if p.is_file()]


def stale_job(cast, media, minutes: int) -> Job:
    job = Job(
        kind="test.peek",
        title="t",
        owner=cast.donghu_officer,
        unit=cast.donghu_officer.unit,
        status=JobStatus.RUNNING,
        started_at=timezone.now() - dt.timedelta(hours=2),
        heartbeat_at=timezone.now() - dt.timedelta(minutes=minutes),
    )
    job.input_file.save("x.csv", ContentFile(b"a\n1\n"), save=False)
    job.save()
    return job


@pytest.mark.parametrize("params", [{}, {"fail": True}, {"crash": True}])
def test_an_upload_is_0600_in_a_0700_directory_and_gone_when_the_job_ends(cast, media, params):
    job = job_create(
        kind="test.peek",
        title="t",
        owner=cast.donghu_officer,
        params=params,
        upload=SimpleUploadedFile("x.csv", b"a\n1\n"),
        inline=True,
    )
    assert SEEN["file_mode"] == 0o600 and SEEN["dir_mode"] == 0o700
    assert SEEN["heartbeat"] is not None
    assert job.finished and not files(media)


def test_a_running_job_whose_heartbeat_stopped_is_failed_deleted_and_audited(cast, media):
    dead = stale_job(cast, media, minutes=30)
    alive = stale_job(cast, media, minutes=1)
    call_command("reap_jobs")
    dead.refresh_from_db()
    alive.refresh_from_db()
    assert dead.status == JobStatus.FAILED and "中止" in dead.error and not dead.input_file
    assert alive.status == JobStatus.RUNNING
    assert len(files(media)) == 1  # only the live job's file
    event = AuditEvent.objects.get(event_type="job.failure")
    assert event.object_id == str(dead.pk) and event.changes["reason"] == "stale heartbeat"


def test_the_job_page_shows_a_dead_job_as_failed(cast, client_for, media):
    dead = stale_job(cast, media, minutes=30)
    response = client_for(cast.donghu_officer).get(f"/jobs/{dead.pk}/")
    assert "中止" in response.content.decode()
    dead.refresh_from_db()
    assert dead.status == JobStatus.FAILED and not files(media)
