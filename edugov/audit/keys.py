"""The audit chain's MAC key (finding M3).

A plain SHA-256 chain proves only that rows agree with each other: whoever can write the
database can rewrite an event and recompute every later hash and the head. Keying the
chain with HMAC-SHA256 under a key held outside the database, like the field-encryption
keys (``core.crypto``), means a rewrite needs the key as well as the database.

``EDUGOV_AUDIT_KEY`` is ``kid:base64,kid:base64`` (32-byte keys); the first is current and
signs new events, the others only verify older ones, so a key rotates by putting a new
one first and keeping the old one until its events have been purged. Each event records
the id of the key that signed it.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

# Same "kid:base64" syntax and validation as the personal-data keys: one format for
# operators to learn, one parser to trust.
from edugov.core.crypto import KeyConfigError, _parse_pairs, keys_by_id


@dataclass(frozen=True)
class AuditKeyring:
    keys: dict[str, bytes]
    current: str


def load_audit_keyring(value: str) -> AuditKeyring:
    """Parse ``EDUGOV_AUDIT_KEY``; ``KeyConfigError`` when missing or malformed (the
    message never contains key material)."""
    pairs = _parse_pairs([e for e in value.split(",") if e.strip()])
    if not pairs:
        raise KeyConfigError("no audit key: set EDUGOV_AUDIT_KEY (kid:base64)")
    return AuditKeyring(keys=keys_by_id(pairs, "audit key"), current=pairs[0][0])


_cache: tuple[str, AuditKeyring] | None = None


def audit_keyring() -> AuditKeyring:
    """The keyring of the current settings (re-read when a test overrides them)."""
    global _cache
    from django.conf import settings

    value = getattr(settings, "EDUGOV_AUDIT_KEY", "")
    if _cache is None or _cache[0] != value:
        _cache = (value, load_audit_keyring(value))
    return _cache[1]


class UnknownAuditKey(Exception):
    """An event names a key id that is not in ``EDUGOV_AUDIT_KEY``."""


def audit_mac(kid: str, data: bytes, ring: AuditKeyring | None = None) -> str:
    """HMAC-SHA256 of ``data`` under the key ``kid``, as 64 hex characters."""
    ring = ring or audit_keyring()
    try:
        key = ring.keys[kid]
    except KeyError:
        raise UnknownAuditKey(kid) from None
    return hmac.new(key, data, hashlib.sha256).hexdigest()


def keyed_from_message(seq: int) -> bytes:
    """What the chain head's MAC over its keyed-from boundary covers. Signing the
    boundary stops a downgrade: without it, moving the boundary past the end would let
    an attacker recompute every event as an unkeyed SHA-256 again."""
    return f"edugov-audit-keyed-from:{seq}".encode()
