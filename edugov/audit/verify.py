"""Verification of the audit hash chain against the key and the anchors.

The reasons are English constants marked with ``gettext_noop``: the backup manifest stores
them as they are, and ``verify_audit`` translates them when it prints them.
"""

from __future__ import annotations

import hmac
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext_noop

from .anchors import Anchor
from .keys import UnknownAuditKey, audit_keyring, audit_mac, keyed_from_message
from .models import GENESIS, AuditEvent, ChainHead

MISSING = gettext_noop("missing event")
LINK_BROKEN = gettext_noop("link to previous event broken")
CONTENT_CHANGED = gettext_noop("content does not match its hash")
UNKNOWN_KEY = gettext_noop("signed with a key that is not in EDUGOV_AUDIT_KEY")
UNKEYED = gettext_noop("not keyed, although the chain is keyed from an earlier event")
BAD_BOUNDARY = gettext_noop("the chain head's keyed-from mark is not signed by the audit key")
NO_HEAD = gettext_noop("events without a chain head")
BAD_START = gettext_noop("chain start does not match the recorded purge")
CUT_END = gettext_noop("events missing at the end of the chain")
BEYOND_HEAD = gettext_noop("events beyond the chain head")
BEHIND_ANCHOR = gettext_noop("the chain ends before an anchor: events were cut from the end")
ANCHOR_MISMATCH = gettext_noop("the chain differs from an anchor: events after it were rewritten")


@dataclass(frozen=True)
class ChainReport:
    checked: int
    first_bad_seq: int | None
    reason: str
    # The anchor that proved the failure, or the last anchor that matched when all did.
    anchor: Anchor | None = None
    anchors_checked: int = 0
    # The last event that verified: what ``anchor_audit`` writes down.
    last_seq: int = 0
    last_hash: str = GENESIS

    @property
    def ok(self) -> bool:
        return self.first_bad_seq is None


def _boundary_is_signed(head: ChainHead) -> bool:
    try:
        expected = audit_mac(head.keyed_from_kid, keyed_from_message(head.keyed_from))
    except UnknownAuditKey:
        return False
    return hmac.compare_digest(expected, head.keyed_from_mac)


def verify_chain(batch: int = 5000, anchors: Iterable[Anchor] | None = None) -> ChainReport:
    """Walk the chain in order; name the first event that was edited, removed or added.

    Each keyed event's HMAC is checked with the key its ``key_id`` names. With
    ``anchors`` (``anchors.read_anchors()``), the chain must also reach every anchor and
    carry the anchored hash at its seq; otherwise the first event after the last anchor
    that still matched is named. Streams in key order so a chain of millions of events
    runs in constant memory.
    """
    ring = audit_keyring()  # a missing key is a configuration error, not a broken chain
    anchors = sorted(anchors or (), key=lambda a: a.seq)
    wanted = {a.seq for a in anchors}
    seen: dict[int, str] = {}
    head = ChainHead.objects.filter(pk=1).first()
    prev_hash, expected_seq, checked = GENESIS, 1, 0
    if head is None:
        if AuditEvent.objects.exists():
            return ChainReport(0, 1, NO_HEAD)
    elif not _boundary_is_signed(head):
        return ChainReport(0, max(head.base_seq, 1), BAD_BOUNDARY)
    if head is not None and head.base_seq > 1:
        prev_hash, expected_seq = head.base_prev_hash, head.base_seq
        purge = AuditEvent.objects.filter(event_type="audit.purge").order_by("-seq").first()
        # The head's base is an ordinary row; the purge event that set it is chained.
        if (
            purge is None
            or purge.changes.get("base_seq") != head.base_seq
            or purge.changes.get("base_prev_hash") != head.base_prev_hash
        ):
            return ChainReport(0, head.base_seq, BAD_START)
    first = expected_seq
    seen[first - 1] = prev_hash
    keyed_from = head.keyed_from if head is not None else 1
    events = AuditEvent.objects.order_by("seq")
    if head is not None:
        # Only what the head covered when we read it: an event appended while we walk
        # must not look like one the head does not know.
        events = events.filter(seq__lte=head.seq)
    for event in events.iterator(chunk_size=batch):
        if event.seq != expected_seq:
            return ChainReport(checked, expected_seq, MISSING)
        if event.prev_hash != prev_hash:
            return ChainReport(checked, event.seq, LINK_BROKEN)
        if event.seq >= keyed_from and not event.key_id:
            return ChainReport(checked, event.seq, UNKEYED)
        try:
            digest = event.compute_hash(ring)
        except UnknownAuditKey:
            return ChainReport(checked, event.seq, UNKNOWN_KEY)
        if not hmac.compare_digest(digest, event.hash):
            return ChainReport(checked, event.seq, CONTENT_CHANGED)
        if event.seq in wanted:
            seen[event.seq] = event.hash
        prev_hash, expected_seq, checked = event.hash, expected_seq + 1, checked + 1
    last = first - 1 + checked
    if head is not None:
        if head.seq != last or head.last_hash != prev_hash:
            # Events cut from the end leave the head pointing past the last row.
            return ChainReport(checked, last + 1, CUT_END)
        if AuditEvent.objects.filter(seq__gt=head.seq).exists():
            fresh = ChainHead.objects.filter(pk=1).first()
            if fresh is None or fresh.seq == head.seq:  # not a writer that came after us
                return ChainReport(checked, head.seq + 1, BEYOND_HEAD)
    report = _against_anchors(anchors, seen, first, last, checked)
    return ChainReport(
        report.checked,
        report.first_bad_seq,
        report.reason,
        report.anchor,
        report.anchors_checked,
        last_seq=last,
        last_hash=prev_hash,
    )


def _against_anchors(
    anchors: list[Anchor], seen: dict[int, str], first: int, last: int, checked: int
) -> ChainReport:
    good: Anchor | None = None
    for n, anchor in enumerate(anchors):
        if anchor.seq < first - 1:
            continue  # purged under the retention rules: nothing left to compare
        if anchor.seq > last:
            # The head was moved back with the cut: everything after the last event is
            # gone, and the anchor proves it existed.
            return ChainReport(checked, last + 1, BEHIND_ANCHOR, anchor, n)
        if not hmac.compare_digest(seen[anchor.seq], anchor.hash):
            # Whoever rewrote the chain held the key (or rewrote the unkeyed part): only
            # the anchors still vouch, so everything after the last matching one is suspect.
            after = good.seq + 1 if good is not None else first
            return ChainReport(checked, after, ANCHOR_MISMATCH, anchor, n)
        good = anchor
    return ChainReport(checked, None, "", good, len(anchors))
