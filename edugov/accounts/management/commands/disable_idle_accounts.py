from django.conf import settings
from django.core.management.base import BaseCommand

from edugov.accounts.security import accounts_disable_idle
from edugov.core.context import acting


class Command(BaseCommand):
    help = "Disable accounts unused for EDUGOV_ACCOUNT_IDLE_DAYS (90). Run daily from cron or a systemd timer."

    def handle(self, *args, **options):
        with acting(None):
            n = accounts_disable_idle()
        self.stdout.write(
            f"disabled {n} accounts idle for more than {settings.EDUGOV_ACCOUNT_IDLE_DAYS} days"
        )
