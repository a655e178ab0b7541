"""Starting jobs and running them, in the request or on the task worker.

Each kind of job registers a handler ``handler(job, progress) -> dict``; the handler
does its own transaction (an import commits everything or nothing) and raises
``JobFailed`` with user-facing messages when the input is bad.

A running job beats a heartbeat; ``jobs_reap`` fails the jobs of processes that died
(an out-of-memory kill, a crashed worker) so that none stays "running" for ever, and
every job's uploaded file is deleted when it ends, however it ends.
"""

from __future__ import annotations

import logging
import threading
import time
import traceback
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import DatabaseError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from edugov.audit.services import audit_record
from edugov.core import context, metrics

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
    # A worker about to take a job first fails the jobs of workers that died.
    jobs_reap()
    # The claim: only a queued job moves to running, so a task delivered twice (two
    # workers, a retried enqueue) runs the job once; the second delivery finds it taken.
    if not Job.objects.filter(pk=job.pk, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=timezone.now(), heartbeat_at=timezone.now()
    ):
        log.info("job %s already taken by another run", job.pk)
        return

    def progress(done: int, total: int, stage: str = "") -> None:
        # Outside the handler's transaction on PostgreSQL only when the handler is in
        # its validation phase; the commit phase reports once before and once after.
        Job.objects.filter(pk=job.pk).update(
            progress=done, total=total, stage=stage[:100], heartbeat_at=timezone.now()
        )

    ctx = context.current()
    beat = _Heartbeat(job.pk)
    beat.start()
    started = time.monotonic()
    status = JobStatus.FAILED  # unless the handler returns
    try:
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
                    job,
                    JobStatus.FAILED,
                    {},
                    _("Internal error; the administrator has been notified."),
                )
                log.debug(traceback.format_exc())
            else:
                _finish(job, JobStatus.SUCCEEDED, result, "")
                status = JobStatus.SUCCEEDED
    finally:
        beat.stop()
        metrics.JOB_SECONDS.labels(kind=job.kind, status=status).observe(time.monotonic() - started)
        # Even when recording the outcome failed: the file may hold personal data.
        _delete_input(job)


class _Heartbeat(threading.Thread):
    """Touches the job's heartbeat while this process lives. A thread, not the
    progress callback, so that a long step without progress (reading a large file in
    the sandbox, an analysis) is not mistaken for a dead process."""

    def __init__(self, job_id: int):
        super().__init__(daemon=True, name=f"job-{job_id}-heartbeat")
        self.job_id = job_id
        self.done = threading.Event()

    def run(self) -> None:
        try:
            while not self.done.wait(settings.EDUGOV_JOB_HEARTBEAT_SECONDS):
                try:
                    Job.objects.filter(pk=self.job_id, status=JobStatus.RUNNING).update(
                        heartbeat_at=timezone.now()
                    )
                except DatabaseError:  # SQLite busy behind a long import: next beat
                    log.warning("job %s: heartbeat not written", self.job_id)
        finally:
            connection.close()  # this thread's own connection

    def stop(self) -> None:
        self.done.set()


def _finish(job: Job, status: str, result: dict[str, Any], error: str) -> None:
    with transaction.atomic():
        Job.objects.filter(pk=job.pk).update(
            status=status, result=result, error=error, finished_at=timezone.now(), input_file=""
        )


def _delete_input(job: Job) -> None:
    # An uploaded file may hold personal data in clear; once its rows are in the
    # database (encrypted) or refused, nothing needs it.
    if job.input_file:
        job.input_file.storage.delete(job.input_file.name)


def jobs_reap(*, stale_seconds: int | None = None) -> int:
    """Fail every running job whose heartbeat is older than ``stale_seconds``: its
    process died. Deletes the job's file and writes a ``job.failure`` event each.
    Returns how many were reaped. Run by ``manage.py reap_jobs``, by ``manage.py
    worker`` on start, before each job, and when a running job's page is viewed."""
    cutoff = timezone.now() - timedelta(
        seconds=settings.EDUGOV_JOB_STALE_SECONDS if stale_seconds is None else stale_seconds
    )
    stale = Job.objects.filter(status=JobStatus.RUNNING).filter(
        Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, started_at__lt=cutoff)
    )
    reaped = 0
    for job in stale.select_related("owner"):
        with transaction.atomic():
            # Guarded on the status: two reapers, or the job finishing now, win once.
            if not Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(
                status=JobStatus.FAILED,
                error=_("The job stopped without finishing (its process ended); start it again."),
                finished_at=timezone.now(),
                input_file="",
            ):
                continue
            # The reaper acts for nobody in particular, whoever's page triggered it.
            with context.acting(None):
                audit_record(
                    "job.failure",
                    obj=job,
                    outcome="failure",
                    changes={
                        "reason": "stale heartbeat",
                        "kind": job.kind,
                        "owner": job.owner.username,
                        "heartbeat_at": (job.heartbeat_at or job.started_at or cutoff).isoformat(),
                    },
                )
        _delete_input(job)
        reaped += 1
    return reaped
