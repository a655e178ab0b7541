"""The health endpoint (issue 25): the database, the job queue's age and the file
storage, through django-health-check's checks.

It answers without a login, because the load balancer and the monitoring probe have
none, so it says little: one word per check ("ok" or "unavailable") and the status
code (200, or 503 when any check fails). What failed and why goes to the log, never
to the caller: a database error names hosts and ports. The checks write and delete a
small file and run two queries; the answer is kept a few seconds
(``EDUGOV_HEALTH_CACHE_SECONDS``) so that a flood of probes costs no more than one.
"""

from __future__ import annotations

import dataclasses
import datetime
import logging
import threading
import time

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET
from health_check.base import HealthCheck
from health_check.checks import Database, Storage
from health_check.exceptions import HealthCheckException, ServiceUnavailable

log = logging.getLogger("edugov.health")


@dataclasses.dataclass
class JobQueue(HealthCheck):
    """The oldest queued background job has waited less than ``max_age``: otherwise no
    worker is taking jobs (stopped, or stuck behind a long one)."""

    max_age: datetime.timedelta = dataclasses.field(
        default=datetime.timedelta(minutes=15), repr=False
    )

    def run(self) -> None:
        from edugov.jobs.models import Job, JobStatus

        oldest = (
            Job.objects.filter(status=JobStatus.QUEUED)
            .order_by("created_at")
            .values_list("created_at", flat=True)
            .first()
        )
        if oldest is not None and timezone.now() - oldest > self.max_age:
            waited = int((timezone.now() - oldest).total_seconds())
            raise ServiceUnavailable(f"the oldest queued job has waited {waited} s")


def checks() -> dict[str, HealthCheck]:
    """The checks by the name the endpoint shows."""
    return {
        "database": Database(),
        "job_queue": JobQueue(
            max_age=datetime.timedelta(seconds=settings.EDUGOV_HEALTH_JOB_QUEUE_MAX_AGE)
        ),
        "storage": Storage(),
    }


def run_checks() -> dict[str, bool]:
    """Each check's outcome; a failure is logged with its reason. Run one after the
    other in the request's thread (the library's view runs them in an executor, where
    each thread would open a database connection of its own and keep it)."""
    outcome = {}
    for name, check in checks().items():
        try:
            check.run()
        except HealthCheckException as exc:
            log.warning("health check %s failed: %s", name, exc)
            outcome[name] = False
        except Exception:  # a check's bug or an unexpected backend error: not healthy
            log.exception("health check %s crashed", name)
            outcome[name] = False
        else:
            outcome[name] = True
    return outcome


_cache: tuple[float, dict[str, bool]] | None = None
_lock = threading.Lock()


def current_health() -> dict[str, bool]:
    """The checks' outcome, run at most once per ``EDUGOV_HEALTH_CACHE_SECONDS`` in a
    process."""
    global _cache
    ttl = settings.EDUGOV_HEALTH_CACHE_SECONDS
    with _lock:
        if _cache is not None and time.monotonic() - _cache[0] < ttl:
            return _cache[1]
        outcome = run_checks()
        _cache = (time.monotonic(), outcome)
        return outcome


@require_GET
def health(request: HttpRequest) -> JsonResponse:
    outcome = current_health()
    healthy = all(outcome.values())
    response = JsonResponse(
        {
            "status": "ok" if healthy else "unavailable",
            "checks": {name: "ok" if ok else "unavailable" for name, ok in outcome.items()},
        },
        status=200 if healthy else 503,
    )
    add_never_cache_headers(response)
    return response
