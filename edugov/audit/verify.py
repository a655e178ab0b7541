"""Verification of the audit hash chain."""

from __future__ import annotations

from dataclasses import dataclass

from .models import GENESIS, AuditEvent, ChainHead


@dataclass(frozen=True)
class ChainReport:
    checked: int
    first_bad_seq: int | None
    reason: str

    @property
    def ok(self) -> bool:
        return self.first_bad_seq is None


def verify_chain(batch: int = 5000) -> ChainReport:
    """Walk the chain in order; name the first event that was edited, removed or added.

    Streams in key order so a chain of millions of events runs in constant memory.
    """
    head = ChainHead.objects.filter(pk=1).first()
    prev_hash, expected_seq, checked = GENESIS, 1, 0
    if head is not None and head.base_seq > 1:
        prev_hash, expected_seq = head.base_prev_hash, head.base_seq
        purge = AuditEvent.objects.filter(event_type="audit.purge").order_by("-seq").first()
        # The head's base is an ordinary row; the purge event that set it is chained.
        if (
            purge is None
            or purge.changes.get("base_seq") != head.base_seq
            or purge.changes.get("base_prev_hash") != head.base_prev_hash
        ):
            return ChainReport(0, head.base_seq, "chain start does not match the recorded purge")
    first = expected_seq
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=batch):
        if event.seq != expected_seq:
            return ChainReport(checked, expected_seq, "missing event")
        if event.prev_hash != prev_hash:
            return ChainReport(checked, event.seq, "link to previous event broken")
        if event.compute_hash() != event.hash:
            return ChainReport(checked, event.seq, "content does not match its hash")
        prev_hash, expected_seq, checked = event.hash, expected_seq + 1, checked + 1
    if head is not None and (head.seq != first - 1 + checked or head.last_hash != prev_hash):
        # Events cut from the end leave the head pointing past the last row.
        return ChainReport(checked, first + checked, "events missing at the end of the chain")
    return ChainReport(checked, None, "")
