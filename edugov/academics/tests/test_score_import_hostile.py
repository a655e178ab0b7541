"""H1 on the score import: the far-corner workbook, padded past the inline limit so
that the task worker reads it, fails the job instead of killing the worker."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from edugov.academics.models import Candidate
from edugov.audit.models import AuditEvent
from edugov.core.tests.workbooks import far_corner_bomb
from edugov.jobs.models import Job, JobStatus

from .conftest import make_exam

pytestmark = pytest.mark.django_db


def test_the_far_corner_workbook_fails_the_score_job_and_the_worker_lives(
    cast, client_for, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    exam = make_exam(cast.city)
    content = far_corner_bomb(pad=300_000)
    response = client_for(cast.city_admin).post(
        reverse("academics:exam_import", args=[exam.pk]),
        {"file": SimpleUploadedFile("scores.xlsx", content)},
        follow=True,
    )
    job = Job.objects.get(kind="academics.scores")
    assert job.status == JobStatus.FAILED and "文件无法读取" in job.error
    assert "文件无法读取" in response.content.decode()
    assert not [p for p in tmp_path.rglob("*") if p.is_file()]
    assert Candidate.objects.count() == 0
    event = AuditEvent.objects.get(event_type="import.failure")
    assert event.object_id == str(exam.pk) and event.changes["size"] == len(content)
