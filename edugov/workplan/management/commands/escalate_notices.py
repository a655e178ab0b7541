"""Daily: escalate 督办单 left unanswered past their deadline (cron or a systemd timer)."""

import datetime as dt

from django.core.management.base import BaseCommand

from edugov.core import clock
from edugov.core.context import acting
from edugov.workplan.services import notice_escalate


class Command(BaseCommand):
    help = "Escalate supervision notices (督办单) left unanswered past their deadline."

    def add_arguments(self, parser):
        parser.add_argument("--today", type=dt.date.fromisoformat, default=None)

    def handle(self, *args, today=None, **options):
        with acting(None):
            moved = notice_escalate(today=today or clock.today())
        self.stdout.write(f"{moved} notice(s) escalated")
