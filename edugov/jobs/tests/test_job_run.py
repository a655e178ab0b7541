"""Running a job: progress, result, expected failures, crashes and the uploaded file."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from edugov.core import context
from edugov.jobs.models import Job, JobStatus
from edugov.jobs.services import JobFailed, job_create, job_run

pytestmark = pytest.mark.django_db


def test_it_records_progress_while_running_and_the_result_at_the_end(cast, handler):
    seen = {}

    def work(job, progress):
        progress(5, 10, "parsing")
        row = Job.objects.get(pk=job.pk)
        seen.update(status=row.status, progress=row.progress, total=row.total, stage=row.stage)
        seen["percent"] = row.percent
        return {"created": 3}

    job = job_create(kind=handler(work), title="导入", owner=cast.donghu_officer, inline=True)
    assert seen == {
        "status": JobStatus.RUNNING,
        "progress": 5,
        "total": 10,
        "stage": "parsing",
        "percent": 50,
    }
    assert job.status == JobStatus.SUCCEEDED and job.result == {"created": 3}
    assert job.error == "" and job.started_at and job.finished_at
    assert job.unit == cast.donghu_officer.unit and job.percent == 100


def test_a_long_stage_name_is_cut_to_the_column(cast, handler):
    def work(job, progress):
        progress(1, 2, "阶" * 300)
        raise JobFailed(["stop"])

    job = job_create(kind=handler(work), title="t", owner=cast.donghu_officer, inline=True)
    assert len(job.stage) == 100


def test_a_job_failed_keeps_every_message_for_the_user(cast, handler):
    def work(job, progress):
        raise JobFailed(["第 2 行：学校代码不存在", "第 3 行：年份无效"], {"rows": 3})

    job = job_create(kind=handler(work), title="t", owner=cast.donghu_officer, inline=True)
    assert job.status == JobStatus.FAILED and job.finished
    assert job.result == {"rows": 3, "errors": ["第 2 行：学校代码不存在", "第 3 行：年份无效"]}
    assert job.error == "第 2 行：学校代码不存在\n第 3 行：年份无效"


def test_a_crash_is_a_failure_with_a_plain_message_not_the_exception(cast, handler, caplog):
    def work(job, progress):
        raise RuntimeError("db password is hunter2")

    job = job_create(kind=handler(work), title="t", owner=cast.donghu_officer, inline=True)
    assert job.status == JobStatus.FAILED and job.result == {}
    assert job.error and "hunter2" not in job.error
    # The operator still gets the trace in the log.
    assert any("crashed" in r.getMessage() for r in caplog.records)


def test_the_handler_runs_as_the_jobs_owner(cast, handler):
    seen = []
    kind = handler(lambda job, progress: seen.append(context.current().user) or {})
    job_create(kind=kind, title="t", owner=cast.donghu_principal, inline=True)
    assert seen == [cast.donghu_principal]


def test_the_uploaded_file_is_deleted_when_the_job_ends(cast, handler):
    names = []

    def work(job, progress):
        names.append(job.input_file.name)
        assert job.input_file.read() == b"a,b\n"
        raise JobFailed(["bad"])

    job = job_create(
        kind=handler(work),
        title="t",
        owner=cast.donghu_officer,
        upload=SimpleUploadedFile("rows.csv", b"a,b\n"),
        inline=True,
    )
    assert job.input_file.name == ""
    assert not job.input_file.storage.exists(names[0])


def test_an_unknown_kind_is_refused_before_any_row_is_written(cast):
    with pytest.raises(KeyError):
        job_create(kind="no.such.kind", title="t", owner=cast.donghu_officer, inline=True)
    assert not Job.objects.exists()


def test_a_finished_job_is_not_run_again(cast, handler):
    calls = []
    job = job_create(
        kind=handler(lambda job, progress: calls.append(1) or {"n": 1}),
        title="t",
        owner=cast.donghu_officer,
        inline=True,
    )
    job_run(job.pk)
    assert calls == [1]


def test_a_job_another_run_has_taken_is_not_run_twice(cast, handler):
    # Two workers given the same job (a task delivered twice): the second finds it
    # running, with a fresh heartbeat, and leaves it alone.
    calls = []
    kind = handler(lambda job, progress: calls.append(1) or {"n": 1})
    job = Job.objects.create(kind=kind, title="t", owner=cast.donghu_officer, unit=cast.donghu)
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, started_at=timezone.now(), heartbeat_at=timezone.now()
    )
    job_run(job.pk)
    assert calls == [] and Job.objects.get(pk=job.pk).status == JobStatus.RUNNING
    Job.objects.filter(pk=job.pk).update(status=JobStatus.QUEUED)
    job_run(job.pk)
    job_run(job.pk)
    assert calls == [1] and Job.objects.get(pk=job.pk).status == JobStatus.SUCCEEDED


def test_a_job_not_run_inline_goes_through_the_task_backend(cast, handler):
    # The test settings use django-tasks' immediate backend: enqueue runs it at once.
    job = job_create(
        kind=handler(lambda job, progress: {"ok": 1}), title="t", owner=cast.donghu_officer
    )
    assert job.task_id and job.status == JobStatus.SUCCEEDED and job.result == {"ok": 1}


def test_the_percent_of_a_job_without_a_total_is_zero_until_it_succeeds(cast):
    job = Job(kind="k", title="t", owner=cast.donghu_officer, unit=cast.donghu)
    assert job.percent == 0 and not job.finished
    job.status = JobStatus.SUCCEEDED
    assert job.percent == 100 and job.finished
