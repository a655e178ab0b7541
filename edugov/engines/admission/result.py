"""What a run returns: per-candidate outcomes, per-programme statistics, audit hashes."""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, field

import numpy as np

RETURN_NONE = 0
RETURN_BY_PROGRAMME = 1  # 退档 listed in the returns input
RETURN_OVER_PLAN = 2  # sent under a 投档比例 > 1 but beyond the plan after returns
RETURN_REASONS = {RETURN_NONE: "", RETURN_BY_PROGRAMME: "returned", RETURN_OVER_PLAN: "over_plan"}


@dataclass(frozen=True)
class ProgrammeStats:
    """One virtual programme in one batch.

    ``seats`` are the seats open at the start of the batch, ``capacity`` the 投档 limit
    (seats × 投档比例, rounded down), ``cutoff`` the row index of the lowest-ranked admitted
    candidate (录取分数线 with its tie-break detail comes from that candidate), −1 if none.
    """

    batch: int
    programme: int
    junior: int  # −1 for the open target, else the junior school of a 指标到校 target
    seats: int
    capacity: int
    sent: int
    returned: int
    over_plan: int
    admitted: int
    cutoff: int


@dataclass(frozen=True)
class AdmissionResult:
    """Outcome of :func:`run_admission`. Per-candidate arrays are in input row order.

    ``batch``/``programme``/``choice`` are −1 for an unplaced candidate; ``choice`` is the
    0-based column of the candidate's list in that batch; ``quota`` is True when the seat
    is a 指标到校 seat. ``returned_*`` record the candidate's most recent 退档.
    """

    candidate_ids: np.ndarray
    batch_names: tuple[str, ...]
    programme_codes: tuple[str, ...]
    batch: np.ndarray
    programme: np.ndarray
    quota: np.ndarray
    choice: np.ndarray
    returned_batch: np.ndarray
    returned_programme: np.ndarray
    returned_reason: np.ndarray
    stats: tuple[ProgrammeStats, ...]
    inputs_sha256: str
    config_sha256: str
    engine_version: str
    config_json: bytes = field(repr=False, default=b"")

    def to_bytes(self) -> bytes:
        """Canonical CSV bytes of the outcome (candidates in id order, then statistics).

        Codes and ids only, never row indices, so the bytes do not depend on input order.
        """
        out = io.StringIO(newline="")
        w = out.write
        w(
            "candidate_id,status,batch,programme,quota,choice,"
            "returned_batch,returned_programme,returned_reason\n"
        )
        bn, pc = self.batch_names, self.programme_codes
        cols = [
            a.tolist()
            for a in (
                self.candidate_ids,
                self.batch,
                self.programme,
                self.quota,
                self.choice,
                self.returned_batch,
                self.returned_programme,
                self.returned_reason,
            )
        ]
        for cid, b, p, q, ch, rb, rp, rr in sorted(zip(*cols, strict=True)):
            placed = b >= 0
            w(
                f"{cid},{'admitted' if placed else 'unplaced'},"
                f"{bn[b] if placed else ''},{pc[p] if placed else ''},"
                f"{int(q) if placed else ''},{ch + 1 if placed else ''},"
                f"{bn[rb] if rb >= 0 else ''},{pc[rp] if rp >= 0 else ''},"
                f"{RETURN_REASONS[rr]}\n"
            )
        w("\nbatch,programme,junior,seats,capacity,sent,returned,over_plan,admitted,cutoff_id\n")
        ids = self.candidate_ids
        rows = sorted((s.batch, pc[s.programme], s.junior, s) for s in self.stats)
        for _, code, _, s in rows:
            cut = int(ids[s.cutoff]) if s.cutoff >= 0 else ""
            junior = s.junior if s.junior >= 0 else ""
            w(
                f"{bn[s.batch]},{code},{junior},{s.seats},{s.capacity},{s.sent},"
                f"{s.returned},{s.over_plan},{s.admitted},{cut}\n"
            )
        return out.getvalue().encode("utf-8")

    @property
    def result_sha256(self) -> str:
        """SHA-256 of :meth:`to_bytes`."""
        return hashlib.sha256(self.to_bytes()).hexdigest()

    def record(self) -> dict[str, str]:
        """The audit record to store with a run: input, config and result hashes and the
        engine version. Replaying the same inputs and config must give the same record."""
        return {
            "engine_version": self.engine_version,
            "inputs_sha256": self.inputs_sha256,
            "config_sha256": self.config_sha256,
            "result_sha256": self.result_sha256,
            "config_json": self.config_json.decode("utf-8"),
        }
