from django.core.management.base import BaseCommand, CommandError

from edugov.audit.verify import verify_chain


class Command(BaseCommand):
    help = "Verify the audit hash chain and name the first tampered event."

    def handle(self, *args, **options):
        report = verify_chain()
        if not report.ok:
            raise CommandError(
                f"audit chain broken at event #{report.first_bad_seq}: {report.reason} "
                f"({report.checked} events verified before it)"
            )
        self.stdout.write(self.style.SUCCESS(f"audit chain intact: {report.checked} events"))
