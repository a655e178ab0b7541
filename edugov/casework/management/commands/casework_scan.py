"""``manage.py casework_scan``: escalate overdue cases and retry failed deliveries (cron).

Idempotent: run it as often as you like; a level is sent once per case and deadline."""

from django.core.management.base import BaseCommand

from edugov.core import clock
from edugov.core.context import acting


class Command(BaseCommand):
    help = "Escalate overdue cases and retry outgoing notifications."

    def handle(self, *args, **options):
        from edugov.casework.escalation import scan

        with acting(None):
            result = scan(clock.now())
        self.stdout.write(
            f"escalated {result.escalated}, skipped {result.skipped}, "
            f"sent {result.sent}, failed attempts {result.failed}"
        )
