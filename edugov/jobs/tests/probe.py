"""A job kind for the two-worker test (ops/tests/test_two_servers.py): the worker
processes import this module when they resolve ``run_probe``, which registers the
``test.probe`` handler there. Its one side effect is an audit event naming the job, so
the test counts how many times each job ran."""

from django_tasks import task

from edugov.audit.services import audit_record
from edugov.jobs.services import job_run, register

PROBE = "test.probe"


@register(PROBE)
def probe(job, progress) -> dict:
    audit_record(PROBE, obj=job)
    return {"ran": job.pk}


@task()
def run_probe(job_id: int) -> None:
    job_run(job_id)
