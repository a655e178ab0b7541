"""Starting jobs and running them, in the request or on the task worker.

Each kind of job registers a handler ``handler(job, progress) -> dict``; the handler
does its own transaction (an import commits everything or nothing) and raises
``JobFailed`` with user-facing messages when the input is bad.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from edugov.core import context

from .models import Job, JobStatus

log = logging.getLogger("edugov.jobs")

Progress = Callable[[int, int, str], None]
Handler = Callable[[Job, Progress], dict[str, Any]]
_HANDLERS: dict[str, Handler] = {}


class JobFailed(Exception):
    """Expected failure with messages for the user (validation errors, bad input)."""

    def __init__(self, messages: list[str], result: dict[str, Any] | None = None):
        super().__init__("; ".join(messages[:3]))
        self.messages = messages
        self.result = result or {}


def register(kind: str) -> Callable[[Handler], Handler]:
    def wrap(fn: Handler) -> Handler:
        _HANDLERS[kind] = fn
        return fn

    return wrap


def job_create(
    *,
    kind: str,
    title: str,
    owner: Any,
    params: dict[str, Any] | None = None,
    upload: UploadedFile | None = None,
    inline: bool = False,
) -> Job:
    """Record a job and run it: inline for small work, else on the task worker."""
    if kind not in _HANDLERS:
        raise KeyError(kind)
    job = Job(kind=kind, title=title, owner=owner, unit=owner.unit, params=params or {})
    if upload is not None:
        job.input_file.save(upload.name, upload, save=False)
    job.save()
    if inline:
        job_run(job.pk)
        job.refresh_from_db()
    else:
        from .tasks import run_job

        result = run_job.enqueue(job.pk)
        Job.objects.filter(pk=job.pk).update(task_id=str(result.id))
        job.refresh_from_db()
    return job


def job_run(job_id: int) -> None:
    """Run one job to its end, recording progress, result or error on the row."""
    job = Job.objects.select_related("owner", "unit").get(pk=job_id)
    if job.finished:
        return
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, started_at=timezone.now())

    def progress(done: int, total: int, stage: str = "") -> None:
        # Outside the handler's transaction on PostgreSQL only when the handler is in
        # its validation phase; the commit phase reports once before and once after.
        Job.objects.filter(pk=job.pk).update(progress=done, total=total, stage=stage[:100])

    ctx = context.current()
    with context.acting(job.owner, ip=ctx.ip, request_id=ctx.request_id):
        try:
            result = _HANDLERS[job.kind](job, progress)
        except JobFailed as exc:
            _finish(
                job,
                JobStatus.FAILED,
                {**exc.result, "errors": exc.messages},
                "\n".join(exc.messages[:200]),
            )
        except Exception:  # a bug: keep the trace for operators, a plain message for users
            log.exception("job %s (%s) crashed", job.pk, job.kind)
            _finish(
                job, JobStatus.FAILED, {}, _("Internal error; the administrator has been notified.")
            )
            log.debug(traceback.format_exc())
        else:
            _finish(job, JobStatus.SUCCEEDED, result, "")


def _finish(job: Job, status: str, result: dict[str, Any], error: str) -> None:
    with transaction.atomic():
        Job.objects.filter(pk=job.pk).update(
            status=status, result=result, error=error, finished_at=timezone.now(), input_file=""
        )
    # An uploaded file may hold personal data in clear; once its rows are in the
    # database (encrypted) or refused, nothing needs it.
    if job.input_file:
        job.input_file.storage.delete(job.input_file.name)
