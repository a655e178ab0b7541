"""Fail the jobs whose process died (no heartbeat for EDUGOV_JOB_STALE_SECONDS)."""

from django.core.management.base import BaseCommand

from edugov.jobs.services import jobs_reap


class Command(BaseCommand):
    help = "Mark running jobs without a recent heartbeat as failed and delete their files."

    def add_arguments(self, parser):
        parser.add_argument(
            "--stale-seconds", type=int, default=None, help="default: EDUGOV_JOB_STALE_SECONDS"
        )

    def handle(self, *args, stale_seconds=None, **options):
        n = jobs_reap(stale_seconds=stale_seconds)
        self.stdout.write(f"{n} stale job(s) marked failed")
