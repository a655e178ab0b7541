from django.core.management.base import BaseCommand

from edugov.audit.retention import audit_purge, retention_days
from edugov.core.context import acting


class Command(BaseCommand):
    help = "Delete audit events older than EDUGOV_AUDIT_RETENTION_DAYS (at least 180). Run daily."

    def handle(self, *args, **options):
        with acting(None):
            n = audit_purge()
        self.stdout.write(f"purged {n} audit events older than {retention_days()} days")
