"""The task worker: django-tasks' ``db_worker`` after reaping the jobs of a worker
that died (a restarted worker is the usual sign that one did)."""

from django_tasks_db.management.commands.db_worker import Command as DbWorker

from edugov.jobs.services import jobs_reap


class Command(DbWorker):
    help = "Reap dead jobs, then run the django-tasks database worker."

    def handle(self, *args, **options):
        n = jobs_reap()
        if n:
            self.stderr.write(f"{n} stale job(s) marked failed")
        return super().handle(*args, **options)
