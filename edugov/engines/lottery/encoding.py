"""Canonical byte encodings of the lottery, algorithm ``edugov-lottery/1``.

Every hash in a draw is taken over bytes built here, and ``scripts/verify_lottery.py``
rebuilds the same bytes on its own. The rules are written out in full in
``docs/engines/lottery.md``; a change to any of them is a new algorithm version.

* A *text field* (school, applicant id, party, secret, public number) is a non-empty
  string in Unicode NFC with no control character (U+0000–U+001F, U+007F–U+009F),
  encoded as UTF-8. Control characters are refused so the two separators below can never
  occur inside a field; NFC is required so two ids that look identical on paper cannot be
  different byte strings.
* An *integer field* (seats, priority class) is a non-negative integer written in ASCII
  decimal without sign or leading zeros (``str(n)``).
* Fields of one record are joined with US (0x1F); every record ends with RS (0x1E).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable

ALGORITHM_VERSION = "edugov-lottery/1"

US = b"\x1f"  # unit separator: between the fields of one record
RS = b"\x1e"  # record separator: after every record

# Record tags: each hash input starts with (version, tag) so a list hash can never be
# replayed as a seed input and vice versa (domain separation).
_TAG_APPLICANTS = "applicants"
_TAG_SEED = "seed"


class LotteryError(ValueError):
    """Base class of every error the lottery engine raises on purpose."""


class InvalidInput(LotteryError):
    """An input breaks the encoding rules (bad text, negative number, duplicate id…)."""


# C0 controls, DEL and C1 controls (Unicode category Cc). A regex, not a per-character
# loop: validating 100k applicant ids must not dominate the draw.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def check_text(value: object, what: str) -> str:
    """Return ``value`` if it is a valid text field, else raise :class:`InvalidInput`."""
    if not isinstance(value, str):
        raise InvalidInput(f"{what} 必须是字符串 / {what} must be a string, got {value!r}")
    if not value:
        raise InvalidInput(f"{what} 不能为空 / {what} must not be empty")
    if _CONTROL.search(value):
        raise InvalidInput(f"{what} 含控制字符 / {what} contains a control character: {value!r}")
    if not unicodedata.is_normalized("NFC", value):
        raise InvalidInput(f"{what} 不是 NFC 规范形式 / {what} is not in Unicode NFC: {value!r}")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates have no UTF-8 encoding
        raise InvalidInput(f"{what} 无法编码为 UTF-8 / {what} is not encodable as UTF-8")
    return value


def check_count(value: object, what: str) -> int:
    """Return ``value`` if it is a non-negative ``int`` (bools refused), else raise."""
    # bool is an int subclass; True as a priority class is a bug, not a 1.
    if type(value) is not int or value < 0:
        raise InvalidInput(
            f"{what} 必须是非负整数 / {what} must be a non-negative integer, got {value!r}"
        )
    return value


def _record(*fields: str) -> bytes:
    return US.join(f.encode("utf-8") for f in fields) + RS


def applicant_list_bytes(school: str, seats: int, applicants: Iterable[tuple[str, int]]) -> bytes:
    """The frozen applicant list: a header record, then one record per applicant by id.

    ``applicants`` are ``(id, priority_class)`` pairs, already validated and unique.
    Sorting here (by code point, which is also UTF-8 byte order) makes the hash
    independent of the order the rows were exported in.
    """
    parts = [_record(ALGORITHM_VERSION, _TAG_APPLICANTS, school, str(seats))]
    parts.extend(_record(aid, str(pc)) for aid, pc in sorted(applicants))
    return b"".join(parts)


def seed_input_bytes(public_number: str, reveals: Iterable[tuple[str, str]]) -> bytes:
    """Bytes hashed into σ: header, the public number, then ``party US secret`` by party.

    The public number is a one-field record placed first and every party record has two
    fields, so no choice of party name can be confused with the public number.
    """
    parts = [_record(ALGORITHM_VERSION, _TAG_SEED), _record(public_number)]
    parts.extend(_record(party, secret) for party, secret in sorted(reveals))
    return b"".join(parts)


def key_prefix(seed: bytes, school: str) -> bytes:
    """``σ ‖ school ‖ US``; the applicant id follows. σ is always 32 bytes, so it needs
    no separator of its own."""
    return seed + school.encode("utf-8") + US


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
