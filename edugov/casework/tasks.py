"""The casework tasks (django-tasks): the periodic scan, and sending deliveries after the
transaction that wrote them commits."""

from django_tasks import task


@task()
def scan_task() -> dict:
    """Escalate what is due and retry deliveries (schedule it, or run
    ``manage.py casework_scan`` from cron)."""
    from dataclasses import asdict

    from edugov.core import clock
    from edugov.core.context import acting

    from .escalation import scan

    with acting(None):
        return asdict(scan(clock.now()))


@task()
def deliver_task(ids: list[int]) -> list[int]:
    """Send the given deliveries now; failures wait for the scan's retry."""
    from edugov.core import clock

    from .notify import deliver

    sent, failed = deliver(ids, now=clock.now())
    return [sent, failed]
