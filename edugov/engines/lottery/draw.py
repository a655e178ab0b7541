"""The draw itself: applicant-list hash, commit–reveal seed, SHA-256 keys, ordering.

See DOMAIN.md §5 and docs/engines/lottery.md. Randomness comes only from σ, which
nobody controls alone; no library RNG stream is used, because such a stream is not
promised to be the same across Python versions or machines, and a parent must be able
to recompute the draw years later with nothing but ``hashlib``.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from .encoding import (
    InvalidInput,
    LotteryError,
    applicant_list_bytes,
    check_count,
    check_text,
    key_prefix,
    seed_input_bytes,
    sha256_hex,
)

_HEX64 = re.compile(r"[0-9a-f]{64}")


class SeedError(LotteryError):
    """The revealed values do not open the published commitments."""


@dataclass(frozen=True, slots=True)
class Applicant:
    """One application to one school. No personal data: ``id`` is an application number.

    ``priority_class`` is an integer, lower first (e.g. 1 = 户籍+房产, 2 = 户籍 only …;
    the meaning of each class is local policy and is not part of the algorithm).
    """

    id: str
    priority_class: int

    def __post_init__(self) -> None:
        check_text(self.id, "applicant id")
        check_count(self.priority_class, "priority_class")


@dataclass(frozen=True, slots=True)
class Commitment:
    """A party's published commitment: lowercase hex SHA-256 of its secret's UTF-8."""

    party: str
    commitment_hex: str

    def __post_init__(self) -> None:
        check_text(self.party, "party")
        if not isinstance(self.commitment_hex, str) or not _HEX64.fullmatch(self.commitment_hex):
            raise InvalidInput(
                f"承诺值须为 64 位小写十六进制 / commitment of {self.party!r} must be "
                f"64 lowercase hex digits, got {self.commitment_hex!r}"
            )


@dataclass(frozen=True, slots=True)
class Reveal:
    """A party's secret, revealed in public at the draw."""

    party: str
    secret: str

    def __post_init__(self) -> None:
        check_text(self.party, "party")
        check_text(self.secret, f"secret of {self.party!r}")


class Placement(NamedTuple):
    """One applicant's place in the draw order. ``rank`` is 1-based over the whole
    order (admitted first, then the waitlist). A NamedTuple rather than a frozen
    dataclass: a draw makes one per applicant, and this is three times cheaper."""

    rank: int
    applicant_id: str
    priority_class: int
    key_hex: str


@dataclass(frozen=True, slots=True)
class DrawResult:
    """Admitted applicants in order, then the waitlist in order."""

    school: str
    seats: int
    seed_hex: str
    admitted: tuple[Placement, ...]
    waitlist: tuple[Placement, ...]

    @property
    def order(self) -> tuple[Placement, ...]:
        return self.admitted + self.waitlist

    def keys(self) -> dict[str, str]:
        """Applicant id → key hex, for every applicant."""
        return {p.applicant_id: p.key_hex for p in self.order}


def _unique(applicants: Iterable[Applicant]) -> tuple[Applicant, ...]:
    applicants = tuple(applicants)
    seen: set[str] = set()
    for a in applicants:
        if not isinstance(a, Applicant):
            raise InvalidInput(f"expected Applicant, got {a!r}")
        if a.id in seen:
            raise InvalidInput(f"申请编号重复 / duplicate applicant id {a.id!r}")
        seen.add(a.id)
    return applicants


def applicant_list_hash(school: str, seats: int, applicants: Iterable[Applicant]) -> str:
    """SHA-256 (hex) of the frozen applicant list, published before the draw (step 1).

    It covers the algorithm version, the school, the number of seats and every
    ``(id, priority_class)``, so none of them can change once the hash is out.
    Order of ``applicants`` does not matter; duplicate ids are refused.
    """
    check_text(school, "school")
    check_count(seats, "seats")
    rows = [(a.id, a.priority_class) for a in _unique(applicants)]
    return sha256_hex(applicant_list_bytes(school, seats, rows))


def commit(secret: str) -> str:
    """Commitment to publish before the draw: hex SHA-256 of the secret's UTF-8 bytes.

    Deliberately plain so a notary can check it with any tool
    (``printf %s SECRET | sha256sum``). The secret must be unguessable — use
    :func:`new_secret` — or the commitment can be opened by brute force.
    """
    check_text(secret, "secret")
    return sha256_hex(secret.encode("utf-8"))


def new_secret() -> str:
    """A fresh 128-bit secret for a party to commit to (32 hex digits).

    OS entropy is fine here: a secret's only job is to be unpredictable until it is
    revealed; the draw never depends on how it was made.
    """
    return secrets.token_hex(16)


def seed_unchecked(reveals: Iterable[Reveal], public_number: str) -> bytes:
    """σ from the reveals and the public number, without checking commitments.

    For the verifier, which must report a wrong commitment *and* still recompute.
    """
    check_text(public_number, "public_number")
    return hashlib.sha256(
        seed_input_bytes(public_number, [(r.party, r.secret) for r in reveals])
    ).digest()


def seed(reveals: Iterable[Reveal], commitments: Iterable[Commitment], public_number: str) -> bytes:
    """The draw seed σ (32 bytes), step 2 of the protocol.

    Checks that every committed party revealed exactly once, that nobody revealed
    without a commitment, and that each secret opens its commitment; raises
    :class:`SeedError` naming the party otherwise. σ = SHA-256 of
    ``seed_input_bytes(public_number, reveals)``.
    """
    check_text(public_number, "public_number")
    reveals = tuple(reveals)
    commitments = tuple(commitments)
    by_party: dict[str, str] = {}
    for c in commitments:
        if c.party in by_party:
            raise SeedError(f"承诺方重复 / party {c.party!r} committed twice")
        by_party[c.party] = c.commitment_hex
    if not by_party:
        raise SeedError("没有任何承诺 / no commitments: the seed would be predictable")
    revealed: dict[str, str] = {}
    for r in reveals:
        if r.party in revealed:
            raise SeedError(f"揭示方重复 / party {r.party!r} revealed twice")
        if r.party not in by_party:
            raise SeedError(
                f"未承诺却揭示 / party {r.party!r} revealed a secret without a commitment"
            )
        revealed[r.party] = r.secret
    missing = sorted(set(by_party) - set(revealed))
    if missing:
        raise SeedError(f"缺少揭示 / no reveal from party(ies): {', '.join(missing)}")
    for party, secret in revealed.items():
        if commit(secret) != by_party[party]:
            raise SeedError(
                f"揭示值与承诺不符 / the secret revealed by {party!r} does not match "
                f"its commitment {by_party[party]}"
            )
    return seed_unchecked(reveals, public_number)


def key_function(seed: bytes, school: str) -> Callable[[str], bytes]:
    """The key of §2.4 for one draw: ``id -> SHA-256(σ ‖ UTF-8(school) ‖ 0x1F ‖ UTF-8(id))``
    as 32 raw bytes.

    The one place the key is defined: :func:`draw` uses it, and so does the admission
    engine's ``final = "lottery"`` tie-break (a full tie at a 中考 cutoff is a draw named
    by ``tie_break.lottery_draw`` under the σ of a commit–reveal ceremony), so both are
    checked by the same rules. The shared prefix is hashed once and its state copied per
    id: the same digest as hashing the full concatenation, without re-hashing σ ‖ school.
    """
    check_text(school, "school")
    if not isinstance(seed, bytes) or len(seed) != 32:
        raise InvalidInput("seed must be the 32 raw bytes of σ")
    prefix = hashlib.sha256(key_prefix(seed, school))

    def key(applicant_id: str) -> bytes:
        h = prefix.copy()
        h.update(applicant_id.encode("utf-8"))
        return h.digest()

    return key


def draw(school: str, seats: int, applicants: Sequence[Applicant], seed: bytes) -> DrawResult:
    """Run the draw for one school (step 3).

    key(a) = SHA-256(σ ‖ UTF-8(school) ‖ 0x1F ‖ UTF-8(a.id)). Applicants are ordered by
    (priority_class, key as unsigned big-endian bytes, id); the first ``seats`` are
    admitted and the rest waitlisted in that order. The id tie-break only matters on a
    SHA-256 collision, but keeps the order total.
    """
    check_count(seats, "seats")
    key = key_function(seed, school)
    applicants = _unique(applicants)
    # Group by class, then sort plain ``digest ‖ id`` byte strings: a key is always 32
    # bytes, so this is exactly the (key, id) order, and comparing one bytes object is
    # much cheaper than comparing tuples when there are 100k of them.
    classes: dict[int, list[bytes]] = {}
    for a in applicants:
        classes.setdefault(a.priority_class, []).append(key(a.id) + a.id.encode("utf-8"))
    order: list[Placement] = []
    for pc in sorted(classes):
        rows = classes[pc]
        rows.sort()
        start = len(order) + 1
        order.extend(
            Placement(rank, row[32:].decode("utf-8"), pc, row[:32].hex())
            for rank, row in enumerate(rows, start=start)
        )
    return DrawResult(
        school=school,
        seats=seats,
        seed_hex=seed.hex(),
        admitted=tuple(order[:seats]),
        waitlist=tuple(order[seats:]),
    )
