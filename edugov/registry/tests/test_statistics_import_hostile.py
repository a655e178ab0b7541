"""H1: the 1.6 KB far-corner workbook, uploaded for real. Small, it is read inside the
web request; padded past the inline limit, by the worker. Neither dies: the job fails
with a message, its file is deleted and an ``import.failure`` event is written."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from edugov.audit.models import AuditEvent
from edugov.core.tests.workbooks import far_corner_bomb
from edugov.jobs.models import Job, JobStatus
from edugov.jobs.services import job_run

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def assert_failed_cleanly(job: Job, media, size: int) -> None:
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "文件无法读取" in job.error
    assert not job.input_file and not [p for p in media.rglob("*") if p.is_file()]
    event = AuditEvent.objects.get(event_type="import.failure")
    assert event.changes["file_name"] == "stats.xlsx" and event.changes["size"] == size


def test_the_far_corner_workbook_fails_in_the_web_request_and_the_server_lives(
    cast, client_for, media
):
    content = far_corner_bomb()
    response = client_for(cast.donghu_officer).post(
        "/registry/statistics/import/",
        {"file": SimpleUploadedFile("stats.xlsx", content)},
        follow=True,
    )
    assert response.status_code == 200
    assert "文件无法读取" in response.content.decode()
    assert_failed_cleanly(Job.objects.get(kind="import"), media, len(content))


def test_the_padded_workbook_fails_on_the_worker_and_the_worker_lives(cast, media):
    content = far_corner_bomb(pad=300_000)
    assert len(content) > 256 * 1024
    job = Job(
        kind="import",
        title="stats",
        owner=cast.donghu_officer,
        unit=cast.donghu_officer.unit,
        params={"importer": "registry.statistics", "file_name": "stats.xlsx"},
    )
    job.input_file.save("stats.xlsx", ContentFile(content), save=False)
    job.save()
    job_run(job.pk)  # what the task worker runs
    assert_failed_cleanly(job, media, len(content))


def test_an_upload_refused_as_too_large_is_audited(cast, client_for, settings, media):
    settings.EDUGOV_IMPORT_MAX_BYTES = 100
    content = b"school_code\n" + b"3601020001\n" * 20
    response = client_for(cast.donghu_officer).post(
        "/registry/statistics/import/", {"file": SimpleUploadedFile("big.csv", content)}
    )
    assert response.status_code == 413 and not Job.objects.exists()
    event = AuditEvent.objects.get(event_type="import.failure")
    assert event.changes == {"reason": "too_large", "file_name": "big.csv", "size": len(content)}
