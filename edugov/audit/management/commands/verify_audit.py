from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from edugov.audit.anchors import AnchorFileError, anchor_path, read_anchors
from edugov.audit.verify import ChainReport, verify_chain


def describe_failure(report: ChainReport) -> str:
    """The operator's sentence for a broken chain (shared with ``anchor_audit``)."""
    text = _("audit chain broken at event #%(seq)s: %(reason)s (%(n)s events verified before it)")
    text %= {"seq": report.first_bad_seq, "reason": _(report.reason), "n": report.checked}
    if report.anchor is not None:
        text += " " + _("Anchor: #%(seq)s %(hash)s written %(at)s.") % {
            "seq": report.anchor.seq,
            "hash": report.anchor.hash[:16] + "…",
            "at": report.anchor.at,
        }
    return text


def verify_with_anchors(path: Path) -> ChainReport:
    try:
        anchors = read_anchors(path)
    except AnchorFileError as exc:
        raise CommandError(_("The anchor file cannot be used: %(error)s") % {"error": exc})
    return verify_chain(anchors=anchors)


class Command(BaseCommand):
    help = (
        "Verify the audit chain against EDUGOV_AUDIT_KEY and the anchors in "
        "EDUGOV_AUDIT_ANCHOR_FILE, and name the first tampered event."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--anchor-file",
            type=Path,
            default=None,
            help="anchors to check against (default EDUGOV_AUDIT_ANCHOR_FILE), e.g. a copy "
            "kept on another machine or extracted from syslog",
        )

    def handle(self, *args, **options):
        report = verify_with_anchors(options["anchor_file"] or anchor_path())
        if not report.ok:
            raise CommandError(describe_failure(report))
        self.stdout.write(
            self.style.SUCCESS(
                _("audit chain intact: %(n)s events, %(a)s anchors")
                % {"n": report.checked, "a": report.anchors_checked}
            )
        )
