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
    prev_hash, expected_seq, checked = GENESIS, 1, 0
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=batch):
        if event.seq != expected_seq:
            return ChainReport(checked, expected_seq, "missing event")
        if event.prev_hash != prev_hash:
            return ChainReport(checked, event.seq, "link to previous event broken")
        if event.compute_hash() != event.hash:
            return ChainReport(checked, event.seq, "content does not match its hash")
        prev_hash, expected_seq, checked = event.hash, expected_seq + 1, checked + 1
    head = ChainHead.objects.filter(pk=1).first()
    if head is not None and (head.seq != checked or head.last_hash != prev_hash):
        # Events cut from the end leave the head pointing past the last row.
        return ChainReport(checked, checked + 1, "events missing at the end of the chain")
    return ChainReport(checked, None, "")
