"""The first account of a fresh install: a system administrator with a one-time
password, printed once, which must be changed at the first login (and 2FA set up)."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from edugov.accounts.admin_views import temporary_password
from edugov.accounts.models import Role, RoleAssignment, User
from edugov.accounts.passwords import password_set
from edugov.core.context import acting
from edugov.org.models import Unit


class Command(BaseCommand):
    help = "Create a system administrator at the root unit, with a one-time password."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        root = Unit.objects.filter(parent__isnull=True).first()
        if root is None:
            raise CommandError("seed the organisation first (manage.py seed_org)")
        if User.objects.filter(username__iexact=username).exists():
            raise CommandError(f"{username} exists")
        raw = temporary_password()
        with acting(None), transaction.atomic():
            user = User.objects.create(username=username, unit=root)
            RoleAssignment.objects.create(user=user, role=Role.objects.get(code="system_admin"))
            password_set(user=user, raw=raw, by_self=False)
        self.stdout.write(f"{username}: one-time password {raw} (must be changed at first login)")
