"""``manage.py projects_scan --user <username>``: open a delay case for every milestone
late by more than the configured days (cron, daily). The cases are opened as the named
account (a city officer), whose scope bounds the scan."""

from django.core.management.base import BaseCommand, CommandError

from edugov.core.context import acting


class Command(BaseCommand):
    help = "Open delay cases for late project milestones (run daily)."

    def add_arguments(self, parser):
        parser.add_argument("--user", required=True, help="the account the cases are opened as")

    def handle(self, *args, **options):
        from edugov.accounts.models import User
        from edugov.projects.services import delays_scan

        user = User.objects.filter(username=options["user"], is_active=True).first()
        if user is None:
            raise CommandError(f"no active user {options['user']!r}")
        with acting(user):
            opened = delays_scan(user=user)
        self.stdout.write(f"{opened} delay case(s) opened")
