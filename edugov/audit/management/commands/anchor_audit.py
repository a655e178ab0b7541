from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from edugov.audit.anchors import anchor_path, append_anchor
from edugov.audit.keys import audit_keyring, audit_mac, keyed_from_message
from edugov.audit.models import ChainHead

from .verify_audit import describe_failure, verify_with_anchors


class Command(BaseCommand):
    help = (
        "Verify the audit chain, then append its head (seq, hash, time) to "
        "EDUGOV_AUDIT_ANCHOR_FILE and the edugov.audit.anchor log. Run at least daily."
    )

    def handle(self, *args, **options):
        path = anchor_path()
        report = verify_with_anchors(path)
        if not report.ok:
            # Anchoring a tampered head would vouch for it: refuse, loudly, for cron.
            raise CommandError(describe_failure(report))
        anchor = append_anchor(report.last_seq, report.last_hash, path=path)
        # After a rotation, move the (just verified) keyed-from mark to the current key,
        # so that the old key is needed only while events it signed are retained.
        ring = audit_keyring()
        head = ChainHead.objects.filter(pk=1).first()
        if head is not None and head.keyed_from_kid != ring.current:
            ChainHead.objects.filter(pk=1, keyed_from=head.keyed_from).update(
                keyed_from_kid=ring.current,
                keyed_from_mac=audit_mac(ring.current, keyed_from_message(head.keyed_from), ring),
            )
        self.stdout.write(
            self.style.SUCCESS(
                _("audit chain anchored at event #%(seq)s in %(path)s")
                % {"seq": anchor.seq, "path": path}
            )
        )
