"""The job page and its progress partial: who may open it, and what it shows."""

from __future__ import annotations

import pytest
from django.urls import reverse

from edugov.jobs.models import Job, JobStatus

pytestmark = pytest.mark.django_db


def _job(user, **fields) -> Job:
    return Job.objects.create(kind="import", title="学校导入", owner=user, unit=user.unit, **fields)


def test_the_owner_sees_her_job(cast, client_for):
    job = _job(cast.donghu_principal)
    response = client_for(cast.donghu_principal).get(reverse("jobs:detail", args=[job.pk]))
    assert response.status_code == 200 and "学校导入" in response.content.decode()


def test_a_user_outside_the_jobs_unit_gets_a_404(cast, client_for):
    job = _job(cast.donghu_principal)
    url = reverse("jobs:detail", args=[job.pk])
    # Another district's principal, and a colleague at another school of the same district.
    assert client_for(cast.jinxian_principal).get(url).status_code == 404
    assert client_for(cast.counselor).get(url).status_code == 404


def test_the_district_officer_follows_a_job_started_in_her_district(cast, client_for):
    job = _job(cast.donghu_principal)
    url = reverse("jobs:detail", args=[job.pk])
    assert client_for(cast.donghu_officer).get(url).status_code == 200


def test_visible_to_gives_a_school_only_its_own_jobs(cast):
    mine = _job(cast.donghu_principal)
    _job(cast.jinxian_principal)
    _job(cast.counselor)
    assert list(Job.objects.visible_to(cast.donghu_principal, "view")) == [mine]


def test_the_progress_partial_polls_while_the_job_runs(cast, client_for):
    job = _job(cast.donghu_principal, status=JobStatus.RUNNING, progress=3, total=4, stage="校验")
    response = client_for(cast.donghu_principal).get(
        reverse("jobs:detail", args=[job.pk]), HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert "<html" not in body  # the partial only, for htmx to swap in
    assert 'data-testid="job-running"' in body and "75%" in body and "校验" in body
    assert 'hx-trigger="every 1s"' in body


def test_a_finished_job_stops_polling_and_shows_its_result(cast, client_for):
    job = _job(cast.donghu_principal, status=JobStatus.SUCCEEDED, result={"created": 12})
    body = (
        client_for(cast.donghu_principal)
        .get(reverse("jobs:detail", args=[job.pk]), HTTP_HX_REQUEST="true")
        .content.decode()
    )
    assert "hx-get" not in body and 'data-testid="job-result"' in body and "12" in body


def test_a_failed_job_shows_each_message_and_that_nothing_was_written(cast, client_for):
    job = _job(
        cast.donghu_principal,
        status=JobStatus.FAILED,
        result={"errors": ["第 2 行：学校代码不存在"]},
        error="第 2 行：学校代码不存在",
    )
    body = (
        client_for(cast.donghu_principal)
        .get(reverse("jobs:detail", args=[job.pk]))
        .content.decode()
    )
    assert 'data-testid="job-errors"' in body and "第 2 行：学校代码不存在" in body
    # The job no longer polls (the full page's header loads its own fragments).
    assert 'hx-trigger="every' not in body
